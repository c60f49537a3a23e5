using System;
using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary>
/// A loss written as a function, as Keras takes one: <c>def margin_loss(y_true, y_pred): ...</c> →
/// <c>Compile(loss: margin_loss)</c>. It returns the loss per sample (further axes are averaged) or one value for the
/// batch; its name (the method's, or the one given) labels it in logs and saved files.
/// </summary>
public sealed class LossFunction : Loss
{
    private readonly Func<Tensor, Tensor, Tensor> _function;
    private readonly string _name;

    public LossFunction(Func<Tensor, Tensor, Tensor> function, string? name = null)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        _name = name ?? (function.Method.Name.Contains('<') ? "loss_function" : function.Method.Name);
    }

    public override string Name => _name;

    protected override Tensor Compute(Tensor y_true, Tensor y_pred) => _function(y_true, y_pred);
}
