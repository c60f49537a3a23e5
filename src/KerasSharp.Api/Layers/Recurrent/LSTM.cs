using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.LSTM(units)</c>, Keras 2.2.4's: gates i, f, c, o in the kernels' column blocks (kernel (input, 4·units),
/// recurrent_kernel (units, 4·units), bias (4·units)); <c>c_t = f·c_{t−1} + i·activation(z_c)</c>,
/// <c>h_t = o·activation(c_t)</c>, i, f, o through <c>recurrent_activation</c> (hard_sigmoid by default, as standalone
/// Keras 2; tf.keras 2 uses sigmoid, and a loaded config says which). <c>unit_forget_bias</c> starts the forget gate's
/// bias at one. States [h, c]. See <see cref="RNN"/> for what all recurrent layers share.
/// </summary>
[KerasLayer("LSTM")]
public class LSTM : RNN
{
    public LSTM(int units, string? activation = "tanh", string? recurrent_activation = "hard_sigmoid",
                bool use_bias = true, Initializer? kernel_initializer = null, Initializer? recurrent_initializer = null,
                Initializer? bias_initializer = null, bool unit_forget_bias = true,
                Regularizer? kernel_regularizer = null, Regularizer? recurrent_regularizer = null,
                Regularizer? bias_regularizer = null, Regularizer? activity_regularizer = null,
                Constraint? kernel_constraint = null, Constraint? recurrent_constraint = null,
                Constraint? bias_constraint = null, double dropout = 0.0, double recurrent_dropout = 0.0,
                int implementation = 1, bool return_sequences = false, bool return_state = false,
                bool go_backwards = false, bool stateful = false, bool unroll = false, Shape? input_shape = null,
                Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(units, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
               kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
               recurrent_constraint, bias_constraint, dropout, recurrent_dropout, return_sequences, return_state,
               go_backwards, stateful, unroll, input_shape, batch_input_shape, name, trainable, dtype)
    {
        RecurrentActivation = ActivationFunction.Get(recurrent_activation);
        UnitForgetBias = unit_forget_bias;
        Implementation = RecurrentImplementation.Check(implementation);
    }

    public ActivationFunction RecurrentActivation { get; }
    public bool UnitForgetBias { get; }

    /// <summary>1: a dropout mask per gate; 2: one mask for all gates (Keras's implementation modes; the math is the same).</summary>
    public int Implementation { get; }

    private protected override bool Fusable => Activation.Name == "tanh" && RecurrentActivation.Name == "sigmoid";
    private protected override int Gates => 4;
    private protected override int StateCount => 2;
    private protected override int MaskIndex(int gate) => Implementation == 1 ? gate : 0;

    private protected override void InitializeBias(KerasVariable bias)
    {
        if (UnitForgetBias) StartForgetGateAtOne(bias, BiasInitializer, Units);
    }

    /// <summary>Keras's unit_forget_bias initializer for an (i, f, c, o) bias: bias_initializer for i, ones for f, bias_initializer for c and o.</summary>
    internal static void StartForgetGateAtOne(KerasVariable bias, Initializer initializer, int units)
    {
        using var scope = torch.NewDisposeScope();
        bias.Assign(torch.cat(new[] { initializer.Generate(units), torch.ones(units), initializer.Generate(2 * units) }));
    }

    private protected override Tensor[] Step(Tensor projected, Tensor[] states, Tensor[]? recurrentMasks)
    {
        var (h, c) = (states[0], states[1]);
        // Few ops per step: each op is a node of the backward graph and an allocation, 80 steps over.
        Tensor z;
        if (recurrentMasks is null || Implementation == 2)
        {
            // One mask for all gates (or none): the gate blocks' products are one product.
            z = torch.addmm(projected, recurrentMasks is null ? h : h * recurrentMasks[0], RecurrentKernel.Value, beta: 1, alpha: 1);
        }
        else
        {
            // Each gate's block on h under its own mask, as one batched product: (4, batch, units) × (4, units, units).
            var (batch, units) = (h.shape[0], (long)Units);
            var dropped = h.unsqueeze(0) * torch.stack(recurrentMasks);
            var blocks = RecurrentKernel.Value.view(units, 4, units).transpose(0, 1);
            z = projected + dropped.bmm(blocks).transpose(0, 1).reshape(batch, 4 * units);
        }
        return Cell(z, c, 1, Activation, RecurrentActivation);
    }

    /// <summary>The LSTM update from the summed contributions <paramref name="z"/> (gate blocks i, f, c, o along <paramref name="axis"/>): the new [h, c].</summary>
    internal static Tensor[] Cell(Tensor z, Tensor c, long axis, ActivationFunction activation, ActivationFunction recurrentActivation)
    {
        var gates = z.chunk(4, axis);
        var i = recurrentActivation.Call(gates[0]);
        var f = recurrentActivation.Call(gates[1]);
        var cNext = f * c + i * activation.Call(gates[2]);
        var o = recurrentActivation.Call(gates[3]);
        return new[] { o * activation.Call(cNext), cNext };
    }
}
