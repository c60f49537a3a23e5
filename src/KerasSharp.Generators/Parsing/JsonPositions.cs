using Microsoft.CodeAnalysis.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Generators.Parsing;

/// <summary>
/// Turns Json.NET's line information (1-based line, and the column just after the token) into the token's span:
/// a property's quoted name, a value's text, or an object's or array's opening bracket.
/// </summary>
internal static class JsonPositions
{
    public static TextSpan? Span(JToken? token, SourceText text)
    {
        if (token is not IJsonLineInfo info || !info.HasLineInfo() || info.LineNumber > text.Lines.Count) return null;
        var line = text.Lines[info.LineNumber - 1];
        int end = System.Math.Min(line.Start + info.LinePosition, line.End);
        switch (token)
        {
            case JProperty property:
            {
                // Json.NET stops just after the name's closing quote.
                int start = text.ToString(TextSpan.FromBounds(line.Start, end)).LastIndexOf(JsonConvert.ToString(property.Name), System.StringComparison.Ordinal);
                return start < 0 ? TextSpan.FromBounds(end, end) : TextSpan.FromBounds(line.Start + start, line.Start + start + JsonConvert.ToString(property.Name).Length);
            }
            case JContainer:
                return TextSpan.FromBounds(System.Math.Max(line.Start, end - 1), end);
            default:
                return TextSpan.FromBounds(ValueStart(text, line.Start, end), end);
        }
    }

    public static TextSpan At(SourceText text, int line, int column)
    {
        if (line < 1 || line > text.Lines.Count) return new TextSpan(0, 0);
        var l = text.Lines[line - 1];
        int position = System.Math.Min(l.Start + System.Math.Max(column - 1, 0), l.End);
        return new TextSpan(position, position < l.End ? 1 : 0);
    }

    private static int ValueStart(SourceText text, int lineStart, int end)
    {
        int i = end - 1;
        if (i >= lineStart && text[i] == '"')
        {
            // A string: walk back to its opening quote, skipping escaped ones.
            for (i--; i >= lineStart; i--)
                if (text[i] == '"' && (i == lineStart || text[i - 1] != '\\')) return i;
            return lineStart;
        }
        while (i >= lineStart && ",:[{ \t".IndexOf(text[i]) < 0) i--;
        return i + 1;
    }
}
