using System;
using System.Linq;
using KerasSharp.Activations;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.ConvLSTM2D(filters, kernel_size)</c>, Keras 2.2.4's: an LSTM whose input and recurrent
/// transformations are 2D convolutions. Input (batch, time, rows, cols, channels), or (batch, time, channels, rows,
/// cols) with channels_first; states h and c are (batch, rows', cols', filters), the sizes of the input convolution's
/// output (strides, padding, dilation_rate). kernel (kh, kw, channels, 4·filters) and recurrent_kernel
/// (kh, kw, filters, 4·filters) hold the gates i, f, c, o in their last axis's blocks, bias (4·filters). The recurrent
/// convolution is always 'same' with stride 1 and no dilation, as Keras's <c>recurrent_conv</c>. Input dropout masks
/// are drawn per input element (batch, rows, cols, channels), recurrent ones per state element, one per gate, and
/// kept over the time steps. A (batch, timesteps) mask keeps the previous states on masked steps. Everything else
/// (return_sequences, return_state, go_backwards, stateful, initial_state) is <see cref="RNN"/>'s; <see cref="RNN.Units"/>
/// is <see cref="Filters"/>. There is no fused path: every call runs the loop.
/// </summary>
[KerasLayer("ConvLSTM2D")]
public sealed class ConvLSTM2D : RNN
{
    public ConvLSTM2D(int filters, IntTuple2 kernel_size, IntTuple2? strides = null, string padding = "valid",
                      string? data_format = null, IntTuple2? dilation_rate = null, string? activation = "tanh",
                      string? recurrent_activation = "hard_sigmoid", bool use_bias = true,
                      Initializer? kernel_initializer = null, Initializer? recurrent_initializer = null,
                      Initializer? bias_initializer = null, bool unit_forget_bias = true,
                      Regularizer? kernel_regularizer = null, Regularizer? recurrent_regularizer = null,
                      Regularizer? bias_regularizer = null, Regularizer? activity_regularizer = null,
                      Constraint? kernel_constraint = null, Constraint? recurrent_constraint = null,
                      Constraint? bias_constraint = null, bool return_sequences = false, bool go_backwards = false,
                      bool stateful = false, double dropout = 0.0, double recurrent_dropout = 0.0,
                      bool return_state = false, bool unroll = false, Shape? input_shape = null,
                      Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(filters, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
               kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
               recurrent_constraint, bias_constraint, dropout, recurrent_dropout, return_sequences, return_state,
               go_backwards, stateful, unroll, input_shape, batch_input_shape, name, trainable, dtype, inputRank: 5)
    {
        if (unroll) throw new ArgumentException("Unrolling isn't possible with convolutional RNNs. Received: unroll=True", nameof(unroll));
        KernelSize = ArgumentValidation.Positive(nameof(kernel_size), kernel_size).ToArray();
        Strides = ArgumentValidation.Positive(nameof(strides), strides ?? 1).ToArray();
        Padding = ArgumentValidation.OneOf(nameof(padding), padding, "valid", "same");
        DataFormat = ArgumentValidation.DataFormat(data_format);
        DilationRate = ArgumentValidation.Positive(nameof(dilation_rate), dilation_rate ?? 1).ToArray();
        BaseConvolution.CheckStridesAndDilation(Strides, DilationRate);
        RecurrentActivation = ActivationFunction.Get(recurrent_activation);
        UnitForgetBias = unit_forget_bias;
    }

    public int Filters => Units;
    public int[] KernelSize { get; }
    public int[] Strides { get; }
    public string Padding { get; }
    public string DataFormat { get; }
    public int[] DilationRate { get; }
    public ActivationFunction RecurrentActivation { get; }
    public bool UnitForgetBias { get; }

    private bool ChannelsLast => DataFormat == Nn.ChannelsLast;

    /// <summary>The gate (channel) axis of one step's 4D tensors.</summary>
    private long GateAxis => ChannelsLast ? -1 : 1;

    private protected override int Gates => 4;
    private protected override int StateCount => 2;
    private protected override int ChannelAxis => ChannelsLast ? -1 : 2;

    private protected override long[] KernelShape(int inputDim) => new long[] { KernelSize[0], KernelSize[1], inputDim, 4 * Filters };
    private protected override long[] RecurrentKernelShape => new long[] { KernelSize[0], KernelSize[1], Filters, 4 * Filters };

    /// <summary>Keras's ConvRNN2D.compute_output_shape for one state: the input convolution's output size, <c>filters</c> channels.</summary>
    private protected override Shape StateShape(Shape input_shape)
    {
        var size = BaseConvolution.SpatialOutputSizes(this, input_shape, ChannelsLast ? 2 : 3, KernelSize, Padding, Strides, DilationRate);
        return ChannelsLast ? new Shape(input_shape[0], size[0], size[1], Filters) : new Shape(input_shape[0], Filters, size[0], size[1]);
    }

    private protected override void InitializeBias(KerasVariable bias)
    {
        if (UnitForgetBias) LSTM.StartForgetGateAtOne(bias, BiasInitializer, Units);
    }

    /// <summary>
    /// Every frame's input convolution at once, (batch, timesteps, rows', cols', 4·filters): the frames of all steps as
    /// one batch; with input dropout, each gate's kernel block on the frames under its mask.
    /// </summary>
    private protected override Tensor ProjectInputs(Tensor x, Tensor[]? dropoutMasks)
    {
        var (batch, steps) = (x.shape[0], x.shape[1]);
        Tensor Frames(Tensor t) => t.reshape(x.shape.Skip(2).Prepend(batch * steps).ToArray());
        Tensor projected;
        if (dropoutMasks is null)
        {
            projected = InputConv(Frames(x), Kernel.Value, Bias?.Value);
        }
        else
        {
            var blocks = Enumerable.Range(0, 4).Select(g =>
                InputConv(Frames(x * dropoutMasks[g].unsqueeze(1)), Block(Kernel.Value, g), Bias?.Value.narrow(0, g * Filters, Filters))).ToArray();
            projected = torch.cat(blocks, GateAxis);
        }
        return projected.reshape(projected.shape.Skip(1).Prepend(steps).Prepend(batch).ToArray());
    }

    private protected override Tensor[] Step(Tensor projected, Tensor[] states, Tensor[]? recurrentMasks)
    {
        var (h, c) = (states[0], states[1]);
        Tensor recurrent;
        if (recurrentMasks is null)
        {
            recurrent = RecurrentConv(h, RecurrentKernel.Value);
        }
        else
        {
            var blocks = new Tensor[4];
            for (int g = 0; g < 4; g++) blocks[g] = RecurrentConv(Dropped(h, recurrentMasks, g), Block(RecurrentKernel.Value, g));
            recurrent = torch.cat(blocks, GateAxis);
        }
        return LSTM.Cell(projected + recurrent, c, GateAxis, Activation, RecurrentActivation);
    }

    /// <summary>A gate's block of a (kh, kw, in, 4·filters) kernel.</summary>
    private Tensor Block(Tensor kernel, int gate) => kernel.narrow(3, gate * Filters, Filters);

    private Tensor InputConv(Tensor frames, Tensor kernel, Tensor? bias) =>
        Nn.Conv(frames, kernel, bias, Strides, Padding, DilationRate, DataFormat);

    /// <summary>Keras's <c>recurrent_conv</c>: 'same', stride 1, no dilation, no bias.</summary>
    private Tensor RecurrentConv(Tensor h, Tensor kernel) =>
        Nn.Conv(h, kernel, null, new[] { 1, 1 }, "same", new[] { 1, 1 }, DataFormat);
}
