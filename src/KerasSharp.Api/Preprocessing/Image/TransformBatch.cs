using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// The random transformations of a whole batch, one entry per sample (float64 CPU tensors of shape (B,); flips as
/// bool). <see cref="ChannelShift"/> and <see cref="Brightness"/> are null when the generator does not use them.
/// </summary>
internal sealed record TransformBatch(Tensor Theta, Tensor Tx, Tensor Ty, Tensor Shear, Tensor Zx, Tensor Zy,
                                      Tensor FlipHorizontal, Tensor FlipVertical, Tensor? ChannelShift, Tensor? Brightness)
{
    public static TransformBatch From(TransformParameters p)
    {
        Tensor One(double v) => tensor(new[] { v }, float64);
        return new TransformBatch(One(p.theta), One(p.tx), One(p.ty), One(p.shear), One(p.zx), One(p.zy),
            tensor(new[] { p.flip_horizontal }), tensor(new[] { p.flip_vertical }),
            p.channel_shift_intensity is double c ? One(c) : null, p.brightness is double b ? One(b) : null);
    }

    public TransformParameters Single(int i)
    {
        double At(Tensor t) => t[i].item<double>();
        return new TransformParameters(At(Theta), At(Tx), At(Ty), At(Shear), At(Zx), At(Zy),
            FlipHorizontal[i].item<bool>(), FlipVertical[i].item<bool>(),
            ChannelShift is null ? null : At(ChannelShift), Brightness is null ? null : At(Brightness));
    }
}
