using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// The layers of Goldens/layers14 (numpy implementations of Keras 2.2.4's formulas, make_goldens_14.py): each built
/// from its Keras config, run forward, then the gradients of sum(output·r) with respect to its weights and its input.
/// </summary>
public sealed class LayerGradientGoldenTests
{
    private static readonly string[] Files = { "layers14/layers14_simple.json", "layers14/layers14_conv.json", "layers14/layers14_3d.json" };

    public static IEnumerable<object[]> Cases =>
        Files.SelectMany(f => ((JArray)Golden.Load(f)["cases"]!).Select(c => new object[] { f, (string)c["name"]! }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_gradients_match_reference(string file, string name)
    {
        var c = (JObject)((JArray)Golden.Load(file)["cases"]!).Single(t => (string)t["name"]! == name);
        var className = (string)c["layer"]!;
        var type = ObjectRegistry.Layer(className) ?? throw new KerasException($"no layer {className}");
        var layer = (Layer)KerasConfig.Create(type, (JObject)c["config"]!, className);
        var x = Golden.Tensor(c["input"]!).requires_grad_(true);
        layer.EnsureBuilt(new Shape(x.shape.Select((d, i) => i == 0 ? (int?)null : (int?)d).ToArray()));
        layer.SetWeights(((JArray)c["weights"]!).Select(Golden.Tensor).ToArray());

        var y = layer.Apply(x, training: false);
        Golden.ShouldMatch(y, c["output"]!, because: name);
        layer.OutputShape!.WithoutBatch().Dims.Should().Equal(y.shape.Skip(1).Select(d => (int?)d), "ComputeOutputShape agrees with the tensor");

        (y * Golden.Tensor(c["r"]!)).sum().backward();
        var grads = (JArray)c["grads"]!["weights"]!;
        for (int i = 0; i < grads.Count; i++)
            Golden.ShouldMatch(layer.Weights[i].Value.grad!, grads[i], because: $"{name}: gradient of weight {layer.Weights[i].Name}");
        Golden.ShouldMatch(x.grad!, c["grads"]!["input"]!, because: $"{name}: gradient of the input");
    }
}
