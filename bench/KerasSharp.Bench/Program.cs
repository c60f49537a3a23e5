using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace KerasSharp.Bench;

/// <summary>
/// Entry point. Without <c>--only</c> it is the parent: it starts itself once per variant (<c>--only keras|nchw|nhwc</c>)
/// so that each variant's peak resident memory is its own, collects the children's <c>RESULT</c> lines and prints the
/// Markdown table. With <c>--in-process</c> it runs every variant here instead; with <c>--diag</c> it prints the
/// per-layer diagnostic; with <c>--augment</c> the augmentation benchmark.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (HelpRequestedException)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        if (options.FmaPeak)
        {
            Bench.FmaPeak.Run(options);
            return 0;
        }
        if (options.Lstm is string lstm)
        {
            LstmBench.Run(lstm, options);
            return 0;
        }
        if (options.InferenceDiagnose)
        {
            InferenceDiagnostics.Run(options);
            return 0;
        }
        if (options.Applications is string application)
        {
            ApplicationsBench.Run(application, options);
            return 0;
        }
        if (options.Augment)
        {
            AugmentationBench.Run(options);
            return 0;
        }
        if (options.ResNetDiagnose)
        {
            ResNetDiagnostics.Run(options);
            return 0;
        }
        if (options.Diagnose)
        {
            Diagnostics.Run(options);
            return 0;
        }
        if (options.Interleaved)
        {
            VariantRunner.InitializeTorch(options);
            using var data = new SyntheticData(options.InferBatches, options.Seed);
            Console.WriteLine(InterleavedRunner.Run(options, data));
            return 0;
        }
        if (options.Only is string only)
        {
            VariantRunner.InitializeTorch(options);
            using var data = new SyntheticData(options.InferBatches, options.Seed);
            var result = VariantRunner.Run(only, options, data);
            Console.WriteLine(result.ToLine());
            return 0;
        }

        var results = new List<VariantResult>();
        if (options.InProcess)
        {
            VariantRunner.InitializeTorch(options);
            using var data = new SyntheticData(options.InferBatches, options.Seed);
            foreach (var name in options.Variants) results.Add(VariantRunner.Run(name, options, data));
        }
        else
        {
            foreach (var name in options.Variants)
            {
                var result = RunChild(name, options);
                if (result is null) return 1;
                results.Add(result);
            }
        }
        Console.WriteLine(ResultTable.Format(results, options, separateProcesses: !options.InProcess));
        return 0;
    }

    /// <summary>Runs this program again with <c>--only</c>; its stderr (progress) passes through, its stdout is parsed.</summary>
    private static VariantResult? RunChild(string variant, BenchOptions options)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(Program).Assembly.Location); // started as `dotnet KerasSharp.Bench.dll`
        foreach (var arg in options.ChildArguments(variant)) start.ArgumentList.Add(arg);

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        VariantResult? result = null;
        string? line;
        while ((line = child.StandardOutput.ReadLine()) is not null)
        {
            var parsed = VariantResult.TryParse(line);
            if (parsed is not null) result = parsed;
            else Console.Error.WriteLine(line);
        }
        child.WaitForExit();
        if (child.ExitCode != 0 || result is null)
        {
            Console.Error.WriteLine($"Variant '{variant}' failed: exit code {child.ExitCode}{(result is null ? ", no RESULT line" : "")}.");
            return null;
        }
        Console.Error.WriteLine($"[{variant}] peak RSS {result.PeakKiBFinal / 1024.0:F0} MiB (VmHWM of its own process)");
        return result;
    }
}
