using System;
using System.Linq;
using KerasSharp.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// A recurrent layer run by libtorch's fused kernel (torch.nn.RNN/LSTM/GRU: one call over the whole sequence, cuDNN on
/// a GPU) instead of a loop of time steps. The module's weights are the layer's in torch's layout (<see cref="Nn.TorchRecurrentWeights"/>),
/// copied in again only when the layer's weights have changed (after an optimizer step or a load).
/// TorchSharp's modules own their parameters, so gradients cannot reach the layer's weights through them: the layer
/// uses this for calls without gradients (predict, evaluate) and its loop, which gives the same numbers, for training.
/// </summary>
internal sealed class FusedRecurrent : IDisposable
{
    private readonly nn.Module _module;
    private readonly int _gates;
    private long[]? _versions;

    public FusedRecurrent(int gates, long inputSize, long units, bool bias, Device device)
    {
        _gates = gates;
        Device = device;
        _module = gates switch
        {
            4 => nn.LSTM(inputSize, units, bias: bias, batchFirst: true, device: device),
            3 => nn.GRU(inputSize, units, bias: bias, batchFirst: true, device: device),
            _ => nn.RNN(inputSize, units, nonLinearity: nn.NonLinearities.Tanh, bias: bias, batchFirst: true, device: device),
        };
        foreach (var p in _module.parameters()) p.requires_grad = false;
    }

    public Device Device { get; }

    /// <summary>The output (the sequence, or its last step) and the last states, from the given initial states.</summary>
    public (Tensor Output, Tensor[] States) Run(Tensor x, Tensor[] initial, bool goBackwards, bool returnSequences,
                                                KerasVariable kernel, KerasVariable recurrentKernel, KerasVariable? bias)
    {
        Refresh(kernel, recurrentKernel, bias);
        var input = goBackwards ? x.flip(1) : x;
        Tensor output;
        Tensor[] states;
        switch (_module)
        {
            case TorchSharp.Modules.LSTM lstm:
                var (o, h, c) = lstm.call(input, (initial[0].unsqueeze(0), initial[1].unsqueeze(0)));
                (output, states) = (o, new[] { h.squeeze(0), c.squeeze(0) });
                break;
            case TorchSharp.Modules.GRU gru:
                var (og, hg) = gru.call(input, initial[0].unsqueeze(0));
                (output, states) = (og, new[] { hg.squeeze(0) });
                break;
            default:
                var (or, hr) = ((TorchSharp.Modules.RNN)_module).call(input, initial[0].unsqueeze(0));
                (output, states) = (or, new[] { hr.squeeze(0) });
                break;
        }
        return (returnSequences ? output : states[0], states);
    }

    private void Refresh(KerasVariable kernel, KerasVariable recurrentKernel, KerasVariable? bias)
    {
        var versions = new[] { kernel.Version, recurrentKernel.Version, bias?.Version ?? 0 };
        if (_versions is not null && versions.SequenceEqual(_versions)) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (weightIh, weightHh, biasIh, biasHh) = Nn.TorchRecurrentWeights(kernel.Value, recurrentKernel.Value, bias?.Value, _gates, gru: _gates == 3);
        var parameters = _module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters["weight_ih_l0"].copy_(weightIh);
        parameters["weight_hh_l0"].copy_(weightHh);
        if (biasIh is not null)
        {
            parameters["bias_ih_l0"].copy_(biasIh);
            parameters["bias_hh_l0"].copy_(biasHh!);
        }
        _versions = versions;
    }

    public void Dispose() => _module.Dispose();
}
