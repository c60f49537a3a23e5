using System;
using System.Collections.Generic;
using FluentAssertions;
using KerasSharp.Activations;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Activations;

public sealed class AdvancedActivationTests
{
    [Fact]
    public void Relu6_is_an_activation_name()
    {
        // min(max(x, 0), 6) at -1, 3, 7.5.
        Tensors.Values(ActivationFunction.Get("relu6").Call(tensor(new float[] { -1, 3, 7.5f }))).Should().Equal(0, 3, 6);
        Tensors.Values(new Activation("relu6").Apply(tensor(new float[] { -1, 3, 7.5f }, 1, 3))).Should().Equal(0, 3, 6);
    }

    [Fact]
    public void A_file_naming_relu6_loads_with_or_without_custom_objects()
    {
        // Keras 2.2.0's MobileNet: Activation(relu6) saved as "activation": "relu6", loaded with custom_objects={'relu6': relu6}.
        var model = new Sequential();
        model.Add(new Activation("relu6", input_shape: 3));
        var json = model.ToJson();
        json.Should().Contain("\"activation\": \"relu6\"");
        var x = tensor(new float[] { -1, 3, 7.5f }, 1, 3);
        using (var plain = SavingApi.ModelFromJson(json))
            Tensors.Values(plain.Predict(x)).Should().Equal(0, 3, 6);
        var custom = new Dictionary<string, object> { ["relu6"] = (Func<Tensor, Tensor>)(t => t.clamp(0, 5)) };
        using (var withCustom = SavingApi.ModelFromJson(json, custom))
            Tensors.Values(withCustom.Predict(x)).Should().Equal(new float[] { 0, 3, 5 }, "custom_objects comes first, as in Keras");
    }

    [Fact]
    public void PReLU_alpha_has_Keras_shape_and_bad_shared_axes_are_named()
    {
        var layer = new PReLU(shared_axes: (1, 2));
        layer.Apply(Input(shape: new Shape(5, 6, 4)));
        layer.Alpha.Shape.Should().Equal(1, 1, 4);
        layer.Alpha.Name.Should().Be("alpha");
        Tensors.Values(layer.Alpha.Value).Should().OnlyContain(v => v == 0f, "alpha_initializer defaults to zeros");

        FluentActions.Invoking(() => new PReLU(shared_axes: 0)).Should().Throw<ArgumentException>().WithMessage("*shared_axes=(0,)*").Which.ParamName.Should().Be("shared_axes");
        FluentActions.Invoking(() => new PReLU(shared_axes: 3, name: "pr").Apply(Input(shape: new Shape(5, 6)))).Should().Throw<KerasException>()
            .WithMessage("Layer pr: shared_axes=(3,) names axis 3*");
        FluentActions.Invoking(() => new PReLU(name: "pr2").Apply(Input(shape: new Shape(null, 6)))).Should().Throw<KerasException>()
            .WithMessage("Layer pr2: axis 1 of the input of shape (None, None, 6) is None*");
    }

    [Fact]
    public void ReLU_refuses_negative_max_value_and_slope()
    {
        FluentActions.Invoking(() => new ReLU(max_value: -1)).Should().Throw<ArgumentException>().WithMessage("*max_value=-1*").Which.ParamName.Should().Be("max_value");
        FluentActions.Invoking(() => new ReLU(negative_slope: -0.1)).Should().Throw<ArgumentException>().WithMessage("*negative_slope=-0.1*");
    }
}
