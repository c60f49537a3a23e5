using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Models;
using KerasSharp.Utils;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Applications;

/// <summary>
/// <c>keras.applications.imagenet_utils</c> (keras_applications 1.0.8): <c>preprocess_input</c>,
/// <c>decode_predictions</c>, and what every application shares (the input shape check, the weights argument, the
/// fetch of Keras's weight files into <c>$KERAS_HOME/models</c>). Named as the Python module, like the model modules
/// (see docs/naming.md).
/// </summary>
public static class imagenet_utils
{
    /// <summary>Keras's address and MD5 of the ImageNet class index.</summary>
    public const string ClassIndexPath = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json";
    public const string ClassIndexHash = "c2c37ea517e94d9795004a39431a14cb";

    /// <summary>Where the class index is fetched from (tests point it at a file without Keras's hash).</summary>
    internal static (string Origin, string? Hash) ClassIndexSource { get; set; } = (ClassIndexPath, ClassIndexHash);

    /// <summary>
    /// How an ImageNet weight file (fname, origin, file_hash) becomes a local path: Keras's <c>get_file</c> into
    /// <c>$KERAS_HOME/models</c>. Tests replace it to see what is asked for, or to answer from a loopback server.
    /// </summary>
    internal static Func<string, string, string?, string> Fetcher { get; set; } = (fname, origin, file_hash) =>
        DataUtils.GetFile(fname, origin, cache_subdir: "models", file_hash: file_hash);

    private static readonly float[] CaffeMean = { 103.939f, 116.779f, 123.68f };
    private static readonly float[] TorchMean = { 0.485f, 0.456f, 0.406f };
    private static readonly float[] TorchStd = { 0.229f, 0.224f, 0.225f };

    /// <summary>
    /// <c>preprocess_input(x, data_format=None, mode='caffe')</c> on a batch of images (4D) or one image (3D) with
    /// values in [0, 255]: "caffe" turns RGB into BGR and subtracts the ImageNet mean of each channel; "tf" scales
    /// to [-1, 1]; "torch" scales to [0, 1] and normalises each channel by the ImageNet mean and standard deviation.
    /// Integer input becomes float32 first, as Keras casts it to floatx. A new tensor is returned: Keras writes a
    /// float numpy array over its input (docs/differences.md).
    /// </summary>
    public static Tensor PreprocessInput(Tensor x, string? data_format = null, string mode = "caffe")
    {
        ArgumentNullException.ThrowIfNull(x);
        data_format ??= KerasBackend.ImageDataFormat();
        if (data_format is not ("channels_first" or "channels_last"))
            throw new ArgumentException($"Unknown data_format {data_format}", nameof(data_format));
        if (mode is not ("caffe" or "tf" or "torch"))
            throw new ArgumentException($"Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode={mode}", nameof(mode));
        if (x.dim() is not (3 or 4))
            throw new ArgumentException($"preprocess_input expects an image (3D) or a batch of images (4D); received an array of shape {Layer.ShapeText(x.shape)}.", nameof(x));
        if (!x.is_floating_point()) x = x.to_type(ScalarType.Float32);
        var channelsFirst = data_format == "channels_first";
        var channelAxis = channelsFirst ? (int)x.dim() - 3 : (int)x.dim() - 1;
        if (x.shape[channelAxis] != 3 && mode != "tf")
            throw new ArgumentException($"preprocess_input in mode '{mode}' expects 3 channels on axis {channelAxis} ({data_format}); received an array of shape {Layer.ShapeText(x.shape)}.", nameof(x));

        if (mode == "tf") return x / 127.5 - 1.0;
        // Per-channel constants in x's dtype, shaped to broadcast along the channel axis.
        Tensor Channels(float[] values) => tensor(values, dtype: x.dtype).reshape(channelsFirst ? new long[] { 3, 1, 1 } : new long[] { 3 });
        if (mode == "torch") return (x / 255.0 - Channels(TorchMean)) / Channels(TorchStd);
        return x.flip(channelAxis) - Channels(CaffeMean);
    }

