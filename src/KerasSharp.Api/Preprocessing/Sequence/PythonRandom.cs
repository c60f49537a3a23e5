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
    private readonly Utils.Mt19937 _mt = new();

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
        _mt.InitByArray(key);
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

    private uint NextUInt32() => _mt.NextUInt32();
}
