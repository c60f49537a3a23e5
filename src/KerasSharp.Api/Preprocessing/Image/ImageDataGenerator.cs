using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// <c>keras.preprocessing.image.ImageDataGenerator</c> (keras_preprocessing 1.1): real-time augmentation and
/// normalisation. Random parameters are drawn per sample, as Keras does, but the whole batch is transformed at once
/// on the model's device (see <see cref="AffineTransformer"/>), which is what makes augmentation cheap.
/// </summary>
public sealed class ImageDataGenerator
{
    public ImageDataGenerator(bool featurewise_center = false, bool samplewise_center = false,
                              bool featurewise_std_normalization = false, bool samplewise_std_normalization = false,
                              bool zca_whitening = false, double zca_epsilon = 1e-6, double rotation_range = 0,
                              ShiftRange? width_shift_range = null, ShiftRange? height_shift_range = null,
                              (double Lower, double Upper)? brightness_range = null, double shear_range = 0,
                              ZoomRange? zoom_range = null, double channel_shift_range = 0,
                              string fill_mode = "nearest", double cval = 0, bool horizontal_flip = false,
                              bool vertical_flip = false, double? rescale = null,
                              Func<Tensor, Tensor>? preprocessing_function = null, string? data_format = null,
                              double validation_split = 0.0, int interpolation_order = 1, string dtype = "float32")
    {
        DataFormat = ArgumentValidation.DataFormat(data_format);
        if (validation_split != 0 && !(validation_split > 0 && validation_split < 1))
            throw new ArgumentException($"`validation_split` must be strictly between 0 and 1. Received: {validation_split}", nameof(validation_split));
        if (interpolation_order != 1)
            throw new ArgumentException($"Only bilinear interpolation (interpolation_order=1, the Keras default) is supported. Received: interpolation_order={interpolation_order}", nameof(interpolation_order));
        if (dtype != "float32")
            throw new ArgumentException($"Only dtype='float32' is supported. Received: dtype='{dtype}'", nameof(dtype));
        FillMode = ArgumentValidation.OneOf(nameof(fill_mode), fill_mode, "constant", "nearest", "reflect", "wrap");
        RotationRange = NonNegative(nameof(rotation_range), rotation_range);
        ShearRange = NonNegative(nameof(shear_range), shear_range);
        ChannelShiftRange = NonNegative(nameof(channel_shift_range), channel_shift_range);
        WidthShiftRange = width_shift_range ?? 0.0;
        HeightShiftRange = height_shift_range ?? 0.0;
        CheckShift(nameof(width_shift_range), WidthShiftRange);
        CheckShift(nameof(height_shift_range), HeightShiftRange);
        ZoomRange = zoom_range ?? 0.0;
        if (ZoomRange.Lower <= 0 || ZoomRange.Upper < ZoomRange.Lower)
            throw new ArgumentException($"`zoom_range` must give 0 < lower <= upper. Received: zoom_range=[{ZoomRange.Lower}, {ZoomRange.Upper}]", nameof(zoom_range));
        if (brightness_range is { } br && (br.Lower < 0 || br.Upper < br.Lower))
            throw new ArgumentException($"`brightness_range` must give 0 <= lower <= upper. Received: brightness_range=({br.Lower}, {br.Upper})", nameof(brightness_range));
        BrightnessRange = brightness_range;
        Cval = cval;
        HorizontalFlip = horizontal_flip;
        VerticalFlip = vertical_flip;
        Rescale = rescale;
        PreprocessingFunction = preprocessing_function;
        ValidationSplit = validation_split;
        InterpolationOrder = interpolation_order;
        Dtype = dtype;
        ZcaEpsilon = zca_epsilon;
        SamplewiseCenter = samplewise_center;
        SamplewiseStdNormalization = samplewise_std_normalization;
        // As in Keras: ZCA implies centring and replaces std normalisation; std normalisation implies centring.
        ZcaWhitening = zca_whitening;
        FeaturewiseStdNormalization = featurewise_std_normalization && !zca_whitening;
        FeaturewiseCenter = featurewise_center || zca_whitening || featurewise_std_normalization;
        if (zca_whitening && !featurewise_center)
            Warn("This ImageDataGenerator specifies `zca_whitening`, which overrides setting of `featurewise_center`.");
        if (zca_whitening && featurewise_std_normalization)
            Warn("This ImageDataGenerator specifies `zca_whitening` which overrides setting of`featurewise_std_normalization`.");
        if (featurewise_std_normalization && !featurewise_center)
            Warn("This ImageDataGenerator specifies `featurewise_std_normalization`, which overrides setting of `featurewise_center`.");
        if (samplewise_std_normalization && !samplewise_center)
            Warn("This ImageDataGenerator specifies `samplewise_std_normalization`, which overrides setting of `samplewise_center`.");
        SamplewiseCenter |= samplewise_std_normalization;
    }

