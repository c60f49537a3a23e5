using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>Keras 2.2.4's graph functions: <c>K.stop_gradient</c> and <c>K.switch</c>.</summary>
public static partial class KerasBackend
{
    /// <summary><c>K.stop_gradient(variables)</c>: the same values, through which no gradient flows.</summary>
    public static Tensor StopGradient(Tensor variables) => variables.detach();

    public static KerasTensor StopGradient(KerasTensor variables) => Record("stop_gradient", variables);

    /// <summary>
    /// <c>K.switch(condition, then_expression, else_expression)</c>: element-wise choice between two tensors of one
    /// shape. A scalar condition picks one whole; a condition of lower rank picks along the leading axes.
    /// </summary>
    public static Tensor Switch(Tensor condition, Tensor then_expression, Tensor else_expression)
    {
        CheckSwitch(ShapeOf(condition), ShapeOf(then_expression), ShapeOf(else_expression));
        var c = condition.to_type(ScalarType.Bool);
        c = c.reshape(c.shape.Concat(Enumerable.Repeat(1L, (int)(then_expression.dim() - c.dim()))).ToArray());
        return where(c, then_expression, else_expression);
    }

    public static KerasTensor Switch(KerasTensor condition, KerasTensor then_expression, KerasTensor else_expression)
    {
        CheckSwitch(condition.Shape, then_expression.Shape, else_expression.Shape);
        return Record("switch", [condition, then_expression, else_expression]);
    }

    private static void CheckSwitch(KerasSharp.Shape condition, KerasSharp.Shape then, KerasSharp.Shape otherwise)
    {
        CheckSameShape("switch", then, otherwise, "then_expression", "else_expression");
        if (condition.Rank > then.Rank)
            throw new ArgumentException($"K.switch: the rank of condition (shape {condition}) must be at most the rank of then_expression (shape {then}).", nameof(condition));
        // A vector picks rows (TensorFlow's where); a higher rank is tiled over axes of size 1.
        for (int i = 0; i < condition.Rank; i++)
            if (!Fits(condition[i], then[i]) && (condition.Rank == 1 || condition[i] != 1))
                throw new ArgumentException($"K.switch: condition of shape {condition} does not fit then_expression of shape {then} on axis {i}.", nameof(condition));
    }
}
