using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KerasSharp.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// What <c>ImageDataGenerator.FlowFromDirectory</c> returns (keras_preprocessing's DirectoryIterator): one class per
/// subfolder (sorted by name, or as given by <c>classes</c>), its image files found recursively in sorted order,
/// decoded, resized to <c>target_size</c>, augmented and standardized per batch.
/// </summary>
public sealed class DirectoryIterator : ImageIterator
{
    private static readonly string[] WhiteListFormats = { ".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".tif", ".tiff" };

    private readonly ImageDataGenerator _generator;
    private readonly string[] _paths;

    internal DirectoryIterator(string directory, ImageDataGenerator generator, (int Height, int Width) targetSize,
                               string colorMode, IReadOnlyList<string>? classes, string? classMode, int batchSize,
                               bool shuffle, int? seed, string dataFormat, string? saveToDir, string savePrefix,
                               string saveFormat, bool followLinks, string? subset, string interpolation)
        : base(Collect(directory, generator, classes, followLinks, subset, out var found), batchSize, shuffle, seed,
               saveToDir, savePrefix, saveFormat, dataFormat)
    {
        _generator = generator;
        TargetSize = targetSize;
        ColorMode = ArgumentValidation.OneOf("color_mode", colorMode, "rgb", "rgba", "grayscale");
        ClassMode = classMode is null ? null : ArgumentValidation.OneOf("class_mode", classMode, "categorical", "binary", "sparse", "input");
        Interpolation = interpolation;
        ClassIndices = found.ClassIndices;
        Filenames = found.Files.Select(f => Path.GetRelativePath(directory, f.Path)).ToArray();
        Classes = found.Files.Select(f => f.Class).ToArray();
        _paths = found.Files.Select(f => f.Path).ToArray();
        if (ClassMode == "binary" && ClassIndices.Count != 2)
            throw new ArgumentException($"class_mode='binary' needs exactly 2 classes; found {ClassIndices.Count} in {directory}.", "class_mode");
        Console.WriteLine($"Found {N} images belonging to {ClassIndices.Count} classes.");
    }

    public (int Height, int Width) TargetSize { get; }
    public string ColorMode { get; }
    public string? ClassMode { get; }
    public string Interpolation { get; }

    /// <summary>Class name → index, as Keras's <c>class_indices</c>.</summary>
    public IReadOnlyDictionary<string, int> ClassIndices { get; }

    /// <summary>Each sample's path relative to the directory, in sample order.</summary>
    public IReadOnlyList<string> Filenames { get; }

    /// <summary>Each sample's class index, in sample order (Keras's <c>classes</c>).</summary>
    public IReadOnlyList<int> Classes { get; }

    protected override (Tensor x, Tensor? y, Tensor? sample_weight) Batch(Tensor indices, torch.Generator? generator)
    {
        var ids = indices.data<long>().ToArray();
        var images = ids.Select(i => ImageFiles.LoadImg(_paths[i], ColorMode, TargetSize, Interpolation)).ToArray();
        var x = stack(images).to(KerasBackend.Device);
        if (DataFormat != "channels_last") x = x.permute(0, 3, 1, 2).contiguous();
        x = _generator.AugmentAndStandardize(x, generator);
        var labels = tensor(ids.Select(i => (long)Classes[(int)i]).ToArray());
        Tensor? y = ClassMode switch
        {
            "categorical" => nn.functional.one_hot(labels, ClassIndices.Count).to(float32),
            "binary" => labels.to(float32),
            "sparse" => labels,
            "input" => x.clone(),
            _ => null,
        };
        return (x, y, null);
    }

    private sealed record Found(Dictionary<string, int> ClassIndices, List<(string Path, int Class)> Files);

    private static int Collect(string directory, ImageDataGenerator generator, IReadOnlyList<string>? classes,
                               bool followLinks, string? subset, out Found found)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"flow_from_directory: the directory {directory} does not exist.");
        var names = classes?.ToList() ?? Directory.GetDirectories(directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList()!;
        (double Start, double Stop) split = (0, 1);
        if (subset is not null)
        {
            ArgumentValidation.OneOf(nameof(subset), subset, "training", "validation");
            if (generator.ValidationSplit == 0)
                throw new ArgumentException($"subset='{subset}' needs a validation_split on the ImageDataGenerator.", nameof(subset));
            split = subset == "validation" ? (0, generator.ValidationSplit) : (generator.ValidationSplit, 1);
        }
        var indices = names.Select((n, i) => (n, i)).ToDictionary(p => p.n!, p => p.i);
        var files = new List<(string, int)>();
        foreach (var (name, index) in indices.OrderBy(p => p.Value))
        {
            var valid = ValidFiles(Path.Combine(directory, name), followLinks).ToList();
            var (start, stop) = ((int)(split.Start * valid.Count), (int)(split.Stop * valid.Count));
            files.AddRange(valid.Skip(start).Take(stop - start).Select(f => (f, index)));
        }
        found = new Found(indices, files);
        return files.Count;
    }

    /// <summary>keras_preprocessing's <c>_iter_valid_files</c>: folders in sorted order, files sorted within each.</summary>
    private static IEnumerable<string> ValidFiles(string folder, bool followLinks)
    {
        if (!Directory.Exists(folder)) yield break;
        var walk = new List<string> { folder };
        var stack = new Stack<string>();
        stack.Push(folder);
        while (stack.Count > 0)
        {
            foreach (var sub in Directory.GetDirectories(stack.Pop()))
            {
                if (!followLinks && new DirectoryInfo(sub).LinkTarget is not null) continue;
                walk.Add(sub);
                stack.Push(sub);
            }
        }
        foreach (var root in walk.OrderBy(p => p, StringComparer.Ordinal))
            foreach (var file in Directory.GetFiles(root).OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal))
                if (WhiteListFormats.Any(ext => file.EndsWith(ext, StringComparison.OrdinalIgnoreCase)))
                    yield return file;
    }
}