    public bool FeaturewiseCenter { get; }
    public bool SamplewiseCenter { get; }
    public bool FeaturewiseStdNormalization { get; }
    public bool SamplewiseStdNormalization { get; }
    public bool ZcaWhitening { get; }
    public double ZcaEpsilon { get; }
    public double RotationRange { get; }
    public ShiftRange WidthShiftRange { get; }
    public ShiftRange HeightShiftRange { get; }
    public (double Lower, double Upper)? BrightnessRange { get; }
    public double ShearRange { get; }
    public ZoomRange ZoomRange { get; }
    public double ChannelShiftRange { get; }
    public string FillMode { get; }
    public double Cval { get; }
    public bool HorizontalFlip { get; }
    public bool VerticalFlip { get; }
    public double? Rescale { get; }
    public Func<Tensor, Tensor>? PreprocessingFunction { get; }
    public string DataFormat { get; }
    public double ValidationSplit { get; }
    public int InterpolationOrder { get; }
    public string Dtype { get; }

    /// <summary>Per-channel mean from <see cref="Fit"/>, shape (1, 1, C) (channels_last) or (C, 1, 1).</summary>
    public Tensor? Mean { get; private set; }

    /// <summary>Per-channel standard deviation from <see cref="Fit"/>.</summary>
    public Tensor? Std { get; private set; }

    /// <summary>The ZCA matrix from <see cref="Fit"/>, (H·W·C, H·W·C).</summary>
    public Tensor? PrincipalComponents { get; private set; }

    private bool ChannelsLast => DataFormat == "channels_last";

    /// <summary>
    /// Keras's <c>fit</c>: the per-channel mean and population standard deviation, and the ZCA matrix, of sample
    /// data of rank 4 (computed in float64). With <c>augment</c>, on <c>rounds</c> randomly transformed copies.
    /// </summary>
    public void Fit(Tensor x, bool augment = false, int rounds = 1, int? seed = null)
    {
        if (x.dim() != 4)
            throw new ArgumentException($"Input to `.fit()` should have rank 4. Got array with shape: {Layer.ShapeText(x.shape)}", nameof(x));
        if (rounds <= 0) throw new ArgumentException($"`rounds` must be positive. Received: rounds={rounds}", nameof(rounds));
        WarnOnChannels(x, "ImageDataGenerator.fit");
        if (!FeaturewiseCenter && !FeaturewiseStdNormalization && !ZcaWhitening) return;
        using var scope = torch.NewDisposeScope();
        var data = x.to(float32, KerasBackend.Device);
        if (augment)
        {
            var generator = seed is int s ? new torch.Generator((ulong)s) : null;
            data = cat(Enumerable.Range(0, rounds).Select(_ => Transform(data, generator)).ToArray(), 0);
        }
        var d = data.to(float64);
        var channelAxis = ChannelsLast ? 3 : 1;
        var axes = new long[] { 0, 1, 2, 3 }.Where(a => a != channelAxis).ToArray();
        var shape = ChannelsLast ? new long[] { 1, 1, d.shape[3] } : new long[] { d.shape[1], 1, 1 };
        var mean = d.mean(axes).reshape(shape);
        d = d - mean;
        Mean?.Dispose();
        Mean = mean.to(float32).DetachFromDisposeScope();
        if (FeaturewiseStdNormalization)
        {
            var std = d.square().mean(axes).sqrt().reshape(shape);
            d = d / (std + 1e-6);
            Std?.Dispose();
            Std = std.to(float32).DetachFromDisposeScope();
        }
        if (ZcaWhitening)
        {
            var flat = d.reshape(d.shape[0], -1);
            var sigma = flat.t().matmul(flat) / flat.shape[0];
            var (u, sv, _) = linalg.svd(sigma);
            var components = (u * (1.0 / (sv + ZcaEpsilon).sqrt()).unsqueeze(0)).matmul(u.t());
            PrincipalComponents?.Dispose();
            PrincipalComponents = components.to(float32).DetachFromDisposeScope();
        }
    }

    /// <summary>Keras's <c>standardize</c> on one image or a batch (a new tensor; Keras works in place).</summary>
    public Tensor Standardize(Tensor x)
    {
        var batch = x.dim() == 3 ? x.unsqueeze(0) : x;
        var result = StandardizeBatch(batch.to(float32));
        return x.dim() == 3 ? result.squeeze(0) : result;
    }

