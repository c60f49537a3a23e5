using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Tests.Layers.Merge;

/// <summary>Merge layers against Goldens/functional/merge.json (Keras 2.2.4's merge.py and K.batch_dot in numpy).</summary>
public sealed class MergeGoldenTests
{
    public static IEnumerable<object[]> Cases() => Golden.Cases("functional/merge.json");

    private static Layer Make(string layer, JObject config) => layer switch
    {
        "Add" => new Add(),
        "Subtract" => new Subtract(),
        "Multiply" => new Multiply(),
        "Average" => new Average(),
        "Maximum" => new Maximum(),
        "Minimum" => new Minimum(),
        "Concatenate" => new Concatenate(axis: (int)config["axis"]!),
        "Dot" => new Dot(config["axes"] is JArray a ? (IntTuple2)((int)a[0], (int)a[1]) : (IntTuple2)(int)config["axes"]!, normalize: (bool?)config["normalize"] ?? false),
        _ => throw new System.ArgumentException(layer),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eager_output_and_symbolic_shape_match_Keras(string name)
    {
        var c = Golden.Case("functional/merge.json", name);
        var inputs = ((JArray)c["inputs"]!).Select(Golden.Tensor).ToList();
        var layer = Make((string)c["layer"]!, (JObject)c["config"]!);

        Golden.ShouldMatch(layer.Apply(inputs), c["output"]!, because: name);

        var symbolic = Make((string)c["layer"]!, (JObject)c["config"]!)
            .Apply(new KerasTensorList(inputs.Select(x => Input(shape: x.shape[1..]))));
        symbolic.Shape.WithoutBatch().Dims.Select(d => (long)d!.Value).Should().Equal(Golden.Shape(c["output"]!).Skip(1), "ComputeOutputShapes agrees with the tensor");
    }

    [Fact]
    public void Function_forms_make_the_layers()
    {
        var (a, b) = (Input(shape: 4), Input(shape: 4));
        add([a, b]).Layer.Should().BeOfType<Add>();
        subtract([a, b]).Layer.Should().BeOfType<Subtract>();
        multiply([a, b]).Layer.Should().BeOfType<Multiply>();
        average([a, b]).Layer.Should().BeOfType<Average>();
        maximum([a, b]).Layer.Should().BeOfType<Maximum>();
        minimum([a, b]).Layer.Should().BeOfType<Minimum>();
        concatenate([a, b], axis: -1, name: "joined").Shape.Should().Be(new Shape(null, 8));
        dot([a, b], axes: 1).Shape.Should().Be(new Shape(null, 1));
    }

    [Fact]
    public void Incompatible_inputs_are_named_in_Keras_words()
    {
        var (a, b, c) = (Input(shape: (3, 4)), Input(shape: (5, 2)), Input(shape: 4));
        FluentActions.Invoking(() => add([a, b])).Should().Throw<KerasException>().WithMessage("Operands could not be broadcast together with shapes (3, 4) (5, 2)*");
        FluentActions.Invoking(() => add([a])).Should().Throw<KerasException>().WithMessage("A merge layer should be called on a list of at least 2 inputs. Got 1 inputs*");
        FluentActions.Invoking(() => subtract([a, a, a])).Should().Throw<KerasException>().WithMessage("A `Subtract` layer should be called on exactly 2 inputs. Got 3 inputs*");
        FluentActions.Invoking(() => concatenate([a, b], axis: 1)).Should().Throw<KerasException>()
            .WithMessage("A `Concatenate` layer requires inputs with matching shapes except for the concat axis. Got inputs shapes: [(None, 3, 4), (None, 5, 2)]*");
        FluentActions.Invoking(() => dot([a, c], axes: 1)).Should().Throw<KerasException>().WithMessage("Dimension incompatibility 3 != 4. Layer shapes: (None, 3, 4), (None, 4)*");
    }
}
