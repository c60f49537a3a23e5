using System;
using System.IO;
using ScottPlot;
using ScottPlot.FontResolvers;
using SkiaSharp;

namespace Cifar10Example;

/// <summary>
/// DejaVu Sans, matplotlib's default face, shipped beside the example (Fonts/DejaVuSans.ttf, licence in Fonts/LICENSE)
/// because SkiaSharp's NoDependencies build finds no face on a machine without system fonts and then draws no text.
/// </summary>
internal static class Fonts
{
    public const string SansName = "DejaVu Sans";
    private static readonly string SansPath = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");
    private static readonly Lazy<string> ScottPlotSans = new(() =>
    {
        // First in the list, so that the shipped file wins over a system face of the same name.
        ScottPlot.Fonts.FontResolvers.Insert(0, new FileFontResolver(SansName, SansPath, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal));
        return SansName;
    });

    public static SKTypeface Sans() =>
        SKTypeface.FromFile(SansPath) ?? throw new FileNotFoundException($"The example's font is missing: {SansPath}", SansPath);

    /// <summary>The shipped face's name for ScottPlot, registered on first use; it has no bold style.</summary>
    public static string ForScottPlot() => ScottPlotSans.Value;
}
