using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Regularizers;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Bench;

/// <summary>
/// The tutorial's model (<see cref="KerasSharp.Tests.Harness.TutorialModel"/>) written with the Functional API: the same
/// layers, in the same order (so the same weights after the same seed), called on a symbolic input.
/// </summary>
internal static class TutorialFunctional
{
    public static Model Build(int num_classes = 10, double weight_decay = 1e-4)
    {
        var inputs = Input(shape: (32, 32, 3));
        var x = inputs;
        var filters = new[] { 32, 64, 128 };
        var dropout = new[] { 0.2, 0.3, 0.4 };
        for (int block = 0; block < 3; block++)
        {
            for (int j = 0; j < 2; j++)
            {
                x = new Conv2D(filters[block], (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)).Apply(x);
                x = new Activation("elu").Apply(x);
                x = new BatchNormalization().Apply(x);
            }
            x = new MaxPooling2D(pool_size: (2, 2)).Apply(x);
            x = new Dropout(dropout[block]).Apply(x);
        }
        x = new Flatten().Apply(x);
        var outputs = new Dense(num_classes, activation: "softmax").Apply(x);
        return new Model(inputs: inputs, outputs: outputs);
    }
}
