using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using PureHDF;
using Xunit;
using static KerasSharp.Saving.SavingApi;

namespace KerasSharp.Tests.Saving;

/// <summary>
/// Real Keras files, loaded and run: predictions equal an independent numpy forward pass from the same files
/// (Goldens/fixtures/make_fixture_goldens.py, reading them with h5py).
/// </summary>
public sealed class FixturePredictionTests
{
    private static readonly JArray Cases = (JArray)Golden.Load("fixtures/predictions.json");

    public static IEnumerable<object[]> Names => Cases.Select(c => new object[] { (string)c["name"]! });

    [FixtureTheory]
    [MemberData(nameof(Names))]
    public void Predictions_equal_the_numpy_reference(string name)
    {
        var c = (JObject)Cases.Single(k => (string)k["name"]! == name);
        var model = ModelFromJson(Config((string)c["json"]!));
        var weights = (string)c["weights"]!;
        // The Keras 3 pair's weights are checked through its legacy .h5 copy (identical tensors, per the script).
        if (weights.EndsWith(".weights.h5")) weights = weights.Replace("model.weights.h5", "model.h5");
        model.LoadWeights(Path.Combine(FixtureFactAttribute.Folder, weights));

        var output = model.Predict(Golden.Tensor(c["input"]!));

        Golden.ShouldMatch(output, c["output"]!, 1e-5, name);
    }

    private static string Config(string reference)
    {
        var parts = reference.Split('!');
        var path = Path.Combine(FixtureFactAttribute.Folder, parts[0]);
        if (parts.Length == 1) return File.ReadAllText(path);
        if (path.EndsWith(".keras"))
        {
            using var zip = ZipFile.OpenRead(path);
            using var reader = new StreamReader(zip.GetEntry(parts[1])!.Open());
            return reader.ReadToEnd();
        }
        using var file = H5File.OpenRead(path);
        return file.Attribute(parts[1]).Read<string>();
    }
}
