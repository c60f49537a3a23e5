using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// The only place where weights change form between files and layers. KerasSharp keeps weights in Keras layout, so
/// TensorFlow-backend files need nothing; Theano-backend files hold true-convolution kernels, flipped in every
/// spatial axis relative to TensorFlow's cross-correlation (Keras's <c>convert_kernel</c>); CuDNNLSTM and CuDNNGRU
/// weights become LSTM and GRU weights.
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
    /// Keras 2.2.4's <c>_convert_rnn_weights</c>, towards KerasSharp's layouts: a file's source is told by its bias
    /// shape. CuDNNLSTM's (8·units) bias is the sum of its halves; CuDNNGRU's (6·units) one is (2, 3·units); each gate's
    /// input kernel block goes from cuDNN's Fortran order to C order (<c>k.T.reshape(k.shape, order='F')</c>) and each
    /// recurrent block is transposed. GRU weights with and without <c>reset_after</c> do not convert into each other.
    /// </summary>
    private static List<(string Name, Tensor Value)> Recurrent(Layer layer, List<(string Name, Tensor Value)> weights, string path)
    {
        if (weights.Count != 3 || layer is not (Layers.LSTM or Layers.GRU)) return weights;
        var gates = layer is Layers.LSTM ? 4 : 3;
        var units = weights[1].Value.shape[0];
        var bias = weights[2].Value;
        var fromCuDNN = bias.dim() == 1 && bias.shape[0] == 2 * units * gates;
        if (layer is Layers.GRU gru)
        {
            var source = fromCuDNN ? "CuDNNGRU" : bias.dim() == 2 ? "GRU(reset_after=True)" : "GRU(reset_after=False)";
            var target = gru.ResetAfter ? "GRU(reset_after=True)" : "GRU(reset_after=False)";
            if (source != target && (source == "GRU(reset_after=False)" || target == "GRU(reset_after=False)"))
                throw new KerasException($"Layer '{layer.Name}': the file holds {source} weights, which are not compatible with {target} ({path}).");
        }
        if (!fromCuDNN) return weights;
        var kernel = weights[0].Value;
        var inputDim = kernel.shape[0];
        var kernels = kernel.chunk(gates, 1).Select(k => k.contiguous().reshape(units, inputDim).t()).ToArray();
        var recurrent = weights[1].Value.chunk(gates, 1).Select(k => k.t()).ToArray();
        var pairs = bias.reshape(2, -1);
        return new List<(string, Tensor)>
        {
            (weights[0].Name, torch.cat(kernels, 1)),
            (weights[1].Name, torch.cat(recurrent, 1)),
            (weights[2].Name, layer is Layers.LSTM ? pairs[0] + pairs[1] : pairs),
        };
    }

    /// <summary>
    /// Checks one layer's stored tensors against its weights (count and shapes) and queues them in the layer's form;
    /// both weights layouts read through it. A mismatch is an error naming the layer, or a warning that skips it.
    /// </summary>
    public static void Match(Layer layer, List<(string Name, Tensor Value)> weights, string? backend, bool skipMismatch,
                             List<(KerasVariable, Tensor)> assignments, string path)
    {
        weights = Recurrent(layer, weights, path);
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
