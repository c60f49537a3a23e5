// Uses KerasSharp only through its package: trains a small model, saves its weights, and loads the committed
// tiny.model.json (what model.ToJson() wrote for this model) both with ModelFromJson and through the class that the
// package's generator makes of it; round-trips a PNG through ImageFiles. Prints the values PackageConsumerTests
// checks; exits 1 when a check fails.
//   dotnet run --project tests/PackageConsumer [-- OUTPUT_DIR]       (OUTPUT_DIR defaults to a temporary folder)
//   dotnet run --project tests/PackageConsumer -- --write-json FILE  (rewrites tiny.model.json from the runtime)
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Utils;
using TorchSharp;
using static KerasSharp.Saving.SavingApi;

namespace PackageConsumer;

public static class Program
{
    public static int Main(string[] args)
    {
        KerasBackend.SetSeed(7);
        if (args.Length == 2 && args[0] == "--write-json")
        {
            File.WriteAllText(args[1], Tiny().ToJson());
            Console.WriteLine($"wrote {args[1]}");
            return 0;
        }
        var output = args.Length > 0 ? Directory.CreateDirectory(args[0]).FullName
                                     : Directory.CreateTempSubdirectory("kerassharp-consumer").FullName;

        // A 2-class problem: is the sum of the 4 features positive?
        var x = torch.randn(512, 4);
        var labels = (x.sum(1) > 0).to_type(torch.int64);
        var y = NpUtils.ToCategorical(labels, 2);

        var model = Tiny();
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        model.Summary();
        var history = model.Fit(x, y, batch_size: 32, epochs: 40, verbose: 0);
        var loss = history.Values["loss"];
        var accuracy = history.Values["accuracy"][^1];
        Console.WriteLine($"loss {loss[0]:F4} -> {loss[^1]:F4}, accuracy {accuracy:F3}");
        Check(loss[^1] < 0.7 * loss[0], "the loss went down");
        Check(accuracy >= 0.9, "the accuracy reached 0.9");

        var weights = Path.Combine(output, "tiny.weights.h5");
        model.SaveWeights(weights);
        var expected = model.Predict(x[..16]);

        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "tiny.model.json"));
        var reloaded = ModelFromJson(json);
        reloaded.LoadWeights(weights);
        Check(reloaded.Predict(x[..16]).allclose(expected), "ModelFromJson(tiny.model.json) + LoadWeights predicts as the trained model");
        Console.WriteLine($"loaded with ModelFromJson: {reloaded.Layers.Count} layers, {reloaded.CountParams()} params");

        // The class the package's generator made of tiny.model.json (KerasModelClass="TinyModel").
        var typed = new TinyModel();
        typed.LoadWeights(weights);
        Check(typed.Predict(x[..16]).allclose(expected), "TinyModel + LoadWeights predicts as the trained model");
        Dense hidden = typed.Hidden, last = typed.OutputLayer;
        Check(hidden.Units == 8 && last.Units == 2, "TinyModel's typed layer properties");
        Check(TinyModel.FromJson(json).CountParams() == model.CountParams(), "TinyModel.FromJson");
        Console.WriteLine($"TinyModel input {TinyModel.DeclaredInputShape}, output {TinyModel.DeclaredOutputShape}");
        Console.WriteLine($"loaded through generated class TinyModel: {typed.CountParams()} params");

        // Images go through SkiaSharp, whose managed and Linux native parts come as the package's dependencies.
        var png = Path.Combine(output, "pixels.png");
        var pixels = torch.tensor(new float[] { 0, 64, 128, 255, 32, 16 }).view(1, 2, 3);
        ImageFiles.SaveImg(png, pixels, scale: false);
        Check(ImageFiles.LoadImg(png).allclose(pixels, rtol: 0, atol: 0), "ImageFiles.SaveImg + LoadImg round-trip a PNG");
        Console.WriteLine(_failures == 0 ? "consumer: all checks passed" : $"consumer: {_failures} check(s) failed");
        return _failures == 0 ? 0 : 1;
    }

    /// <summary>The model of tiny.model.json: Dense(8, relu) on 4 features, then Dense(2, softmax); 58 params.</summary>
    private static Sequential Tiny()
    {
        var model = new Sequential(name: "tiny");
        model.Add(new Dense(8, activation: "relu", input_shape: 4, name: "hidden"));
        model.Add(new Dense(2, activation: "softmax", name: "output"));
        return model;
    }

    private static int _failures;

    private static void Check(bool ok, string what)
    {
        Console.WriteLine($"{(ok ? "ok" : "FAILED")}: {what}");
        if (!ok) _failures++;
    }
}
