using System;
using System.Linq;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using KerasSharp.Utils;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Utils;

/// <summary>numpy's legacy RandomState against Goldens/datasets/random_state.json (written by numpy 1.24).</summary>
public sealed class NumpyRandomStateTests
{
    private static readonly JToken Goldens = Golden.Load("datasets/random_state.json");

    [Fact]
    public void Raw_outputs_match_numpy_after_seeding()
    {
        foreach (var entry in Goldens["raw"]!)
        {
            var random = new NumpyRandomState((long)entry["seed"]!);
            var outputs = Enumerable.Range(0, 12).Select(_ => (long)random.NextUInt32()).ToArray();
            outputs.Should().Equal(entry["outputs"]!.Select(v => (long)v), $"seed {entry["seed"]}");
        }
    }

    [Fact]
    public void Successive_shuffles_match_numpy()
    {
        // Lengths up to 70,000, past 2**16, and two shuffles drawn in turn from one seed (as imdb.load_data does).
        foreach (var entry in Goldens["shuffles"]!)
        {
            var random = new NumpyRandomState((long)entry["seed"]!);
            foreach (var shuffle in entry["shuffles"]!)
            {
                var permutation = random.ShuffledIndices((int)shuffle["length"]!);
                var because = $"seed {entry["seed"]}, length {shuffle["length"]}";
                if (shuffle["permutation"] is JArray full)
                {
                    permutation.Should().Equal(full.Select(v => (int)v), because);
                    continue;
                }
                permutation[..20].Should().Equal(shuffle["first"]!.Select(v => (int)v), because);
                permutation[^20..].Should().Equal(shuffle["last"]!.Select(v => (int)v), because);
                var bytes = permutation.SelectMany(i => BitConverter.GetBytes((long)i)).ToArray();
                Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be((string)shuffle["sha256"]!, because);
            }
        }
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    public void A_seed_outside_numpys_range_is_an_error(long seed)
    {
        var act = () => new NumpyRandomState(seed);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("seed").WithMessage("Seed must be between 0 and 2**32 - 1*");
    }
}
