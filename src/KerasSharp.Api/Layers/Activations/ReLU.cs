using System;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.ReLU(max_value=None, negative_slope=0.0, threshold=0.0)</c>:
/// clip(x, 0, max_value) where x &gt; threshold (x itself when there is no max_value), else
/// negative_slope·(x − threshold): Keras 2.2.4's <c>K.relu</c>, whose clip also zeroes x in (threshold, 0) when
/// threshold is negative and max_value is set.
/// </summary>
[KerasLayer("ReLU")]
public sealed class ReLU : Layer
{
    public ReLU(double? max_value = null, double negative_slope = 0.0, double threshold = 0.0,
                Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        SupportsMasking = true;
        if (max_value is < 0)
            throw new ArgumentException($"max_value of a ReLU layer cannot be a negative value. Received: max_value={max_value}", nameof(max_value));
        if (negative_slope < 0)
            throw new ArgumentException($"negative_slope of a ReLU layer cannot be a negative value. Received: negative_slope={negative_slope}", nameof(negative_slope));
        MaxValue = max_value;
        NegativeSlope = negative_slope;
        Threshold = threshold;
    }

    public double? MaxValue { get; }
    public double NegativeSlope { get; }
    public double Threshold { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        // The common ReLU and ReLU(6) (MobileNet's) in one op: the general form below makes four full-size tensors.
        // A NaN stays NaN here, as in TensorFlow's relu / relu6.
        if (Threshold == 0 && NegativeSlope == 0)
            return MaxValue is double m ? inputs.clamp(0.0, m) : nn.functional.relu(inputs);
        var above = inputs.gt(Threshold);
        var positive = MaxValue is double max ? inputs.clamp(0.0, max) : inputs;
        var negative = NegativeSlope == 0 ? zeros_like(inputs) : (inputs - Threshold) * NegativeSlope;
        return where(above, positive, negative);
    }

    internal override Tensor? CallInPlace(Tensor[] inputs) =>
        Threshold != 0 || NegativeSlope != 0 ? null
        : MaxValue is double m ? inputs[0].clamp_(0.0, m) : nn.functional.relu(inputs[0], inplace: true);

    internal override bool FreshOutputs => true;
}
