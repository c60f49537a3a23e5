using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KerasSharp.Generators.Diagnostics;

/// <summary>A place in a JSON file (0-based lines and columns), kept as plain values so pipeline steps stay equatable.</summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    public Location ToLocation() => Location.Create(FilePath, new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(Line, Column), new LinePosition(EndLine, EndColumn)));

    /// <summary>The start of a file: where diagnostics about the file as a whole (its class name) point.</summary>
    public static LocationInfo FileStart(string filePath) => new(filePath, 0, 0, 0, 0, 0, 0);

    public static LocationInfo Create(string filePath, SourceText text, TextSpan span)
    {
        var lines = text.Lines.GetLinePositionSpan(span);
        return new LocationInfo(filePath, span.Start, span.Length, lines.Start.Line, lines.Start.Character, lines.End.Line, lines.End.Character);
    }
}
