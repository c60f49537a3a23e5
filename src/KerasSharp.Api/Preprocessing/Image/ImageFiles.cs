using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// Shortcuts over <see cref="ImageFunctions"/> that go straight between files and (H, W, C) float32 tensors,
/// channels_last whatever <c>K.image_data_format()</c> says (what <see cref="DirectoryIterator"/> reads and
/// <c>save_to_dir</c> writes).
/// </summary>
public static class ImageFiles
{
    /// <summary><c>img_to_array(load_img(path, ...))</c> as (H, W, C) float32 (0..255).</summary>
    /// <param name="color_mode">'rgb' (3 channels), 'grayscale' (1, PIL's 'L' weights) or 'rgba' (4).</param>
    /// <param name="target_size">(height, width) to resize to, or null to keep the file's size.</param>
    /// <param name="interpolation">PIL's filter: 'nearest', 'bilinear', 'bicubic', 'hamming', 'box' or 'lanczos'.</param>
    public static Tensor LoadImg(string path, string color_mode = "rgb", (int Height, int Width)? target_size = null,
                                 string interpolation = "nearest") =>
        ImageFunctions.ImgToArray(ImageFunctions.LoadImg(path, color_mode: color_mode, target_size: target_size, interpolation: interpolation),
                                  data_format: "channels_last", dtype: "float32");

    /// <summary>
    /// <c>save_img</c> of an (H, W, C) or (C, H, W) image as PNG or JPEG (<see cref="ImageFunctions.SaveImg"/>); an
    /// RGBA image bound for a JPEG file loses its alpha (with save_img's warning) also when the format comes from
    /// the extension, where PIL would refuse it.
    /// </summary>
    /// <param name="file_format">'png', 'jpeg' or 'jpg' (any case); null: from <paramref name="path"/>'s extension.</param>
    public static void SaveImg(string path, Tensor x, string data_format = "channels_last", string? file_format = null,
                               bool scale = true) =>
        ImageFunctions.Save(path, x, data_format, file_format, scale, rgbaJpegAsRgb: true);
}
