using System;

namespace KerasSharp.Utils;

/// <summary>
/// numpy's legacy <c>RandomState</c> as far as Keras's datasets use it (<c>np.random.seed(seed)</c> then
/// <c>np.random.shuffle</c>), draw for draw: MT19937 seeded by <c>init_genrand</c> (numpy's seeding of an integer),
/// and the shuffle numpy runs on a 1-d array, Fisher-Yates from the end with <c>rk_interval</c>'s masked rejection
/// sampling. So a loaded dataset has the sample order Keras gives for the same seed.
/// </summary>
internal sealed class NumpyRandomState
{
    private readonly Mt19937 _mt = new();

    /// <summary><c>np.random.RandomState(seed)</c>; numpy accepts 0 ≤ seed ≤ 2**32 - 1.</summary>
    public NumpyRandomState(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seed must be between 0 and 2**32 - 1.");
        _mt.InitGenrand((uint)seed);
    }

    /// <summary>The next raw 32-bit MT19937 output (numpy's <c>rk_random</c>).</summary>
    public uint NextUInt32() => _mt.NextUInt32();

    /// <summary>
    /// <c>rk_interval(max)</c>: uniform on [0, max], by drawing under the smallest all-ones mask covering max until
    /// the value fits. Only the 32-bit branch: a .NET array index never exceeds 2**32 - 1.
    /// </summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary><c>shuffle(x)</c> on a 1-d array, in place: for i from n - 1 down to 1, swap x[i] with x[interval(i)].</summary>
    public void Shuffle<T>(T[] x)
    {
        for (int i = x.Length - 1; i > 0; i--)
        {
            var j = (int)Interval((uint)i);
            (x[i], x[j]) = (x[j], x[i]);
        }
    }

    /// <summary><c>indices = np.arange(n); shuffle(indices)</c>.</summary>
    public int[] ShuffledIndices(int n)
    {
        var indices = new int[n];
        for (int i = 0; i < n; i++) indices[i] = i;
        Shuffle(indices);
        return indices;
    }
}
