using System;
using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary>
/// A metric written as a function (<c>def precision(y_true, y_pred): ...</c>), logged under its name (the method's, or
/// the one given): <c>metrics: ["accuracy", new MetricFunction(precision)]</c>. It returns a value per sample (further
/// axes are averaged) or one value for the batch.
/// </summary>
public sealed class MetricFunction : Metric
{
    private readonly Func<Tensor, Tensor, Tensor> _function;

    public MetricFunction(Func<Tensor, Tensor, Tensor> function, string? name = null)
        : base(name ?? (function ?? throw new ArgumentNullException(nameof(function))).Method.Name)
    {
        if (Name.Contains('<')) throw new ArgumentException("A metric written as a lambda needs a name: new MetricFunction(fn, name: \"...\").", nameof(name));
        _function = function;
    }

    public override Tensor Call(Tensor y_true, Tensor y_pred) => Reduce(_function(y_true, y_pred));

    internal override Tensor CallMasked(Tensor y_true, Tensor y_pred, Tensor mask) =>
        Reduce(Losses.Loss.Masked(_function(y_true, y_pred), mask, Name));

    private static Tensor Reduce(Tensor values) => values.dim() > 1 ? values.flatten(1).mean(new long[] { 1 }) : values;
}
