using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace KerasSharp.Utils;

/// <summary>A minimal PNG writer (8-bit grey, RGB or RGBA, no filtering), so saving images needs no native library.</summary>
public static class Png
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Writes <paramref name="pixels"/> (row-major, <paramref name="channels"/> bytes per pixel) as a PNG.</summary>
    public static void Write(Stream output, byte[] pixels, int width, int height, int channels)
    {
        var colorType = channels switch
        {
            1 => (byte)0,
            3 => (byte)2,
            4 => (byte)6,
            _ => throw new ArgumentException($"PNG images have 1, 3 or 4 channels. Received: channels={channels}", nameof(channels)),
        };
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"Expected {width * height * channels} bytes for a {width}x{height}x{channels} image, got {pixels.Length}.", nameof(pixels));
        output.Write(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        WriteUInt32(header, 0, (uint)width);
        WriteUInt32(header, 4, (uint)height);
        header[8] = 8; // bit depth
        header[9] = colorType;
        WriteChunk(output, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                var stride = width * channels;
                for (int row = 0; row < height; row++)
                {
                    zlib.WriteByte(0); // filter: none
                    zlib.Write(pixels, row * stride, stride);
                }
            }
            WriteChunk(output, "IDAT", compressed.ToArray());
        }
        WriteChunk(output, "IEND", Array.Empty<byte>());
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        WriteUInt32(length, 0, (uint)data.Length);
        output.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        var crcBytes = new byte[4];
        WriteUInt32(crcBytes, 0, crc);
        output.Write(crcBytes);
    }

    private static uint Crc(uint crc, byte[] data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    private static void WriteUInt32(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }
}
