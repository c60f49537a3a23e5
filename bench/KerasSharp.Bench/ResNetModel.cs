using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Regularizers;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Bench;

/// <summary>
/// Keras 2.2.4's examples/cifar10_resnet.py, <c>resnet_v1(input_shape, depth)</c>, ported line for line with the
/// Functional API: <c>resnet_layer</c> is Conv2D('same', he_normal, l2(1e-4)) then BatchNormalization then the
/// activation; 3 stages of (depth − 2) / 6 residual blocks with 16, 32, 64 filters, strides 2 at the start of stages 2
/// and 3 with a 1×1 projection of the shortcut; <c>add([x, y])</c> then relu; AveragePooling2D(8), Flatten,
/// Dense(10, softmax, he_normal). Depth 20 (n = 3): ResNet20 v1, 274,442 parameters (1,376 non-trainable).
/// </summary>
internal static class ResNetModel
{
    public const int Depth = 20;

    private static KerasTensor ResNetLayer(KerasTensor inputs, int num_filters = 16, int kernel_size = 3, int strides = 1,
                                           string? activation = "relu", bool batch_normalization = true, bool conv_first = true)
    {
        var conv = new Conv2D(num_filters, kernel_size: kernel_size, strides: strides, padding: "same",
                              kernel_initializer: "he_normal", kernel_regularizer: Regularizer.L2(1e-4));
        var x = inputs;
        if (conv_first)
        {
            x = conv.Apply(x);
            if (batch_normalization) x = new BatchNormalization().Apply(x);
            if (activation is not null) x = new Activation(activation).Apply(x);
        }
        else
        {
            if (batch_normalization) x = new BatchNormalization().Apply(x);
            if (activation is not null) x = new Activation(activation).Apply(x);
            x = conv.Apply(x);
        }
        return x;
    }

    public static Model ResNetV1(Shape input_shape, int depth, int num_classes = 10)
    {
        if ((depth - 2) % 6 != 0) throw new System.ArgumentException("depth should be 6n+2 (eg 20, 32, 44 in [a])");
        var num_filters = 16;
        var num_res_blocks = (depth - 2) / 6;

        var inputs = Input(shape: input_shape);
        var x = ResNetLayer(inputs: inputs);
        for (int stack = 0; stack < 3; stack++)
        {
            for (int res_block = 0; res_block < num_res_blocks; res_block++)
            {
                var strides = 1;
                if (stack > 0 && res_block == 0) strides = 2; // downsample
                var y = ResNetLayer(inputs: x, num_filters: num_filters, strides: strides);
                y = ResNetLayer(inputs: y, num_filters: num_filters, activation: null);
                if (stack > 0 && res_block == 0)
                {
                    // linear projection residual shortcut connection to match changed dims
                    x = ResNetLayer(inputs: x, num_filters: num_filters, kernel_size: 1, strides: strides,
                                    activation: null, batch_normalization: false);
                }
                x = add([x, y]);
                x = new Activation("relu").Apply(x);
            }
            num_filters *= 2;
        }

        // v1 does not use BN after last shortcut connection-ReLU
        x = new AveragePooling2D(pool_size: 8).Apply(x);
        var flat = new Flatten().Apply(x);
        var outputs = new Dense(num_classes, activation: "softmax", kernel_initializer: "he_normal").Apply(flat);
        return new Model(inputs: inputs, outputs: outputs);
    }
}
