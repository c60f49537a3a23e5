using System.Linq;
using PureHDF;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>Tensors to and from HDF5 datasets, in the types Keras writes: float32 weights, an int64 iteration count.</summary>
internal static class H5Datasets
{
    /// <summary>A float32 or float64 dataset as a float32 tensor of its shape.</summary>
    public static Tensor ReadFloats(IH5Dataset dataset)
    {
        var shape = dataset.Space.Dimensions.Select(d => (long)d).ToArray();
        var data = dataset.Type.Size == 8 ? dataset.Read<double[]>().Select(v => (float)v).ToArray() : dataset.Read<float[]>();
        return tensor(data, shape);
    }

    /// <summary>An optimizer variable: an integer dataset (iterations) as int64, any other as float32.</summary>
    public static Tensor ReadTensor(IH5Dataset dataset) =>
        dataset.Type.Class == H5DataTypeClass.FixedPoint
            ? tensor(dataset.Read<long[]>(), dataset.Space.Dimensions.Select(x => (long)x).ToArray())
            : ReadFloats(dataset);

    /// <summary>A float32 dataset of the tensor's shape (a weight, a slot).</summary>
    public static H5Dataset Floats(Tensor value)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = value.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return new H5Dataset(cpu.data<float>().ToArray(), fileDims: cpu.shape.Select(d => (ulong)d).ToArray());
    }

    /// <summary>An optimizer variable: the int64 iteration count as a scalar, any other as <see cref="Floats"/>.</summary>
    public static H5Dataset Write(Tensor value) => value.dtype == ScalarType.Int64 ? new H5Dataset(value.item<long>()) : Floats(value);
}
