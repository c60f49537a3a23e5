using System;
using System.Collections.Generic;
using System.Numerics;

namespace KerasSharp.Preprocessing;

/// <summary>
/// Python's <c>random</c> module (CPython 3's Mersenne Twister, its seeding and its integer draws), which
/// <c>skipgrams</c> draws from: with the same seed it gives Python's numbers exactly. <see cref="Global"/> is the
/// module's own state: <c>random.seed(42)</c> → <c>PythonRandom.Global.Seed(42)</c>.
/// </summary>
public sealed class PythonRandom
{
    private const int N = 624, M = 397;
    private readonly uint[] _state = new uint[N];
    private int _index;

    /// <summary>A generator seeded from the system's entropy, as Python seeds its own at start.</summary>
    public PythonRandom() => Seed(BigInteger.Abs(new BigInteger(Guid.NewGuid().ToByteArray())));

    public PythonRandom(BigInteger seed) => Seed(seed);

    /// <summary>The state that Python's module-level functions (<c>random.random()</c>, ...) share.</summary>
    public static PythonRandom Global { get; } = new();

    /// <summary><c>random.seed(n)</c> for an integer n: the key is |n| in 32-bit words, least significant first.</summary>
    public void Seed(BigInteger seed)
    {
        var magnitude = BigInteger.Abs(seed);
        var key = new List<uint>();
        do
        {
            key.Add((uint)(magnitude & uint.MaxValue));
            magnitude >>= 32;
        } while (!magnitude.IsZero);
        InitByArray(key);
    }

    /// <summary><c>random.random()</c>: a double in [0, 1) from 53 random bits.</summary>
    public double Random()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>random.randint(a, b)</c>: an integer in [a, b], both included.</summary>
    public long RandInt(long a, long b)
    {
        if (b < a) throw new ArgumentException($"empty range for randrange() ({a}, {b + 1}, {b + 1 - a})", nameof(b));
        return a + (long)RandBelow((ulong)(b - a) + 1);
    }

    /// <summary><c>random.shuffle(x)</c>: Fisher-Yates from the end, as Python swaps.</summary>
    public void Shuffle<T>(IList<T> x)
    {
        for (int i = x.Count - 1; i >= 1; i--)
        {
            var j = (int)RandBelow((ulong)i + 1);
            (x[i], x[j]) = (x[j], x[i]);
        }
    }

    /// <summary>Python's <c>_randbelow_with_getrandbits</c>: draws of n's bit length until one is below n.</summary>
    private ulong RandBelow(ulong n)
    {
        var k = 64 - BitOperations.LeadingZeroCount(n);
        ulong r;
        do r = GetRandBits(k); while (r >= n);
        return r;
    }

    /// <summary><c>getrandbits(k)</c> for k ≤ 64: 32-bit words, least significant first, the last one cut from the top.</summary>
    private ulong GetRandBits(int k)
    {
        if (k <= 32) return NextUInt32() >> (32 - k);
        ulong low = NextUInt32();
        ulong high = NextUInt32() >> (64 - k);
        return high << 32 | low;
    }

    private void InitGenrand(uint s)
    {
        _state[0] = s;
        for (int i = 1; i < N; i++) _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    private void InitByArray(List<uint> key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Count); k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++; j++;
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
            if (j >= key.Count) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
        }
        _state[0] = 0x80000000u;
    }

    private uint NextUInt32()
    {
        if (_index >= N) Twist();
        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            var y = (_state[k] & 0x80000000u) | (_state[(k + 1) % N] & 0x7fffffffu);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
        _index = 0;
    }
}
