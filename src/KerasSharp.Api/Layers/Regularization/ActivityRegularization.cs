using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.ActivityRegularization(l1=0.0, l2=0.0)</c>: the identity, adding
/// l1·sum(|x|) + l2·sum(x²) of its output to the model's loss.
/// </summary>
[KerasLayer("ActivityRegularization")]
public sealed class ActivityRegularization : Layer
{
    private readonly L1L2 _regularizer;

    public ActivityRegularization(double l1 = 0.0, double l2 = 0.0, Shape? input_shape = null,
                                  Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                                  string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        L1 = l1;
        L2 = l2;
        _regularizer = new L1L2(l1, l2);
    }

    public double L1 { get; }
    public double L2 { get; }

    protected override Tensor Call(Tensor inputs, bool training) => inputs.alias();

    protected override void AfterCall(Tensor outputs) => AddActivityLoss(_regularizer.Call(outputs));
}
