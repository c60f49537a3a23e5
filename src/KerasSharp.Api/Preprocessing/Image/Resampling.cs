namespace KerasSharp.Preprocessing.Image;

/// <summary>PIL's <c>Image.Resampling</c> filters, with PIL's values; <see cref="PilImage.Resize"/> takes one.</summary>
public enum Resampling
{
    Nearest = 0,
    Lanczos = 1,
    Bilinear = 2,
    Bicubic = 3,
    Box = 4,
    Hamming = 5,
}
