using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Applications;

/// <summary>VGG16 and VGG19, which differ only in the number of convolutions per block.</summary>
internal static class Vgg
{
    public static Model Build(string name, int[] convolutions, bool include_top, string? weights, KerasTensor? input_tensor,
                              Shape? input_shape, string? pooling, int classes,
                              (string Fname, string Origin, string Hash) top, (string Fname, string Origin, string Hash) noTop)
    {
        imagenet_utils.CheckArguments(weights, include_top, classes, pooling);
        input_shape = imagenet_utils.ObtainInputShape(input_shape, default_size: 224, min_size: 32,
            Backend.KerasBackend.ImageDataFormat(), require_flatten: include_top, weights);
        var file = include_top ? top : noTop;
        var imagenetFile = weights == "imagenet" ? imagenet_utils.FetchWeights(file.Fname, file.Origin, file.Hash) : null;

        var imgInput = imagenet_utils.ImageInput(input_tensor, input_shape);
        var x = imgInput;
        var filters = new[] { 64, 128, 256, 512, 512 };
        for (int block = 1; block <= convolutions.Length; block++)
        {
            for (int i = 1; i <= convolutions[block - 1]; i++)
                x = new Conv2D(filters[block - 1], (3, 3), activation: "relu", padding: "same", name: $"block{block}_conv{i}").Apply(x);
            x = new MaxPooling2D((2, 2), strides: (2, 2), name: $"block{block}_pool").Apply(x);
        }
        if (include_top)
        {
            x = new Flatten(name: "flatten").Apply(x);
            x = new Dense(4096, activation: "relu", name: "fc1").Apply(x);
            x = new Dense(4096, activation: "relu", name: "fc2").Apply(x);
            x = new Dense(classes, activation: "softmax", name: "predictions").Apply(x);
        }
        else x = imagenet_utils.Pooling(x, pooling);
        return imagenet_utils.Finish(input_tensor, imgInput, x, name, weights, imagenetFile);
    }
}
