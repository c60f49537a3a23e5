using System;
using System.Linq;
using KerasSharp.Losses;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// What the targets of one output must look like, and their standardisation, as Keras 2.2.4's
/// <c>_standardize_user_data</c> does before any step: a rank-1 <c>y</c> becomes <c>(n, 1)</c> (so labels of shape
/// <c>(n,)</c> fit a <c>(n, 1)</c> output, and a loss always sees <c>y_true</c> of the output's rank); then its shape is
/// checked against the output's (a sparse loss expects <c>(..., 1)</c>; a user-defined loss gets no check, as in
/// Keras); sparse labels must be integers in <c>[0, classes)</c>.
/// </summary>
internal sealed class TargetSpec
{
    private readonly string _outputName;
    private readonly Shape? _expected;
    private readonly long? _classes;
    private readonly string _lossName;

    public TargetSpec(Loss loss, string outputName, Shape outputShape)
    {
        _outputName = outputName;
        _lossName = loss.Name;
        if (loss is SparseCategoricalCrossentropy)
        {
            _expected = outputShape.Replace(-1, 1);
            _classes = outputShape[-1];
        }
        else if (loss.GetType().Assembly == typeof(Loss).Assembly)
        {
            _expected = outputShape;
        }
    }

    /// <summary>The targets as the loss will see them (a view), or an error in Keras's words.</summary>
    public Tensor Standardize(Tensor y)
    {
        if (y.dim() == 1) y = y.unsqueeze(1);
        if (_expected is { } shape)
        {
            if (y.dim() != shape.Rank)
                throw new ArgumentException($"Error when checking target: expected {_outputName} to have {shape.Rank} dimensions, but got array with shape {Layer.ShapeText(y.shape)}", "y");
            for (int i = 1; i < shape.Rank; i++)
                if (shape[i] is int size && size != y.shape[i])
                    throw new ArgumentException($"Error when checking target: expected {_outputName} to have shape {shape.WithoutBatch()} but got array with shape {Layer.ShapeText(y.shape[1..])}", "y");
        }
        if (_classes is long classes) CheckLabels(y, classes);
        return y;
    }

    /// <summary>One pass over the labels (a single device sync): every one an integer in [0, classes).</summary>
    private void CheckLabels(Tensor y, long classes)
    {
        if (y.numel() == 0) return;
        using var scope = NewDisposeScope();
        var labels = y.to_type(ScalarType.Float64);
        var bad = labels.lt(0).logical_or(labels.ge(classes)).logical_or(labels.ne(labels.floor())).nonzero();
        if (bad.shape[0] == 0) return;
        var first = bad[0].cpu().data<long>().ToArray();
        var value = labels[first.Select(i => TensorIndex.Single(i)).ToArray()].item<double>();
        var where = $"y[{string.Join(", ", first)}]";
        throw new ArgumentException(value == Math.Floor(value)
            ? FormattableString.Invariant($"Received a label value of {value} which is outside the valid range of [0, {classes}) ({where}; loss `{_lossName}`, output {_outputName} has {classes} classes).")
            : FormattableString.Invariant($"Received a label value of {value} which is not an integer ({where}): `{_lossName}` expects integer class indices in [0, {classes})."), "y");
    }
}
