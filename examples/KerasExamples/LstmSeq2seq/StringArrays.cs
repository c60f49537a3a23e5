using System.IO;

namespace KerasExamples.LstmSeq2seq;

/// <summary>Python's unpacking of a split line, <c>a, b = line.split('\t')</c>: exactly two parts, else an error.</summary>
public static class StringArrays
{
    public static void Deconstruct(this string[] parts, out string first, out string second)
    {
        if (parts.Length != 2)
            throw new InvalidDataException($"{(parts.Length < 2 ? "not enough" : "too many")} values to unpack (expected 2, got {parts.Length}): '{string.Join("\t", parts)}'");
        (first, second) = (parts[0], parts[1]);
    }
}
