using System;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace KerasSharp.Bench;

/// <summary>
/// <c>--fma-peak</c>: the machine's fp32 fused multiply-add rate, to put a training step's GFLOP/s against (issue 15's
/// "training step at 50% of the FMA peak"). Each of <c>--threads</c> threads runs 12 independent FMA chains on the widest
/// vectors the CPU has (AVX-512, else AVX2+FMA), enough to cover the FMA latency on two ports; a lane's FMA counts
/// 2 FLOP. Rounds are timed on the wall clock with all threads started together; the best round is the peak.
/// </summary>
internal static class FmaPeak
{
    private const int Iterations = 20_000_000;

    public static void Run(BenchOptions options)
    {
        var threads = options.Threads;
        var (width, kernel) = Avx512F.IsSupported ? (16, (Func<float, float>)Chains512)
            : Fma.IsSupported ? (8, Chains256)
            : throw new PlatformNotSupportedException("--fma-peak needs AVX2 with FMA or AVX-512.");
        var flop = 2.0 * width * 12 * Iterations * threads;
        var rounds = new double[Math.Max(1, options.Rounds)];
        for (int r = 0; r < rounds.Length; r++)
        {
            using var start = new Barrier(threads + 1);
            var sink = new float[threads];
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                sink[t] = kernel(1e-9f * (t + 1));
            })).ToArray();
            foreach (var w in workers) w.Start();
            start.SignalAndWait();
            var sw = Stopwatch.StartNew();
            foreach (var w in workers) w.Join();
            rounds[r] = flop / sw.Elapsed.TotalSeconds / 1e9;
            if (sink.Any(float.IsNaN)) throw new InvalidOperationException("FMA chains produced NaN.");
        }
        Console.WriteLine($"FMA peak, fp32, {width * 32}-bit vectors, {threads} thread(s): best {rounds.Max():F1} GFLOP/s, " +
                          $"rounds {string.Join(" / ", rounds.Select(g => g.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains512(float step)
    {
        var b = Vector512.Create(1.0000001f);
        var c = Vector512.Create(step);
        Vector512<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, b, c); a1 = Avx512F.FusedMultiplyAdd(a1, b, c);
            a2 = Avx512F.FusedMultiplyAdd(a2, b, c); a3 = Avx512F.FusedMultiplyAdd(a3, b, c);
            a4 = Avx512F.FusedMultiplyAdd(a4, b, c); a5 = Avx512F.FusedMultiplyAdd(a5, b, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, b, c); a7 = Avx512F.FusedMultiplyAdd(a7, b, c);
            a8 = Avx512F.FusedMultiplyAdd(a8, b, c); a9 = Avx512F.FusedMultiplyAdd(a9, b, c);
            a10 = Avx512F.FusedMultiplyAdd(a10, b, c); a11 = Avx512F.FusedMultiplyAdd(a11, b, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains256(float step)
    {
        var b = Vector256.Create(1.0000001f);
        var c = Vector256.Create(step);
        Vector256<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, b, c); a1 = Fma.MultiplyAdd(a1, b, c);
            a2 = Fma.MultiplyAdd(a2, b, c); a3 = Fma.MultiplyAdd(a3, b, c);
            a4 = Fma.MultiplyAdd(a4, b, c); a5 = Fma.MultiplyAdd(a5, b, c);
            a6 = Fma.MultiplyAdd(a6, b, c); a7 = Fma.MultiplyAdd(a7, b, c);
            a8 = Fma.MultiplyAdd(a8, b, c); a9 = Fma.MultiplyAdd(a9, b, c);
            a10 = Fma.MultiplyAdd(a10, b, c); a11 = Fma.MultiplyAdd(a11, b, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
