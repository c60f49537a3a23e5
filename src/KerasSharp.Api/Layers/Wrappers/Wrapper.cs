using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Wrapper</c>: a layer that runs another one. Its weights, penalties and updates are the wrapped
/// layer's; a wrapper that is not trainable freezes them (as Keras 2.3 does).
/// </summary>
public abstract class Wrapper : Layer
{
    protected Wrapper(Layer layer, string? name, bool trainable, Shape? input_shape, Shape? batch_input_shape, string? dtype)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Layer = layer ?? throw new ArgumentNullException(nameof(layer));
    }

    /// <summary>The wrapped layer (Keras's <c>wrapper.layer</c>).</summary>
    public Layer Layer { get; }

    public override IReadOnlyList<KerasVariable> Weights => Layer.Weights;
    public override IReadOnlyList<KerasVariable> TrainableWeights => Trainable ? Layer.TrainableWeights : Array.Empty<KerasVariable>();
    public override IReadOnlyList<KerasVariable> NonTrainableWeights => Trainable ? Layer.NonTrainableWeights : Layer.Weights;

    internal override IEnumerable<Tensor> WeightRegularizationLosses() => Layer.WeightRegularizationLosses();

    internal override IEnumerable<Layer> UpdatingLayers() => Trainable ? Layer.UpdatingLayers() : Array.Empty<Layer>();

    internal override List<Tensor> TakeActivityLosses() => base.TakeActivityLosses().Concat(Layer.TakeActivityLosses()).ToList();

    /// <summary>Builds the wrapped layer and names its weights in this wrapper's scope, as Keras 2's files do.</summary>
    private protected void BuildWrapped(Layer layer, Shape inputShape, string scope) => BuildWrapped(layer, new[] { inputShape }, scope);

    /// <summary>The same for a layer called with several inputs (a recurrent layer's sequence and initial states).</summary>
    private protected void BuildWrapped(Layer layer, IReadOnlyList<Shape> inputShapes, string scope)
    {
        layer.EnsureBuilt(inputShapes);
        foreach (var variable in layer.Weights) variable.Scope = scope;
    }
}
