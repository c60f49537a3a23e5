using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KerasSharp;

/// <summary>Keras-style argument checks: every message names the argument and the value received.</summary>
internal static class ArgumentValidation
{
    public static string OneOf(string argument, string? value, params string[] allowed)
    {
        var normalized = value?.ToLowerInvariant();
        if (normalized is null || !allowed.Contains(normalized))
            throw new ArgumentException(
                $"The `{argument}` argument must be one of {Quote(allowed)}. Received: {argument}={Repr(value)}", argument);
        return normalized;
    }

    public static int Positive(string argument, int value)
    {
        if (value <= 0)
            throw new ArgumentException($"Invalid value for argument `{argument}`. Expected a strictly positive value. Received {argument}={value}", argument);
        return value;
    }

    public static IntTuple2 Positive(string argument, IntTuple2 value)
    {
        if (value.First <= 0 || value.Second <= 0)
            throw new ArgumentException($"The `{argument}` argument must be a tuple of 2 strictly positive integers. Received {argument}={value}", argument);
        return value;
    }

    public static double InRange(string argument, double value, double min, double maxExclusive)
    {
        if (double.IsNaN(value) || value < min || value >= maxExclusive)
            throw new ArgumentException(
                $"Invalid value received for argument `{argument}`. Expected a float value between {Num(min)} and {Num(maxExclusive)} (excluded). Received: {argument}={Num(value)}", argument);
        return value;
    }

    public static double NonNegative(string argument, double value)
    {
        if (double.IsNaN(value) || value < 0)
            throw new ArgumentException($"Argument `{argument}` must be >= 0. Received: {argument}={Num(value)}", argument);
        return value;
    }

    public static string DataFormat(string? value) =>
        value is null ? Backend.KerasBackend.ImageDataFormat() : OneOf("data_format", value, "channels_last", "channels_first");

    public static string Repr(string? value) => value is null ? "None" : $"'{value}'";
    public static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    private static string Quote(IEnumerable<string> values) => "{" + string.Join(", ", values.Select(v => $"'{v}'")) + "}";
}
