using FluentAssertions;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Horovod;

/// <summary>
/// A failing rank stops the whole job within 60 s with a message naming it (the jobs below would otherwise wait
/// forever: rank 0 sits in the step's MPI_Allreduce), and a model that differs is named at the first broadcast.
/// </summary>
public sealed class HorovodFaultTests
{
    private const int Bound = 60_000;

    [MpiFact]
    public void A_rank_killed_mid_epoch_stops_the_others_naming_it()
    {
        var run = MpiRun.Run("kill", limitMs: Bound);
        // mpirun names the dead rank in a help text, which Open MPI 4.1 now and then fails to unpack
        // ("ORTE_ERROR_LOG: Data unpack would read past end of buffer ... show_help.c"): that defect alone gets one more run.
        if (run.Exited && !run.Output.Contains("exited on signal 9") && run.Output.Contains("ORTE_ERROR_LOG: Data unpack"))
            run = MpiRun.Run("kill", limitMs: Bound);
        run.Exited.Should().BeTrue($"the job must end within 60 s: {run.Output}");
        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("rank 1 kills itself at batch 2").And.Contain("process rank 1").And.Contain("exited on signal 9");
        run.Ranks.Should().AllSatisfy(r => r.Should().BeNull("no rank finished its training"));
    }

    [MpiFact]
    public void A_rank_that_throws_stops_the_others_naming_it_and_the_error()
    {
        var run = MpiRun.Run("throw", limitMs: Bound);
        run.Exited.Should().BeTrue($"the job must end within 60 s: {run.Output}");
        run.ExitCode.Should().NotBe(0);
        // KerasSharp's own line names the rank and the error; mpirun's help text after it is not asserted: Open MPI 4.1
        // sometimes fails to print it ("ORTE_ERROR_LOG: Data unpack would read past end of buffer ... show_help.c").
        run.Output.Should().Contain("Horovod: rank 1 of 2 failed: injected failure at batch 2. Aborting all ranks (MPI_Abort).");
        run.Ranks.Should().AllSatisfy(r => r.Should().BeNull());
    }

    [MpiFact]
    public void A_rank_that_exits_with_an_error_code_stops_the_others()
    {
        var run = MpiRun.Run("exit", limitMs: Bound);
        run.Exited.Should().BeTrue($"the job must end within 60 s: {run.Output}");
        run.ExitCode.Should().Be(3);
        run.Output.Should().Contain("Horovod: rank 1 of 2 exits with code 3. Aborting all ranks (MPI_Abort).");
    }

    [MpiFact]
    public void A_model_that_differs_on_a_rank_is_named_at_the_first_broadcast()
    {
        var run = MpiRun.Run("mismatch", limitMs: Bound);
        run.Exited.Should().BeTrue($"the job must end within 60 s: {run.Output}");
        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("BroadcastGlobalVariablesCallback(0): the model differs between ranks: rank 1 has dense_1/kernel:0 (6, 9) Float32 where rank 0 has dense_1/kernel:0 (6, 8) Float32.");
    }
}