    /// <summary>
    /// <c>decode_predictions(preds, top=5)</c>: for each row of a (samples, 1000) batch of ImageNet scores, the
    /// <paramref name="top"/> classes as (class_name, class_description, score), highest score first, named from
    /// <c>$KERAS_HOME/models/imagenet_class_index.json</c> (fetched from Keras's address when absent).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<(string class_name, string class_description, float score)>> DecodePredictions(Tensor preds, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(preds);
        if (preds.dim() != 2 || preds.shape[1] != 1000)
            throw new ArgumentException($"`decode_predictions` expects a batch of predictions (i.e. a 2D array of shape (samples, 1000)). Found array with shape: {Layer.ShapeText(preds.shape)}", nameof(preds));
        if (top < 1) throw new ArgumentException($"top must be at least 1; received {top}.", nameof(top));
        var index = ClassIndex();
        var scores = preds.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray();
        var results = new List<IReadOnlyList<(string, string, float)>>();
        for (int row = 0; row < preds.shape[0]; row++)
        {
            var pred = new ArraySegment<float>(scores, row * 1000, 1000);
            results.Add(Enumerable.Range(0, 1000).OrderByDescending(i => pred[i]).Take(top)
                .Select(i => (index[i].Name, index[i].Description, pred[i])).ToList());
        }
        return results;
    }

    private static (string Name, string Description)[] ClassIndex()
    {
        var (origin, hash) = ClassIndexSource;
        var path = DataUtils.GetFile("imagenet_class_index.json", origin, cache_subdir: "models", file_hash: hash);
        JObject json;
        try
        {
            json = JObject.Parse(File.ReadAllText(path));
        }
        catch (Newtonsoft.Json.JsonReaderException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON ({e.Message}); delete it to fetch it again.", e);
        }
        return Enumerable.Range(0, 1000).Select(i =>
            json[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] is JArray { Count: 2 } entry
                ? ((string)entry[0]!, (string)entry[1]!)
                : throw new InvalidDataException($"{path} has no entry [class_name, class_description] for class {i}.")).ToArray();
    }

    /// <summary>
    /// Keras's checks of the <c>weights</c> and <c>classes</c> arguments, first in every application: null,
    /// "imagenet" or an existing file; 1000 classes for the ImageNet top. <c>pooling</c> is null, "avg" or "max"
    /// (Keras ignores other values; docs/differences.md).
    /// </summary>
    internal static void CheckArguments(string? weights, bool include_top, int classes, string? pooling)
    {
        if (pooling is not (null or "avg" or "max"))
            throw new ArgumentException($"pooling must be None, 'avg' or 'max'; received '{pooling}'.", nameof(pooling));
        if (!(weights is null or "imagenet" || File.Exists(weights)))
            throw new ArgumentException("The `weights` argument should be either `None` (random initialization), `imagenet` (pre-training on ImageNet), or the path to the weights file to be loaded.", nameof(weights));
        if (weights == "imagenet" && include_top && classes != 1000)
            throw new ArgumentException("If using `weights` as `\"imagenet\"` with `include_top` as true, `classes` should be 1000", nameof(classes));
    }

    /// <summary>
    /// Keras's <c>_obtain_input_shape</c>: the input shape (without the batch axis) a model is built for, from the
    /// one given (or none), the model's default and minimum sizes, the data format, whether a Flatten/Dense top needs
    /// a static size, and the weights (ImageNet weights need 3 channels, and the default size with the top).
    /// </summary>
    internal static Shape ObtainInputShape(Shape? input_shape, int default_size, int min_size, string data_format,
                                           bool require_flatten, string? weights)
    {
        var channelsFirst = data_format == "channels_first";
        Shape defaultShape;
        if (weights != "imagenet" && input_shape is { Rank: 3 })
        {
            var channels = input_shape[channelsFirst ? 0 : -1];
            if (channels is not (1 or 3))
                Console.Error.WriteLine($"UserWarning: This model usually expects 1 or 3 input channels. However, it was passed an input_shape with {Text(channels)} input channels.");
            defaultShape = channelsFirst ? new Shape(channels, default_size, default_size) : new Shape(default_size, default_size, channels);
        }
        else defaultShape = channelsFirst ? new Shape(3, default_size, default_size) : new Shape(default_size, default_size, 3);

        if (weights == "imagenet" && require_flatten)
        {
            if (input_shape is not null && !input_shape.Equals(defaultShape))
                throw new ArgumentException($"When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be {defaultShape}.", nameof(input_shape));
            return defaultShape;
        }
        if (input_shape is { Rank: > 0 })
        {
            if (input_shape.Rank != 3)
                throw new ArgumentException("`input_shape` must be a tuple of three integers.", nameof(input_shape));
            if (input_shape[channelsFirst ? 0 : -1] != 3 && weights == "imagenet")
                throw new ArgumentException($"The input must have 3 channels; got `input_shape={input_shape}`", nameof(input_shape));
            var (rows, cols) = channelsFirst ? (input_shape[1], input_shape[2]) : (input_shape[0], input_shape[1]);
            if (rows < min_size || cols < min_size)
                throw new ArgumentException($"Input size must be at least {min_size}x{min_size}; got `input_shape={input_shape}`", nameof(input_shape));
        }
        else input_shape = require_flatten ? defaultShape : channelsFirst ? new Shape(3, null, null) : new Shape(null, null, 3);
        if (require_flatten && !input_shape.IsFullyDefined())
            throw new ArgumentException($"If `include_top` is True, you should specify a static `input_shape`. Got `input_shape={input_shape}`", nameof(input_shape));
        return input_shape;
    }

    private static string Text(int? d) => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None";

    /// <summary>Without the top: the feature maps, or their global average or maximum per <paramref name="pooling"/>.</summary>
    internal static KerasTensor Pooling(KerasTensor x, string? pooling) => pooling switch
    {
        "avg" => new Layers.GlobalAveragePooling2D().Apply(x),
        "max" => new Layers.GlobalMaxPooling2D().Apply(x),
        _ => x,
    };

    /// <summary>The image input: <paramref name="input_tensor"/> when given, else a new <c>Input(shape=input_shape)</c>.</summary>
    internal static KerasTensor ImageInput(KerasTensor? input_tensor, Shape input_shape) =>
        input_tensor ?? Layers.LayerFunctions.Input(shape: input_shape);

    /// <summary>
    /// The model between the image input and <paramref name="x"/>, on the inputs <paramref name="input_tensor"/>
    /// comes from when one was given (Keras's <c>get_source_inputs</c>), with its weights: Keras's ImageNet file, or
    /// the file <paramref name="weights"/> names, loaded by layer order as Keras's <c>model.load_weights</c> does.
    /// </summary>
    internal static Model Finish(KerasTensor? input_tensor, KerasTensor imgInput, KerasTensor x, string name,
                                 string? weights, string? imagenetFile)
    {
        KerasTensorList inputs = input_tensor is null ? new[] { imgInput } : SourceInputs(input_tensor).ToArray();
        var model = new Model(inputs, x, name: name);
        var path = weights == "imagenet" ? imagenetFile : weights;
        // Keras's ImageNet files are in Keras 1's layout, which only the applications read (LegacyH5Format).
        if (path is not null) Saving.SavingApi.LoadWeights(model, path, byName: false, skipMismatch: false, keras1Allowed: true);
        return model;
    }

    /// <summary>
    /// <c>get_file(fname, origin, cache_subdir='models', file_hash=...)</c> for an ImageNet weight file: the path in
    /// <c>$KERAS_HOME/models</c>, fetched from Keras's address when absent (or, with a hash, when it differs).
    /// </summary>
    internal static string FetchWeights(string fname, string origin, string? file_hash) => Fetcher(fname, origin, file_hash);

    /// <summary>Keras's <c>get_source_inputs</c>: the input tensors a tensor is computed from, in the order met.</summary>
    private static List<KerasTensor> SourceInputs(KerasTensor tensor)
    {
        var found = new List<KerasTensor>();
        var seen = new HashSet<Node>();
        void Walk(KerasTensor t)
        {
            if (!seen.Add(t.Node)) return;
            if (t.Node.Inputs.Count == 0) found.Add(t);
            foreach (var input in t.Node.Inputs) Walk(input);
        }
        Walk(tensor);
        return found;
    }

    /// <summary>The channel axis of an image tensor (with its batch axis) for the current data format.</summary>
    internal static int ChannelAxis => KerasBackend.ImageDataFormat() == "channels_first" ? 1 : -1;
}
