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
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;
    private readonly uint[] _key = new uint[N];
    private int _pos;

    /// <summary><c>np.random.RandomState(seed)</c>; numpy accepts 0 ≤ seed ≤ 2**32 - 1.</summary>
    public NumpyRandomState(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seed must be between 0 and 2**32 - 1.");
        var s = (uint)seed;
        for (int i = 0; i < N; i++)
        {
            _key[i] = s;
            s = unchecked(1812433253u * (s ^ (s >> 30)) + (uint)(i + 1));
        }
        _pos = N;
    }

    /// <summary>The next raw 32-bit MT19937 output (numpy's <c>rk_random</c>).</summary>
    public uint NextUInt32()
    {
        if (_pos == N) Reload();
        var y = _key[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >> 18);
    }

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

    private void Reload()
    {
        uint Mix(uint upper, uint lower, uint far)
        {
            var y = (upper & UpperMask) | (lower & LowerMask);
            return far ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }
        int k = 0;
        for (; k < N - M; k++) _key[k] = Mix(_key[k], _key[k + 1], _key[k + M]);
        for (; k < N - 1; k++) _key[k] = Mix(_key[k], _key[k + 1], _key[k + M - N]);
        _key[N - 1] = Mix(_key[N - 1], _key[0], _key[M - 1]);
        _pos = 0;
    }
}
