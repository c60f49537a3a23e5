using System;
using System.Linq;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Backend;

/// <summary>Keras 2.2.4's activation and loss functions of the backend (<c>K.relu</c>, <c>K.categorical_crossentropy</c>, ...).</summary>
public static partial class KerasBackend
{
    /// <summary><c>K.softmax(x, axis=-1)</c>.</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => x.softmax(CheckAxis("softmax", axis, (int)x.dim()));

    public static KerasTensor Softmax(KerasTensor x, int axis = -1)
    {
        CheckAxis("softmax", axis, x.Shape.Rank);
        return Record("softmax", x, new() { ["axis"] = axis });
    }

    /// <summary>
    /// <c>K.relu(x, alpha=0., max_value=None, threshold=0.)</c>, Keras 2.2.4's formula: x where x &gt; threshold (0
    /// below), clipped to [0, max_value], minus alpha·relu(threshold − x); with alpha alone, TensorFlow's
    /// <c>leaky_relu</c>, max(alpha·x, x).
    /// </summary>
    public static Tensor Relu(Tensor x, double alpha = 0.0, double? max_value = null, double threshold = 0.0)
    {
        Tensor? negativePart = null;
        if (alpha != 0)
        {
            if (max_value is null && threshold == 0) return maximum(x * alpha, x);
            negativePart = F.relu(threshold != 0 ? -x + threshold : -x);
        }
        x = threshold != 0 ? x * x.gt(threshold).to_type(x.dtype) : F.relu(x);
        if (max_value is double m) x = x.clamp(0.0, m);
        return negativePart is null ? x : x - alpha * negativePart;
    }

    public static KerasTensor Relu(KerasTensor x, double alpha = 0.0, double? max_value = null, double threshold = 0.0) =>
        Record("relu", x, new() { ["alpha"] = alpha, ["max_value"] = max_value, ["threshold"] = threshold });

    /// <summary><c>K.elu(x, alpha=1.)</c>: x for x &gt; 0, alpha·(exp(x) − 1) otherwise.</summary>
    public static Tensor Elu(Tensor x, double alpha = 1.0)
    {
        var result = F.elu(x, 1.0);
        return alpha == 1 ? result : where(x.gt(0), result, result * alpha);
    }

    public static KerasTensor Elu(KerasTensor x, double alpha = 1.0) => Record("elu", x, new() { ["alpha"] = alpha });

    /// <summary><c>K.sigmoid(x)</c>.</summary>
    public static Tensor Sigmoid(Tensor x) => x.sigmoid();

    public static KerasTensor Sigmoid(KerasTensor x) => Record("sigmoid", x);

    /// <summary><c>K.hard_sigmoid(x)</c>: clip(0.2·x + 0.5, 0, 1), Keras 2's piecewise-linear sigmoid.</summary>
    public static Tensor HardSigmoid(Tensor x) => (x * 0.2 + 0.5).clamp(0.0, 1.0);

    public static KerasTensor HardSigmoid(KerasTensor x) => Record("hard_sigmoid", x);

    /// <summary><c>K.tanh(x)</c>.</summary>
    public static Tensor Tanh(Tensor x) => x.tanh();

    public static KerasTensor Tanh(KerasTensor x) => Record("tanh", x);

    /// <summary><c>K.softplus(x)</c>: log(exp(x) + 1).</summary>
    public static Tensor Softplus(Tensor x) => F.softplus(x);

    public static KerasTensor Softplus(KerasTensor x) => Record("softplus", x);

    /// <summary><c>K.softsign(x)</c>: x / (|x| + 1).</summary>
    public static Tensor Softsign(Tensor x) => x / (x.abs() + 1);

    public static KerasTensor Softsign(KerasTensor x) => Record("softsign", x);

    /// <summary>
    /// <c>K.categorical_crossentropy(target, output, from_logits=False, axis=-1)</c>, one value per sample: from
    /// probabilities, each row is divided by its sum and clipped to [ε, 1 − ε], then −Σ target·log(output) over
    /// <paramref name="axis"/>; from logits, TensorFlow's softmax cross-entropy over the last axis (Keras 2.2.4 does
    /// not pass <paramref name="axis"/> on there).
    /// </summary>
    public static Tensor CategoricalCrossentropy(Tensor target, Tensor output, bool from_logits = false, int axis = -1)
    {
        CheckChannelsAxis("categorical_crossentropy", axis, (int)output.dim());
        CheckSameShape("categorical_crossentropy", ShapeOf(output), ShapeOf(target), nameof(output), nameof(target));
        if (from_logits) return -(target * output.log_softmax(-1)).sum(-1);
        var p = output / output.sum(axis, keepdim: true);
        p = p.clamp(Epsilon(), 1 - Epsilon());
        return -(target * p.log()).sum(axis);
    }

    public static KerasTensor CategoricalCrossentropy(KerasTensor target, KerasTensor output, bool from_logits = false, int axis = -1)
    {
        CheckChannelsAxis("categorical_crossentropy", axis, output.Shape.Rank);
        CheckSameShape("categorical_crossentropy", output.Shape, target.Shape, nameof(output), nameof(target));
        return Record("categorical_crossentropy", [target, output], new() { ["from_logits"] = from_logits, ["axis"] = axis });
    }

