using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// The only place where weights change form between files and layers. KerasSharp keeps weights in Keras layout, so
/// TensorFlow-backend files need nothing; Theano-backend files hold true-convolution kernels, flipped in every
/// spatial axis relative to TensorFlow's cross-correlation (Keras's <c>convert_kernel</c>).
/// </summary>
internal static class WeightLayout
{
    public static Tensor FromFile(Tensor value, string weightName, string? backend, Layer layer)
    {
        var isConvKernel = layer is Layers.BaseConv && weightName == "kernel";
        if (backend == "theano" && isConvKernel && value.dim() >= 3)
            return value.flip(Enumerable.Range(0, (int)value.dim() - 2).Select(i => (long)i).ToArray());
        return value;
    }

    /// <summary>
    /// Checks one layer's stored tensors against its weights (count and shapes) and queues them in the layer's form;
    /// both weights layouts read through it. A mismatch is an error naming the layer, or a warning that skips it.
    /// </summary>
    public static void Match(Layer layer, List<(string Name, Tensor Value)> weights, string? backend, bool skipMismatch,
                             List<(KerasVariable, Tensor)> assignments, string path)
    {
        var own = layer.Weights;
        string? problem = null;
        if (own.Count != weights.Count)
            problem = $"Layer '{layer.Name}' expects {own.Count} weights, but the saved weights have {weights.Count} elements ({path}).";
        else
            for (int i = 0; i < own.Count && problem is null; i++)
                if (!own[i].Shape.SequenceEqual(weights[i].Value.shape))
                    problem = $"Layer '{layer.Name}' weight {own[i].Name}: the model has shape {Layer.ShapeText(own[i].Shape)}, the file has {Layer.ShapeText(weights[i].Value.shape)} ({path}).";
        if (problem is not null)
        {
            if (!skipMismatch) throw new KerasException(problem);
            Console.Error.WriteLine("UserWarning: skipping loading of weights: " + problem);
            return;
        }
        for (int i = 0; i < own.Count; i++)
            assignments.Add((own[i], FromFile(weights[i].Value, own[i].Name, backend, own[i].Layer)));
    }
}
