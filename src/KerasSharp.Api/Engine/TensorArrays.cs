using static TorchSharp.torch;

namespace KerasSharp;

/// <summary>Python's unpacking of a list of arrays, <c>loss, grads = f([x])</c>, for the tensors a K.Function returns.</summary>
public static class TensorArrays
{
    extension(Tensor[] tensors)
    {
        public void Deconstruct(out Tensor first, out Tensor second)
        {
            Check(tensors, 2);
            (first, second) = (tensors[0], tensors[1]);
        }

        public void Deconstruct(out Tensor first, out Tensor second, out Tensor third)
        {
            Check(tensors, 3);
            (first, second, third) = (tensors[0], tensors[1], tensors[2]);
        }

        public void Deconstruct(out Tensor first, out Tensor second, out Tensor third, out Tensor fourth)
        {
            Check(tensors, 4);
            (first, second, third, fourth) = (tensors[0], tensors[1], tensors[2], tensors[3]);
        }
    }

    private static void Check(Tensor[] tensors, int count)
    {
        if (tensors.Length != count)
            throw new System.InvalidOperationException($"Cannot unpack {tensors.Length} tensors into {count}.");
    }
}