    /// <summary>
    /// <c>K.sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1)</c>: class indices (of any
    /// numeric type, but whole numbers), one per row of <paramref name="output"/>; from probabilities, output is
    /// clipped to [ε, 1 − ε] and its log taken as logits.
    /// </summary>
    public static Tensor SparseCategoricalCrossentropy(Tensor target, Tensor output, bool from_logits = false, int axis = -1)
    {
        var rank = (int)output.dim();
        CheckChannelsAxis("sparse_categorical_crossentropy", axis, rank);
        CheckRank("sparse_categorical_crossentropy", ShapeOf(output), 1, nameof(output));
        if (axis != -1 && axis != rank - 1)
            output = output.permute(Enumerable.Range(0, rank).Where(i => i != axis).Append(axis).Select(i => (long)i).ToArray());
        if (!from_logits) output = output.clamp(Epsilon(), 1 - Epsilon()).log();
        var classes = output.shape[^1];
        CheckSparseTarget(ShapeOf(target), ShapeOf(output));
        CheckWhole(target);
        var labels = target.flatten().to_type(int64);
        CheckIndices("sparse_categorical_crossentropy", labels, classes, nameof(target), $"the {classes} classes of output");
        var losses = -output.reshape(-1, classes).log_softmax(-1).gather(1, labels.unsqueeze(1)).squeeze(1);
        return rank >= 3 ? losses.reshape(output.shape[..^1]) : losses;
    }

    public static KerasTensor SparseCategoricalCrossentropy(KerasTensor target, KerasTensor output, bool from_logits = false, int axis = -1)
    {
        var rank = output.Shape.Rank;
        CheckChannelsAxis("sparse_categorical_crossentropy", axis, rank);
        CheckRank("sparse_categorical_crossentropy", output.Shape, 1, nameof(output));
        var last = axis == -1 ? rank - 1 : axis;
        CheckSparseTarget(target.Shape, new KerasSharp.Shape(output.Shape.Dims.Where((_, i) => i != last).Append(output.Shape[last]).ToArray()));
        return Record("sparse_categorical_crossentropy", [target, output], new() { ["from_logits"] = from_logits, ["axis"] = axis });
    }

    /// <summary>Labels that are whole numbers, as the losses ask of targets (TensorFlow would truncate 2.7 to 2).</summary>
    private static void CheckWhole(Tensor target)
    {
        if (!target.is_floating_point() || target.device_type == TorchSharp.DeviceType.META) return;
        var labels = target.flatten();
        var fractional = labels.ne(labels.trunc()).nonzero();
        if (fractional.shape[0] > 0)
            throw new ArgumentException(FormattableString.Invariant($"K.sparse_categorical_crossentropy: target holds {labels[fractional[0, 0]].to_type(float64).item<double>()}, not a whole class index."), nameof(target));
    }

    /// <summary>One label per row of the output (channels last): as many values as the output has rows.</summary>
    private static void CheckSparseTarget(KerasSharp.Shape target, KerasSharp.Shape output)
    {
        var rows = new KerasSharp.Shape(output.Dims.Take(output.Rank - 1).ToArray());
        if (target.IsFullyDefined() && rows.IsFullyDefined() && target.Product() != rows.Product())
            throw new ArgumentException($"K.sparse_categorical_crossentropy: target of shape {target} must hold one label for each of the {rows.Product()} rows of output (shape {output}, classes last).", "target");
    }

    /// <summary>Keras 2.2.4's rule: −1, or one of output's axes counted from 0.</summary>
    private static void CheckChannelsAxis(string function, int axis, int rank)
    {
        if (axis != -1 && (axis < 0 || axis >= rank))
            throw new ArgumentException($"K.{function}: unexpected channels axis={axis}. Expected -1 or one of the axes of `output`, which has {rank} dimensions.", nameof(axis));
    }

    /// <summary>
    /// <c>K.binary_crossentropy(target, output, from_logits=False)</c>, element-wise: from probabilities, output is
    /// clipped to [ε, 1 − ε] and turned into logits log(p / (1 − p)); then TensorFlow's sigmoid cross-entropy.
    /// </summary>
    public static Tensor BinaryCrossentropy(Tensor target, Tensor output, bool from_logits = false)
    {
        CheckSameShape("binary_crossentropy", ShapeOf(output), ShapeOf(target), nameof(output), nameof(target));
        if (!from_logits)
        {
            var p = output.clamp(Epsilon(), 1 - Epsilon());
            output = (p / (1 - p)).log();
        }
        return F.binary_cross_entropy_with_logits(output, target.to_type(output.dtype), reduction: nn.Reduction.None);
    }

    public static KerasTensor BinaryCrossentropy(KerasTensor target, KerasTensor output, bool from_logits = false)
    {
        CheckSameShape("binary_crossentropy", output.Shape, target.Shape, nameof(output), nameof(target));
        return Record("binary_crossentropy", [target, output], new() { ["from_logits"] = from_logits });
    }
}
