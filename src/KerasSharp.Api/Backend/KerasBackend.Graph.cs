using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// Keras 2.2.4's graph functions: <c>K.function</c>, <c>K.gradients</c>, <c>K.learning_phase</c>,
/// <c>K.stop_gradient</c> and <c>K.switch</c>.
/// </summary>
public static partial class KerasBackend
{
    private static KerasTensor? _learningPhase;

    /// <summary>
    /// <c>K.learning_phase()</c>: a symbolic scalar to list among a <see cref="Function"/>'s inputs and feed 0 (test)
    /// or 1 (train: Dropout drops, BatchNormalization uses the batch's statistics). Not fed, the phase is 0.
    /// </summary>
    public static KerasTensor LearningPhase() =>
        _learningPhase ??= LayerFunctions.Input(batch_shape: new KerasSharp.Shape(), name: "keras_learning_phase");

    internal static bool IsLearningPhase(KerasTensor x) => ReferenceEquals(x, _learningPhase);

    /// <summary>
    /// <c>K.function(inputs, outputs)</c>: the graph between symbolic <paramref name="inputs"/> (tensors made by
    /// <c>Input</c>, and <see cref="LearningPhase"/>) and <paramref name="outputs"/> (layer outputs, backend functions
    /// of them, <see cref="Gradients(KerasTensor, KerasTensorList)"/>), as a function of real tensors:
    /// <c>f = K.function([model.input, K.learning_phase()], [layer.output]); f([x, 0])[0]</c> is
    /// <c>var f = K.Function([model.Input, K.LearningPhase()], [layer.Output]); f([x, 0])[0]</c>.
    /// </summary>
    public static KerasFunction Function(KerasTensorList inputs, KerasTensorList outputs) => new FunctionGraph(inputs, outputs).Call;

    /// <summary>
    /// <c>K.gradients(loss, variables)</c>: the gradients of <paramref name="loss"/> (summed if not a scalar, as
    /// TensorFlow does) with respect to symbolic tensors it depends on (a model's input, a layer's output), as symbolic
    /// tensors that a <see cref="Function"/> computes by autograd: <c>grads = K.gradients(loss, model.input)[0]</c>.
    /// </summary>
    public static KerasTensor[] Gradients(KerasTensor loss, KerasTensorList variables)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var ancestors = Ancestors(loss);
        for (int i = 0; i < variables.Count; i++)
            if (!ancestors.Tensors.Contains(variables[i]))
                throw new ArgumentException($"K.gradients: the loss {loss.Name} does not depend on variables[{i}], {variables[i]}.", nameof(variables));
        return variables.Select(v => new GradientLayer(null).Apply([loss, v])).ToArray();
    }

    /// <summary><c>K.gradients(loss, model.trainable_weights)</c>: the gradients with respect to weights.</summary>
    public static KerasTensor[] Gradients(KerasTensor loss, IReadOnlyList<KerasVariable> variables)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(variables);
        var layers = Ancestors(loss).Layers;
        for (int i = 0; i < variables.Count; i++)
        {
            if (!layers.Any(l => l.Weights.Contains(variables[i])))
                throw new ArgumentException($"K.gradients: the loss {loss.Name} does not depend on variables[{i}], {variables[i].FullName}.", nameof(variables));
            // libtorch's batch normalization does not differentiate by its moving statistics.
            if (!variables[i].OwnTrainable)
                throw new ArgumentException($"K.gradients: variables[{i}], {variables[i].FullName}, is not trainable (a moving statistic); no gradient is computed for it.", nameof(variables));
        }
        return variables.Select(v => new GradientLayer(v).Apply(loss)).ToArray();
    }

    /// <summary>The symbolic tensors a tensor is computed from (itself included) and the layers on the way.</summary>
    private static (HashSet<KerasTensor> Tensors, HashSet<Layer> Layers) Ancestors(KerasTensor x)
    {
        var tensors = new HashSet<KerasTensor>();
        var layers = new HashSet<Layer>();
        var pending = new Stack<KerasTensor>(x.Unpack());
        while (pending.Count > 0)
        {
            var t = pending.Pop();
            if (!tensors.Add(t)) continue;
            layers.Add(t.Layer);
            foreach (var input in t.Node.Inputs) pending.Push(input);
        }
        return (tensors, layers);
    }

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
