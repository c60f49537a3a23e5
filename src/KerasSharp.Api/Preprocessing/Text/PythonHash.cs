using System;
using System.Linq;
using System.Numerics;
using System.Text;

namespace KerasSharp.Preprocessing;

/// <summary>
/// Python 3.11's <c>hash(str)</c> with hash randomization off (<c>PYTHONHASHSEED=0</c>): SipHash-1-3 with a zero
/// key over the string's PEP 393 storage (1, 2 or 4 bytes a code point, by the widest one). Python's default salts
/// the key per process, so no program can repeat those values; this is the one reproducible choice.
/// </summary>
internal static class PythonHash
{
    public static long Hash(string text)
    {
        var runes = text.EnumerateRunes().Select(r => r.Value).ToArray();
        if (runes.Length == 0) return 0;
        var width = runes.Max() switch { <= 0xFF => 1, <= 0xFFFF => 2, _ => 4 };
        var bytes = new byte[runes.Length * width];
        for (int i = 0; i < runes.Length; i++)
            for (int b = 0; b < width; b++) bytes[i * width + b] = (byte)(runes[i] >> (8 * b));
        var hash = (long)SipHash13(bytes);
        return hash == -1 ? -2 : hash;
    }

    private static ulong SipHash13(byte[] data)
    {
        ulong v0 = 0x736f6d6570736575UL, v1 = 0x646f72616e646f6dUL, v2 = 0x6c7967656e657261UL, v3 = 0x7465646279746573UL;
        int full = data.Length / 8 * 8;
        for (int i = 0; i < full; i += 8)
        {
            var m = BitConverter.ToUInt64(data, i);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }
        ulong last = (ulong)data.Length << 56;
        for (int i = full; i < data.Length; i++) last |= (ulong)data[i] << (8 * (i - full));
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        HalfRound(ref v0, ref v1, ref v2, ref v3, 13, 16);
        HalfRound(ref v2, ref v1, ref v0, ref v3, 17, 21);
    }

    private static void HalfRound(ref ulong a, ref ulong b, ref ulong c, ref ulong d, int s, int t)
    {
        a += b;
        c += d;
        b = BitOperations.RotateLeft(b, s) ^ a;
        d = BitOperations.RotateLeft(d, t) ^ c;
        a = BitOperations.RotateLeft(a, 32);
    }

    /// <summary><c>int(md5(w.encode()).hexdigest(), 16)</c>: the digest as an unsigned big-endian integer.</summary>
    public static BigInteger Md5(string text) =>
        new(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text)), isUnsigned: true, isBigEndian: true);
}
