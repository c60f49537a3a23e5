using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Regularizers;

namespace KerasSharp.Tests.Harness;

/// <summary>The model of ../shared/reference/cifar10_keras2.py, written as the port writes it.</summary>
internal static class TutorialModel
{
    public static Sequential Build(int num_classes = 10, double weight_decay = 1e-4)
    {
        var model = new Sequential();
        model.Add(new Conv2D(32, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay), input_shape: (32, 32, 3)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new Conv2D(32, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.2));

        model.Add(new Conv2D(64, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new Conv2D(64, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.3));

        model.Add(new Conv2D(128, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new Conv2D(128, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.4));

        model.Add(new Flatten());
        model.Add(new Dense(num_classes, activation: "softmax"));
        return model;
    }
}
