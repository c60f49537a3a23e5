using System;
using System.Collections.Generic;

namespace KerasSharp.Utils;

/// <summary>
/// The Mersenne Twister MT19937 (Matsumoto and Nishimura's reference code) that numpy's legacy RandomState and
/// Python's <c>random</c> module both draw from; they differ only in how they seed it and what they make of its words.
/// </summary>
internal sealed class Mt19937
{
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;
    private readonly uint[] _state = new uint[N];
    private int _index = N;

    /// <summary><c>init_genrand(s)</c>: numpy's seeding of an integer.</summary>
    public void InitGenrand(uint s)
    {
        _state[0] = s;
        for (int i = 1; i < N; i++) _state[i] = unchecked(1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    /// <summary><c>init_by_array(key)</c>: Python's seeding of an integer (its 32-bit words, least significant first).</summary>
    public void InitByArray(IReadOnlyList<uint> key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Count); k > 0; k--)
        {
            _state[i] = unchecked((_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++; j++;
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
            if (j >= key.Count) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _state[i] = unchecked((_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
        }
        _state[0] = 0x80000000u;
        _index = N;
    }

    /// <summary>The next tempered 32-bit word (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
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
            var y = (_state[k] & UpperMask) | (_state[(k + 1) % N] & LowerMask);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0u);
        }
        _index = 0;
    }
}
