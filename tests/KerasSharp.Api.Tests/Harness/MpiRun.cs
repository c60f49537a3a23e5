using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace KerasSharp.Tests.Harness;

/// <summary>
/// Starts <c>mpirun -np 2</c> on this machine with the HorovodTestHost program of this output folder (one scenario),
/// collects its output and the JSON each rank writes. Runs as root are allowed (OMPI_ALLOW_RUN_AS_ROOT) and ranks may
/// outnumber the cores (--oversubscribe).
/// </summary>
internal static class MpiRun
{
    /// <summary>Why the MPI tests cannot run here, or null when mpirun and Open MPI's libmpi.so.40 are present.</summary>
    public static string? MissingReason()
    {
        if (Find("mpirun") is null) return "mpirun not found on PATH: install Open MPI (apt-get install openmpi-bin libopenmpi-dev)";
        if (!NativeLibrary.TryLoad("libmpi.so.40", out var lib)) return "Open MPI's libmpi.so.40 not found: install libopenmpi-dev (apt-get install openmpi-bin libopenmpi-dev)";
        NativeLibrary.Free(lib);
        return null;
    }

    public sealed record Result(int ExitCode, bool Exited, string Output, JsonElement?[] Ranks);

    /// <param name="limitMs">How long the job may run before it is killed and reported as not exited.</param>
    public static Result Run(string scenario, IEnumerable<string>? extra = null, string? workingDirectory = null,
                             IDictionary<string, string>? environment = null, int limitMs = 120_000)
    {
        var output = Directory.CreateTempSubdirectory("kerassharp-mpirun");
        try
        {
            var start = new ProcessStartInfo(Find("mpirun")!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workingDirectory ?? output.FullName,
            };
            foreach (var a in new[] { "--oversubscribe", "-np", "2", "dotnet", Path.Combine(AppContext.BaseDirectory, "HorovodTestHost.dll"), scenario, output.FullName }
                         .Concat(extra ?? Enumerable.Empty<string>()))
                start.ArgumentList.Add(a);
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
            foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
            var text = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { lock (text) text.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (text) text.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExit(limitMs);
            if (!exited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            var ranks = Enumerable.Range(0, 2).Select(r => Path.Combine(output.FullName, $"rank{r}.json"))
                .Select(f => File.Exists(f) ? JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone() : (JsonElement?)null).ToArray();
            lock (text) return new Result(exited ? process.ExitCode : -1, exited, text.ToString(), ranks);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    public static float[][] Floats(JsonElement element) =>
        element.EnumerateArray().Select(w => w.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
