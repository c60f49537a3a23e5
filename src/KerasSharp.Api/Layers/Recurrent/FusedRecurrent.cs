using System;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// A recurrent layer run by libtorch's fused kernel (torch.nn.RNN/LSTM/GRU: one call over the whole sequence, cuDNN on
/// a GPU) instead of a loop of time steps. The module's weights are the layer's in torch's layout (<see cref="Nn.TorchRecurrentWeights"/>),
/// copied in again only when the layer's weights have changed (after an optimizer step or a load).
/// TorchSharp's modules own their parameters, so gradients land on the module's copy: inside a training step the copy
/// registers with <see cref="FusedGradients"/>, which hands them to the Keras weights after the backward pass
/// (<see cref="Nn.KerasRecurrentGradients"/>). Elsewhere a call with gradients takes the layer's loop.
/// </summary>
internal sealed class FusedRecurrent : IDisposable, FusedGradients.IGradientCopy
{
    private readonly nn.Module _module;
    private readonly KerasVariable _kernel;
    private readonly KerasVariable _recurrentKernel;
    private readonly KerasVariable? _bias;
    private readonly bool _gru;
    private readonly TorchSharp.Modules.Parameter _weightIh, _weightHh;
    private readonly TorchSharp.Modules.Parameter? _biasIh, _biasHh;
    private long[]? _versions;

    public FusedRecurrent(int gates, long units, KerasVariable kernel, KerasVariable recurrentKernel, KerasVariable? bias, Device device)
    {
        (_kernel, _recurrentKernel, _bias, _gru) = (kernel, recurrentKernel, bias, gates == 3);
        Device = device;
        var inputSize = kernel.Shape[0];
        var useBias = bias is not null;
        // The module initialises its parameters (soon overwritten) from the global generator: it is built on the CPU
        // with the generator's state put back, so that creating it does not shift the random stream (dropout masks)
        // from what the loop would have drawn.
        using (var rng = torch.get_rng_state())
        {
            _module = gates switch
            {
                4 => nn.LSTM(inputSize, units, bias: useBias, batchFirst: true),
                3 => nn.GRU(inputSize, units, bias: useBias, batchFirst: true),
                _ => nn.RNN(inputSize, units, nonLinearity: nn.NonLinearities.Tanh, bias: useBias, batchFirst: true),
            };
            torch.set_rng_state(rng);
        }
        _module.to(device);
        var parameters = _module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _weightIh = parameters["weight_ih_l0"];
        _weightHh = parameters["weight_hh_l0"];
        if (useBias)
        {
            _biasIh = parameters["bias_ih_l0"];
            _biasHh = parameters["bias_hh_l0"];
        }
        foreach (var p in parameters.Values) p.requires_grad = false;
    }

    public Device Device { get; }

    /// <summary>Whether the two-row bias (a GRU's reset_after form) maps onto both of torch's biases.</summary>
    private bool TwoRowBias => _bias is { } b && b.Shape.Length == 2;

    /// <summary>
    /// The output (the sequence, or its last step) and the last states, from the given initial states. With gradients
    /// (only inside a training step) the module's parameters track the Keras weights' requires_grad and register for the hand-off.
    /// </summary>
    public (Tensor Output, Tensor[] States) Run(Tensor x, Tensor[] initial, bool goBackwards, bool returnSequences)
    {
        Refresh();
        if (torch.is_grad_enabled())
        {
            _weightIh.requires_grad = _kernel.Value.requires_grad;
            _weightHh.requires_grad = _recurrentKernel.Value.requires_grad;
            if (_biasIh is not null) _biasIh.requires_grad = _bias!.Value.requires_grad;
            if (_biasHh is not null) _biasHh.requires_grad = TwoRowBias && _bias!.Value.requires_grad;
            FusedGradients.Register(this);
        }
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

    private void Refresh()
    {
        var versions = new[] { _kernel.Version, _recurrentKernel.Version, _bias?.Version ?? 0 };
        if (_versions is not null && versions.SequenceEqual(_versions)) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (weightIh, weightHh, biasIh, biasHh) = Nn.TorchRecurrentWeights(_kernel.Value, _recurrentKernel.Value, _bias?.Value, _gru);
        _weightIh.copy_(weightIh);
        _weightHh.copy_(weightHh);
        _biasIh?.copy_(biasIh!);
        _biasHh?.copy_(biasHh!);
        _versions = versions;
    }

    public void ClearGradients()
    {
        _weightIh.grad = null;
        _weightHh.grad = null;
        if (_biasIh is not null) _biasIh.grad = null;
        if (_biasHh is not null) _biasHh.grad = null;
    }

    public void TransferGradients()
    {
        if (_weightIh.grad is null && _weightHh.grad is null && _biasIh?.grad is null && _biasHh?.grad is null) return;
        using (torch.no_grad())
        {
            static Tensor Grad(Tensor p) => p.grad ?? torch.zeros_like(p);
            var (kernel, recurrentKernel, bias) = Nn.KerasRecurrentGradients(Grad(_weightIh), Grad(_weightHh),
                _biasIh is null ? null : Grad(_biasIh), _biasHh is null ? null : Grad(_biasHh), TwoRowBias, _gru);
            Accumulate(_kernel, kernel);
            Accumulate(_recurrentKernel, recurrentKernel);
            if (_bias is not null) Accumulate(_bias, bias!);
        }
        ClearGradients();
    }

    /// <summary>Adds a gradient to a weight's, as autograd accumulates, when the weight takes gradients.</summary>
    private static void Accumulate(KerasVariable variable, Tensor gradient)
    {
        if (!variable.Value.requires_grad) return;
        var current = variable.Value.grad;
        variable.Value.grad = current is null ? gradient.contiguous() : current + gradient;
    }

    public void Dispose() => _module.Dispose();
}
