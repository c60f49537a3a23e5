using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Utils;

/// <summary>
/// Python's <c>json.dumps</c> text, as Keras writes model configs and Tokenizer.to_json (", " and ": " separators, non-ASCII as
/// \uXXXX), and a reader that keeps every string a string (no dates) and every key order.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(JToken token)
    {
        var text = new StringBuilder();
        Write(token, text);
        return text.ToString();
    }

    public static JToken Loads(string json, string what)
    {
        try
        {
            using var reader = new JsonTextReader(new System.IO.StringReader(json)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader);
        }
        catch (JsonException e)
        {
            throw new KerasException($"{what} is not valid JSON: {e.Message}", e);
        }
    }

    private static void Write(JToken token, StringBuilder text)
    {
        switch (token)
        {
            case JObject o:
                text.Append('{');
                foreach (var (p, i) in o.Properties().Select((p, i) => (p, i)))
                {
                    if (i > 0) text.Append(", ");
                    String(p.Name, text);
                    text.Append(": ");
                    Write(p.Value, text);
                }
                text.Append('}');
                break;
            case JArray a:
                text.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    Write(a[i], text);
                }
                text.Append(']');
                break;
            case JValue { Type: JTokenType.String } s:
                String((string)s!, text);
                break;
            case JValue { Type: JTokenType.Boolean } b:
                text.Append((bool)b ? "true" : "false");
                break;
            case JValue { Type: JTokenType.Null }:
                text.Append("null");
                break;
            case JValue { Type: JTokenType.Float } f:
                text.Append(Utils.PythonFormat.Repr((double)f));
                break;
            default:
                text.Append(token.ToString(Formatting.None));
                break;
        }
    }

    /// <summary>A string as json.dumps writes it with ensure_ascii: only ' ' to '~' stay, others are escapes.</summary>
    private static void String(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case >= ' ' and <= '~': text.Append(c); break;
                default: text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }
        text.Append('"');
    }

    public static JObject Object<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>> items)
        where TKey : notnull
    {
        var o = new JObject();
        foreach (var (key, value) in items)
            o[System.Convert.ToString(key, CultureInfo.InvariantCulture)!] = JToken.FromObject(value!);
        return o;
    }
}
