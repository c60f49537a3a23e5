using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KerasSharp.Utils;

/// <summary>
/// The slice of Python's <c>str.format</c> and <c>str(float)</c> that Keras file names and logs use:
/// <c>weights.{epoch:02d}-{val_loss:.2f}.h5</c>, fields with the format specs d, f, e, g and %.
/// </summary>
public static class PythonFormat
{
    private static readonly Regex Field = new(@"\{(\w+)(?::([^}]*))?\}", RegexOptions.CultureInvariant);
    private static readonly Regex Spec = new(@"^(?<zero>0)?(?<width>\d+)?(?:\.(?<precision>\d+))?(?<type>[dfeEgG%])?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Fills <paramref name="template"/>'s {name[:spec]} fields from ints (printed as ints, like Keras's epoch) and
    /// doubles (printed as Python floats); an unknown name is an error naming it.
    /// </summary>
    public static string Format(string template, IReadOnlyDictionary<string, object> values) =>
        Field.Replace(template, m =>
        {
            var name = m.Groups[1].Value;
            if (!values.TryGetValue(name, out var value))
                throw new KeyNotFoundException($"The file path template '{template}' uses {{{name}}}, which is not in the logs ({string.Join(", ", values.Keys)}).");
            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (m.Groups[2].Success) return Apply(number, m.Groups[2].Value, template);
            return value is int or long ? Convert.ToString(value, CultureInfo.InvariantCulture)! : Repr(number);
        });

    /// <summary>Python's <c>str(float)</c>/<c>repr</c>: shortest round-trip digits, e.g. <c>0.1</c>, <c>1e-05</c>, <c>2.0</c>.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var s = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
        // Python writes exponents with at least two digits (1e-05) and uses them only below 1e-4 or from 1e16.
        var e = s.IndexOf('e');
        if (e >= 0)
        {
            var mantissa = s[..e];
            var exponent = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
            if (exponent >= -4 && exponent < 16) return Fixed(value);
            return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        return s.Contains('.') ? s : s + ".0";
    }

    private static string Fixed(double value)
    {
        var s = value.ToString("0.#################", CultureInfo.InvariantCulture);
        return s.Contains('.') ? s : s + ".0";
    }

    private static string Apply(double value, string spec, string template)
    {
        var m = Spec.Match(spec);
        if (!m.Success) throw new FormatException($"Unsupported format spec '{spec}' in '{template}'.");
        var width = m.Groups["width"].Success ? int.Parse(m.Groups["width"].Value, CultureInfo.InvariantCulture) : 0;
        var precision = m.Groups["precision"].Success ? int.Parse(m.Groups["precision"].Value, CultureInfo.InvariantCulture) : 6;
        var text = m.Groups["type"].Value switch
        {
            "d" => ((long)value).ToString(CultureInfo.InvariantCulture),
            "f" => value.ToString("F" + precision, CultureInfo.InvariantCulture),
            "e" or "E" => value.ToString((m.Groups["type"].Value == "e" ? "e" : "E") + precision, CultureInfo.InvariantCulture).Replace("e+0", "e+").Replace("e-0", "e-"),
            "%" => (value * 100).ToString("F" + precision, CultureInfo.InvariantCulture) + "%",
            _ => Repr(value),
        };
        return m.Groups["zero"].Success ? PadZeros(text, width) : text.PadLeft(width);
    }

    private static string PadZeros(string text, int width) =>
        text.StartsWith('-') ? "-" + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0');
}
