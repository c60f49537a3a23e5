using System;
using System.IO;
using KerasSharp.Datasets;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Backend;

/// <summary>
/// <c>$KERAS_HOME/keras.json</c> (default <c>~/.keras/keras.json</c>), read once as Keras 2's backend does at import:
/// <c>epsilon</c>, <c>floatx</c> and <c>image_data_format</c>, each defaulting when absent; a file that is not valid JSON
/// counts as empty, as in Keras. Unlike Keras, the file is never written.
/// </summary>
internal sealed record KerasConfigFile(double Epsilon, string ImageDataFormat)
{
    private static readonly Lazy<KerasConfigFile> Loaded = new(() => Read(Path.Combine(KerasHome.Path, "keras.json")));

    public static KerasConfigFile Current => Loaded.Value;

    internal static KerasConfigFile Read(string path)
    {
        JObject config;
        try
        {
            config = File.Exists(path) ? JObject.Parse(File.ReadAllText(path)) : new JObject();
        }
        catch (JsonReaderException)
        {
            config = new JObject();
        }
        var epsilon = config["epsilon"] is { Type: JTokenType.Float or JTokenType.Integer } e ? (double)e
            : config["epsilon"] is null ? 1e-7
            : throw new KerasException($"{path}: `epsilon` must be a number. Received: {config["epsilon"]!.ToString(Formatting.None)}");
        var format = config["image_data_format"]?.ToString() ?? "channels_last";
        if (format is not ("channels_last" or "channels_first"))
            throw new KerasException($"{path}: `image_data_format` must be 'channels_last' or 'channels_first'. Received: '{format}'");
        if ((string?)config["floatx"] is { } floatx && floatx != KerasBackend.FloatXName)
            Console.Error.WriteLine($"UserWarning: {path}: floatx '{floatx}' is ignored: KerasSharp models compute in float32.");
        return new KerasConfigFile(epsilon, format);
    }
}
