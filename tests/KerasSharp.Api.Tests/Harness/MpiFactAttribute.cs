using System.Runtime.CompilerServices;
using Xunit;

namespace KerasSharp.Tests.Harness;

/// <summary>
/// A test that starts ranks with <c>mpirun</c>; skipped, with the reason in its name, where Open MPI is missing
/// (.ci/run installs it when it runs as root on Debian).
/// </summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute([CallerMemberName] string test = "")
    {
        if (MpiRun.MissingReason() is not { } reason) return;
        Skip = reason;
        DisplayName = $"{test} (skipped: {Skip})";
    }
}
