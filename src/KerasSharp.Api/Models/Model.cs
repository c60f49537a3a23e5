using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Models;

/// <summary>
/// A Keras model: a layer made of layers that can be compiled and trained. Split by concern like Keras's mixins:
/// this file (layers and weights), <c>Model.Training.cs</c> and <c>Model.Summary.cs</c>.
/// </summary>
public abstract partial class Model : Layer
{
    protected Model(string? name) : base(name) { }

    /// <summary>The class name the model is saved under (a generated subclass still saves as "Sequential").</summary>
    public abstract string KerasClassName { get; }

    /// <summary>Keras's <c>model.layers</c> (without the implicit InputLayer, as standalone Keras 2).</summary>
    public abstract IReadOnlyList<Layer> Layers { get; }

    /// <summary>Set by a callback to end <c>Fit</c> after the current batch (<c>model.stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    public override IReadOnlyList<KerasVariable> Weights => Layers.SelectMany(l => l.Weights).ToList();
    public override IReadOnlyList<KerasVariable> TrainableWeights => Layers.SelectMany(l => l.TrainableWeights).ToList();
    public override IReadOnlyList<KerasVariable> NonTrainableWeights => Layers.SelectMany(l => l.NonTrainableWeights).ToList();

    /// <summary>The sum of every weight penalty and of the activity penalties from the last forward pass.</summary>
    internal Tensor? RegularizationLoss()
    {
        var terms = Layers.SelectMany(l => l.WeightRegularizationLosses().Concat(l.TakeActivityLosses())).ToList();
        if (terms.Count == 0) return null;
        var total = terms[0];
        for (int i = 1; i < terms.Count; i++) total = total + terms[i];
        return total;
    }

    /// <summary>Drops activity penalties recorded by a forward pass whose loss is not computed (predict).</summary>
    internal void DiscardActivityLosses()
    {
        foreach (var layer in Layers) layer.TakeActivityLosses();
    }
}
