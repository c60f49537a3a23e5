using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace KerasSharp.Saving;

/// <summary>
/// Scalar fixed-length string attributes of any size on the root group of a file PureHDF wrote. PureHDF 2.2 gives
/// every fixed-length string in a file one width (<c>H5WriteOptions.DefaultStringLength</c>), so a kilobytes-long
/// <c>model_config</c> would widen every layer and weight name to kilobytes. Instead the text is written as a uint8
/// array attribute (<see cref="Encode"/>) and <see cref="Rewrite"/> then retypes it in place as a NULL-terminated
/// string of its own size with a scalar dataspace: the datatype and dataspace shrink (8 + 4 bytes instead of
/// 12 + 12), the data stays where it is relative to them, a NIL message takes the freed bytes and the object header's
/// lookup3 checksum is recomputed (HDF5 file format 3.0: superblock version 2/3, version 2 object header,
/// attribute message version 3).
/// </summary>
internal static class ScalarStringAttributes
{
    /// <summary>Keras 2's HDF5_OBJECT_HEADER_LIMIT: an attribute lives in one object header message.</summary>
    public const int MaxBytes = 64512;

    private const byte AttributeMessage = 0x0C;
    private static readonly byte[] Signature = { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>The UTF-8 bytes of <paramref name="text"/> and a terminating NUL, to store under <paramref name="name"/>.</summary>
    public static byte[] Encode(string name, string text, string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        if (bytes.Length > MaxBytes)
            throw new KerasException($"{path}: `{name}` is {bytes.Length} bytes long; an HDF5 attribute holds at most {MaxBytes} bytes (Keras 2 has the same limit).");
        return bytes;
    }

    /// <summary>Retypes the root group's uint8 array attributes <paramref name="names"/> as scalar fixed-length strings.</summary>
    public static void Rewrite(string path, IReadOnlyCollection<string> names)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var superblock = new byte[48];
        stream.ReadExactly(superblock);
        if (!superblock.AsSpan(0, 8).SequenceEqual(Signature) || superblock[8] is not (2 or 3) || superblock[9] != 8 || superblock[10] != 8)
            throw Unexpected(path, "superblock version 2 or 3 with 8-byte offsets at the start of the file");
        var header = (long)(BinaryPrimitives.ReadUInt64LittleEndian(superblock.AsSpan(12)) + BinaryPrimitives.ReadUInt64LittleEndian(superblock.AsSpan(36)));

        stream.Position = header;
        var prefix = new byte[6];
        stream.ReadExactly(prefix);
        if (Encoding.ASCII.GetString(prefix, 0, 4) != "OHDR" || prefix[4] != 2)
            throw Unexpected(path, "a version 2 object header for the root group");
        var flags = prefix[5];
        var sizeAt = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        var sizeBytes = 1 << (flags & 0x03);
        var head = new byte[sizeAt + sizeBytes];
        stream.Position = header;
        stream.ReadExactly(head);
        ulong chunk = 0;
        for (int i = sizeBytes - 1; i >= 0; i--) chunk = chunk << 8 | head[sizeAt + i];
        var end = sizeAt + sizeBytes + (int)chunk;
        var block = new byte[end + 4];
        stream.Position = header;
        stream.ReadExactly(block);
        if (Lookup3.Hash(block.AsSpan(0, end)) != BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(end)))
            throw Unexpected(path, "a root object header whose checksum matches");

        var messageHeader = (flags & 0x04) != 0 ? 6 : 4;
        var pending = new HashSet<string>(names);
        for (int at = sizeAt + sizeBytes; end - at >= messageHeader;)
        {
            var size = BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(at + 1));
            if (block[at] == AttributeMessage && pending.Remove(AttributeName(block, at + messageHeader)))
                Retype(block, at, messageHeader, path);
            at += messageHeader + size;
        }
        if (pending.Count > 0) throw Unexpected(path, $"root attributes {string.Join(", ", pending)}");

        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(end), Lookup3.Hash(block.AsSpan(0, end)));
        stream.Position = header;
        stream.Write(block);
    }

    private static string AttributeName(byte[] block, int data) =>
        block[data] != 3 ? "" : Encoding.UTF8.GetString(block, data + 9, BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(data + 2)) - 1);

    /// <summary>Rewrites the attribute message at <paramref name="at"/> and puts a NIL message in the bytes it frees.</summary>
    private static void Retype(byte[] block, int at, int messageHeader, string path)
    {
        var data = at + messageHeader;
        var size = BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(at + 1));
        var typeSize = BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(data + 4));
        var spaceSize = BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(data + 6));
        var type = data + 9 + BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(data + 2));
        var space = type + typeSize;
        // uint8 (fixed-point class 0, size 1) in a version 2, rank 1 dataspace.
        if ((block[type] & 0x0F) != 0 || BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(type + 4)) != 1 || block[space] != 2 || block[space + 1] != 1)
            throw Unexpected(path, "a uint8 array attribute");
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(space + 4));
        var freed = typeSize - 8 + spaceSize - 4;
        if (space + spaceSize + length != data + size || freed < messageHeader)
            throw Unexpected(path, "a uint8 array attribute of the layout PureHDF 2.2 writes");

        Array.Copy(block, space + spaceSize, block, type + 12, length);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(data + 4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(data + 6), 4);
        // Datatype message version 1, class 3 (string); padding NULLTERM, character set UTF-8; size in bytes.
        block[type] = 0x13;
        block[type + 1] = 0x10;
        block[type + 2] = block[type + 3] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(type + 4), (uint)length);
        // Dataspace message version 2, rank 0, no flags, scalar.
        block[type + 8] = 2;
        block[type + 9] = block[type + 10] = block[type + 11] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(at + 1), (ushort)(size - freed));

        var nil = data + size - freed;
        Array.Clear(block, nil, freed);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(nil + 1), (ushort)(freed - messageHeader));
    }

    private static InvalidDataException Unexpected(string path, string expected) =>
        new($"{path}: expected {expected} in the file PureHDF wrote; cannot store fixed-length string attributes.");
}
