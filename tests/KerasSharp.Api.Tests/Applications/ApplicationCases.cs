using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Applications;
using KerasSharp.Backend;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Tests.Applications;

/// <summary>
/// The cases of Goldens/applications (make_applications.py, which runs keras_applications 1.0.8 itself): each
/// application called with a case's Keras arguments, in a fresh session as the script does.
/// </summary>
internal static class ApplicationCases
{
    public static JObject Architectures => (JObject)Golden.Load("applications/architectures.json");

    public static JObject Architecture(string name) => (JObject)Architectures[name]!;

    public static IEnumerable<object[]> Names(Func<JObject, bool> where) =>
        Architectures.Properties().Where(p => where((JObject)p.Value)).Select(p => new object[] { p.Name });

    /// <summary>Calls <c>function(**arguments)</c> of the case's module, with the given weights unless the arguments name some.</summary>
    public static Model Create(string function, JObject arguments, string? weights = null, KerasTensor? input_tensor = null)
    {
        KerasBackend.ClearSession();
        var top = (bool?)arguments["include_top"] ?? true;
        var shape = arguments["input_shape"] is JArray s ? new Shape(s.Select(v => (int?)v).ToArray()) : null;
        var pooling = (string?)arguments["pooling"];
        var classes = (int?)arguments["classes"] ?? 1000;
        var alpha = (double?)arguments["alpha"] ?? 1.0;
        if (arguments.ContainsKey("weights")) weights = (string?)arguments["weights"];
        return function switch
        {
            "VGG16" => vgg16.VGG16(top, weights, input_tensor, shape, pooling, classes),
            "VGG19" => vgg19.VGG19(top, weights, input_tensor, shape, pooling, classes),
            "ResNet50" => resnet50.ResNet50(top, weights, input_tensor, shape, pooling, classes),
            "InceptionV3" => inception_v3.InceptionV3(top, weights, input_tensor, shape, pooling, classes),
            "Xception" => xception.Xception(top, weights, input_tensor, shape, pooling, classes),
            "MobileNet" => mobilenet.MobileNet(shape, alpha, (int?)arguments["depth_multiplier"] ?? 1, include_top: top,
                                               weights: weights, input_tensor: input_tensor, pooling: pooling, classes: classes),
            "MobileNetV2" => mobilenet_v2.MobileNetV2(shape, alpha, top, weights, input_tensor, pooling, classes),
            _ => throw new ArgumentException(function),
        };
    }

    /// <summary>Frees a model's weights at once (the largest hold half a gigabyte).</summary>
    public static void Free(Model model)
    {
        foreach (var w in model.Weights) w.Value.Dispose();
    }
}