    /// <summary>
    /// Keras's <c>get_random_transform</c> for one image of shape <paramref name="img_shape"/> (rank 3), drawn from a
    /// generator seeded with <paramref name="seed"/> or from torch's global one.
    /// </summary>
    public TransformParameters GetRandomTransform(long[] img_shape, int? seed = null)
    {
        if (img_shape.Length != 3)
            throw new ArgumentException($"`img_shape` must be the shape of one image, rank 3. Received: ({string.Join(", ", img_shape)})", nameof(img_shape));
        using var scope = torch.NewDisposeScope();
        var generator = seed is int s ? new torch.Generator((ulong)s) : null;
        return Draw(1, img_shape, generator).Single(0);
    }

    /// <summary>Keras's <c>apply_transform</c> on one image (rank 3), with the given parameters.</summary>
    public Tensor ApplyTransform(Tensor x, TransformParameters transform_parameters)
    {
        CheckImage(x, nameof(x));
        using var scope = torch.NewDisposeScope();
        var batch = ToChannelsLast(x.unsqueeze(0).to(float32));
        var y = AffineTransformer.Apply(batch, TransformBatch.From(transform_parameters), FillMode, Cval);
        return FromChannelsLast(y).squeeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>Keras's <c>random_transform</c>: one image, randomly transformed.</summary>
    public Tensor RandomTransform(Tensor x, int? seed = null)
    {
        CheckImage(x, nameof(x));
        return ApplyTransform(x, GetRandomTransform(x.shape, seed));
    }

    /// <summary>
    /// Keras's <c>flow</c>: batches of augmented, standardized images from arrays. <paramref name="subset"/> picks the
    /// 'training' or 'validation' part when <c>validation_split</c> is set (validation is the first part, as Keras).
    /// </summary>
    public NumpyArrayIterator Flow(Tensor x, Tensor? y = null, int batch_size = 32, bool shuffle = true,
                                   Tensor? sample_weight = null, int? seed = null, string? save_to_dir = null,
                                   string save_prefix = "", string save_format = "png", string? subset = null) =>
        new(x, y, this, batch_size, shuffle, sample_weight, seed, DataFormat, save_to_dir, save_prefix, save_format, subset);

    /// <summary>
    /// Keras's <c>flow_from_directory</c>: one class per subfolder of <paramref name="directory"/>; images are decoded,
    /// resized to <paramref name="target_size"/> (height, width), augmented and standardized batch by batch.
    /// </summary>
    public DirectoryIterator FlowFromDirectory(string directory, (int Height, int Width)? target_size = null,
                                               string color_mode = "rgb", IReadOnlyList<string>? classes = null,
                                               string? class_mode = "categorical", int batch_size = 32,
                                               bool shuffle = true, int? seed = null, string? save_to_dir = null,
                                               string save_prefix = "", string save_format = "png",
                                               bool follow_links = false, string? subset = null,
                                               string interpolation = "nearest") =>
        new(directory, this, target_size ?? (256, 256), color_mode, classes, class_mode, batch_size, shuffle, seed,
            DataFormat, save_to_dir, save_prefix, save_format, follow_links, subset, interpolation);

    /// <summary>Draws per-sample parameters and transforms a batch (B, ...) in this generator's data format.</summary>
    internal Tensor Transform(Tensor batch, torch.Generator? generator)
    {
        using var scope = torch.NewDisposeScope();
        var image = ChannelsLast ? batch.shape[1..] : new[] { batch.shape[2], batch.shape[3], batch.shape[1] };
        var p = Draw(batch.shape[0], image, generator);
        var y = AffineTransformer.Apply(ToChannelsLast(batch), p, FillMode, Cval);
        return FromChannelsLast(y).MoveToOuterDisposeScope();
    }

    /// <summary>Augment then standardize, as the iterators do for every sample.</summary>
    internal Tensor AugmentAndStandardize(Tensor batch, torch.Generator? generator) =>
        StandardizeBatch(Transform(batch, generator));

    /// <summary>
    /// Per-sample parameters with Keras's distributions (keras_preprocessing 1.1 get_random_transform), for images of
    /// shape (H, W, C), as CPU float64 tensors.
    /// </summary>
    internal TransformBatch Draw(long batch, long[] image, torch.Generator? generator)
    {
        Tensor Uniform(double lo, double hi) => empty(batch, float64).uniform_(lo, hi, generator);
        Tensor Zeros() => zeros(batch, float64);
        Tensor Shift(ShiftRange range, long size)
        {
            if (range.IsZero) return Zeros();
            Tensor value;
            if (range.Uniform is double u)
            {
                value = Uniform(-u, u);
            }
            else
            {
                var choices = tensor(range.Choices!, float64);
                var pick = randint(0, choices.shape[0], new[] { batch }, generator: generator);
                var sign = randint(0, 2, new[] { batch }, generator: generator) * 2 - 1;
                value = choices.index_select(0, pick) * sign;
            }
            return range.IsFraction ? value * size : value;
        }
        Tensor Flip(bool enabled)
        {
            var draw = empty(batch, float64).uniform_(0, 1, generator).lt(0.5);
            return enabled ? draw : zeros(batch, ScalarType.Bool);
        }

        var theta = RotationRange != 0 ? Uniform(-RotationRange, RotationRange) : Zeros();
        var tx = Shift(HeightShiftRange, image[0]);
        var ty = Shift(WidthShiftRange, image[1]);
        var shear = ShearRange != 0 ? Uniform(-ShearRange, ShearRange) : Zeros();
        Tensor zx, zy;
        if (ZoomRange.IsIdentity)
        {
            (zx, zy) = (ones(batch, float64), ones(batch, float64));
        }
        else
        {
            zx = Uniform(ZoomRange.Lower, ZoomRange.Upper);
            zy = Uniform(ZoomRange.Lower, ZoomRange.Upper);
        }
        var flipH = Flip(HorizontalFlip);
        var flipV = Flip(VerticalFlip);
        var shift = ChannelShiftRange != 0 ? Uniform(-ChannelShiftRange, ChannelShiftRange) : null;
        var brightness = BrightnessRange is { } br ? Uniform(br.Lower, br.Upper) : null;
        return new TransformBatch(theta, tx, ty, shear, zx, zy, flipH, flipV, shift, brightness);
    }

    private Tensor StandardizeBatch(Tensor x)
    {
        if (PreprocessingFunction is not null)
            x = stack(Enumerable.Range(0, (int)x.shape[0]).Select(i => PreprocessingFunction(x[i])).ToArray());
        if (Rescale is double r) x = x * r;
        var sampleAxes = new long[] { 1, 2, 3 };
        if (SamplewiseCenter) x = x - x.mean(sampleAxes, keepdim: true);
        if (SamplewiseStdNormalization) x = x / (x.std(sampleAxes, unbiased: false, keepdim: true) + 1e-6);
        if (FeaturewiseCenter)
        {
            if (Mean is not null) x = x - Mean.to(x.device);
            else Warn("This ImageDataGenerator specifies `featurewise_center`, but it hasn't been fit on any training data. Fit it first by calling `.fit(numpy_data)`.");
        }
        if (FeaturewiseStdNormalization)
        {
            if (Std is not null) x = x / (Std.to(x.device) + 1e-6);
            else Warn("This ImageDataGenerator specifies `featurewise_std_normalization`, but it hasn't been fit on any training data. Fit it first by calling `.fit(numpy_data)`.");
        }
        if (ZcaWhitening)
        {
            if (PrincipalComponents is null)
                throw new KerasException("This ImageDataGenerator specifies `zca_whitening`, but it hasn't been fit on any training data. Fit it first by calling `.fit(numpy_data)`.");
            x = x.reshape(x.shape[0], -1).matmul(PrincipalComponents.to(x.device)).reshape(x.shape);
        }
        return x;
    }

    private Tensor ToChannelsLast(Tensor x) => ChannelsLast ? x : x.permute(0, 2, 3, 1);
    private Tensor FromChannelsLast(Tensor x) => ChannelsLast ? x : x.permute(0, 3, 1, 2);

    private static void CheckImage(Tensor x, string argument)
    {
        if (x.dim() != 3)
            throw new ArgumentException($"Expected one image of rank 3. Received an array with shape {Layer.ShapeText(x.shape)}", argument);
    }

    internal void WarnOnChannels(Tensor x, string where)
    {
        var channels = x.shape[ChannelsLast ? 3 : 1];
        if (channels is not (1 or 3 or 4))
            Warn($"{where}: expected either 1, 3 or 4 channels on axis {(ChannelsLast ? 3 : 1)} (data format \"{DataFormat}\"). However, it was passed an array with shape {Layer.ShapeText(x.shape)} ({channels} channels).");
    }

    private static double NonNegative(string argument, double value) => ArgumentValidation.NonNegative(argument, value);

    private static void CheckShift(string argument, ShiftRange range)
    {
        if (range.Uniform is < 0 || range.Choices?.Any(double.IsNaN) == true)
            throw new ArgumentException($"`{argument}` must be >= 0. Received: {argument}={range}", argument);
    }

    /// <summary>Where Keras warns (warnings.warn), KerasSharp writes to standard error.</summary>
    internal static void Warn(string message) => Console.Error.WriteLine("UserWarning: " + message);
}
