using System.Linq;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Horovod;

/// <summary>hvd.Allreduce, hvd.Broadcast and hvd.Allgather on tensors, 2 ranks; expected values worked by hand per case.</summary>
public sealed class HvdCollectivesTests
{
    [MpiFact]
    public void Allreduce_broadcast_and_allgather_combine_the_ranks_tensors()
    {
        var run = MpiRun.Run("collectives");
        run.ExitCode.Should().Be(0, run.Output);
        foreach (var rank in run.Ranks)
        {
            var r = rank!.Value;
            float[] F(string name) => r.GetProperty(name).EnumerateArray().Select(v => v.GetSingle()).ToArray();
            // Rank k holds [k+1, 2(k+1)]: sum [1+2, 2+4] = [3, 6], average [1.5, 3].
            F("allreduce_average").Should().Equal(1.5f, 3f);
            F("allreduce_sum").Should().Equal(3f, 6f);
            // int64 [0] and [3]: average rounded down, 3 / 2 = 1.
            r.GetProperty("allreduce_int_average").EnumerateArray().Select(v => v.GetInt64()).Should().Equal(1L);
            // Rank 1's [10, 11] from root_rank 1.
            r.GetProperty("broadcast").EnumerateArray().Select(v => v.GetDouble()).Should().Equal(10.0, 11.0);
            // Rank 0: one row of 0s, rank 1: two rows of 1s, concatenated in rank order.
            r.GetProperty("allgather_shape").EnumerateArray().Select(v => v.GetInt64()).Should().Equal(3L, 2L);
            r.GetProperty("allgather").EnumerateArray().Select(v => v.GetInt32()).Should().Equal(0, 0, 1, 1, 1, 1);
        }
    }
}
