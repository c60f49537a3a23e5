using System;
using System.Collections.Generic;
using System.IO;
using KerasSharp.Models;
using PureHDF;

namespace KerasSharp.Saving;

// The saving dispatcher (keras/src/saving/saving_api.py): writing goes by the file name's suffix, reading by the file's
// content, and only here; the format modules never route to one another.
public static partial class SavingApi
{
    private static readonly byte[] Hdf5Signature = { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>
    /// <c>keras.models.load_model(filepath, custom_objects=None)</c>: a whole model from an HDF5 file (Keras 2 and 3 legacy layout) or a
    /// Keras 3 <c>.keras</c> zip, told apart by their first bytes (tf.keras 2.x wrote HDF5 files named .keras). A file
    /// with a training config comes back compiled, with its optimizer state, so training resumes where it stopped.
    /// </summary>
    public static Model LoadModel(string filepath, IReadOnlyDictionary<string, object>? custom_objects = null)
    {
        ModelFile(filepath, "model");
        using var scope = Reading(custom_objects);
        var head = Head(filepath);
        try
        {
            if (IsZip(head)) return KerasZipFormat.Load(filepath);
            if (IsHdf5(head))
            {
                using var file = H5File.OpenRead(filepath);
                if (!ModelH5Format.IsModelFile(file))
                    throw new KerasException($"{filepath} is an HDF5 file without a model_config: a weights file (use LoadWeights on a model) or not a Keras file.");
                return ModelH5Format.Load(file, filepath);
            }
        }
        catch (Exception e) when (e is not KerasException)
        {
            throw new KerasException($"Could not read the model file {filepath}: it is truncated or not a Keras file ({e.Message}).", e);
        }
        throw new KerasException($"{filepath} is neither an HDF5 file nor a .keras zip (its first bytes are {Convert.ToHexString(head)}).");
    }

    /// <summary><c>model.save</c>: a <c>.keras</c> name is Keras 3's zip, any other Keras 2's whole-model HDF5.</summary>
    internal static void SaveModel(Model model, string filepath)
    {
        ArgumentNullException.ThrowIfNull(filepath);
        if (filepath.EndsWith(".keras", StringComparison.OrdinalIgnoreCase)) KerasZipFormat.Save(model, filepath);
        else ModelH5Format.Save(model, filepath);
    }

    /// <summary><c>model.save_weights</c>: a <c>.weights.h5</c> name is Keras 3's layout, any other Keras 2's.</summary>
    internal static void SaveWeights(Model model, string filepath)
    {
        ArgumentNullException.ThrowIfNull(filepath);
        if (filepath.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase)) WeightsH5Format.Save(model, filepath);
        else LegacyH5Format.Save(model, filepath);
    }

    /// <summary>
    /// <c>model.load_weights</c>, by content: a <c>.keras</c> zip's weights, Keras 3's <c>.weights.h5</c> layout, a
    /// whole-model file's <c>model_weights</c>, or a Keras 2 weights file. Anything unreadable is a
    /// <see cref="KerasException"/> naming the file.
    /// </summary>
    /// <param name="keras1Allowed">keras.applications' ImageNet files only: read Keras 1's layout (see LegacyH5Format).</param>
    internal static void LoadWeights(Model model, string filepath, bool byName, bool skipMismatch, bool keras1Allowed = false)
    {
        ModelFile(filepath, "weights");
        try
        {
            if (IsZip(Head(filepath)))
            {
                KerasZipFormat.LoadWeights(model, filepath, skipMismatch);
                return;
            }
            using var file = H5File.OpenRead(filepath);
            if (WeightsH5Format.IsWeightsH5(file)) WeightsH5Format.Load(model, file, filepath, skipMismatch);
            else LegacyH5Format.Load(model, ModelH5Format.Weights(file) ?? file, file, filepath, byName, skipMismatch, keras1Allowed);
        }
        catch (Exception e) when (e is not KerasException and not FileNotFoundException)
        {
            throw new KerasException($"Could not read the weights file {filepath}: it is not a valid Keras HDF5 file, or it is truncated ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Checks that <paramref name="filepath"/> names a file to read: null, a folder (such as a TensorFlow SavedModel,
    /// which KerasSharp does not read) and a missing file each get their own error.
    /// </summary>
    private static void ModelFile(string filepath, string what)
    {
        ArgumentNullException.ThrowIfNull(filepath);
        if (Directory.Exists(filepath))
            throw new IOException($"{filepath} is a folder, not a {what} file. KerasSharp reads Keras's HDF5 (.h5) and .keras files; a TensorFlow SavedModel folder is not supported.");
        if (!File.Exists(filepath)) throw new FileNotFoundException($"No such {what} file: {filepath}", filepath);
    }

    private static byte[] Head(string filepath)
    {
        var head = new byte[Hdf5Signature.Length];
        using var stream = File.OpenRead(filepath);
        stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head;
    }

    private static bool IsZip(byte[] head) => head[0] == (byte)'P' && head[1] == (byte)'K';

    private static bool IsHdf5(byte[] head) => head.AsSpan().SequenceEqual(Hdf5Signature);
}
