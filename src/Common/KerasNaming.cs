using System.Text.RegularExpressions;

namespace KerasSharp;

/// <summary>Keras's name conventions, shared (as linked source) by the runtime and the generator.</summary>
internal static class KerasNaming
{
    private static readonly Regex WordStart = new("(.)([A-Z][a-z0-9]+)", RegexOptions.CultureInvariant);
    private static readonly Regex CaseChange = new("([a-z])([A-Z])", RegexOptions.CultureInvariant);

    /// <summary>Keras's <c>_to_snake_case</c>: <c>Conv2D</c> → <c>conv2d</c>, <c>ReLU</c> → <c>re_lu</c>.</summary>
    public static string ToSnakeCase(string className)
    {
        var intermediate = WordStart.Replace(className, "$1_$2");
        var snake = CaseChange.Replace(intermediate, "$1_$2").ToLowerInvariant();
        return snake.StartsWith("_", System.StringComparison.Ordinal) ? "private" + snake : snake;
    }

    /// <summary>A Keras keyword name as a .NET property name: <c>kernel_size</c> → <c>KernelSize</c>.</summary>
    public static string ToPascalCase(string snakeName)
    {
        var parts = snakeName.Split(new[] { '_' }, System.StringSplitOptions.RemoveEmptyEntries);
        var result = new System.Text.StringBuilder(snakeName.Length);
        foreach (var part in parts)
            result.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        return result.ToString();
    }
}
