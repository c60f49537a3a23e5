using System.Collections.Generic;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// One gradient of <c>K.gradients(loss, variables)</c> as a node of the graph: its inputs are the loss and the
/// symbolic tensor it differentiates by (or the loss alone, for a weight), and running it asks autograd, so it runs in
/// a <see cref="KerasFunction"/>, which records the graph for autograd when it holds gradients. Named
/// <c>gradients_1</c>, ...
/// </summary>
internal sealed class GradientLayer : Layer
{
    private readonly KerasVariable? _weight;

    public GradientLayer(KerasVariable? weight) : base(KerasBackend.UniqueName("Gradients")) => _weight = weight;

    protected override void Build(Shape input_shape) { }

    protected override void Build(IReadOnlyList<Shape> input_shapes) { }

    protected override Tensor Call(Tensor inputs, bool training) => Call(new[] { inputs }, training)[0];

    protected override Tensor[] Call(Tensor[] inputs, bool training)
    {
        var (loss, target) = (inputs[0], _weight?.Value ?? inputs[1]);
        if (!is_grad_enabled())
            throw new KerasException($"{Name} is a gradient (K.Gradients): it is computed by a K.Function, not by Predict or a layer call.");
        // No path from the target to the loss (through K.StopGradient, K.Argmax...): TensorFlow's None, here zeros.
        if (!loss.requires_grad) return new[] { zeros_like(target) };
        var gradient = autograd.grad(new[] { loss.sum() }, new[] { target }, retain_graph: true, allow_unused: true)[0];
        return new[] { gradient.IsInvalid ? zeros_like(target) : gradient };
    }

    public override Shape ComputeOutputShape(Shape input_shape) => ComputeOutputShapes(new[] { input_shape })[0];

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes) =>
        new[] { _weight is null ? input_shapes[1] : (Shape)_weight.Shape };
}
