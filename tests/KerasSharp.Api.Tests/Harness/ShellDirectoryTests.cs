using FluentAssertions;
using Xunit;

namespace KerasSharp.Tests.Harness;

/// <summary>The README's <c>KERAS_HOME=../shared dotnet test</c> means ../shared beside the folder it was typed in.</summary>
public sealed class ShellDirectoryTests
{
    [Theory]
    [InlineData("../shared", "/work/main", "/work/shared")]
    [InlineData("shared", "/home/u/src", "/home/u/src/shared")]
    [InlineData("/data/keras", "/work/main", "/data/keras")]
    [InlineData("../shared", null, "../shared")]
    [InlineData(null, "/work/main", null)]
    public void Relative_KERAS_HOME_is_read_against_the_shell_folder(string? home, string? shell, string? expected) =>
        ShellDirectory.Resolve(home, shell).Should().Be(expected);
}
