namespace KerasSharp;

/// <summary>
/// Python's unpacking of the scores <c>model.evaluate</c> returns, <c>score, acc = model.evaluate(x, y)</c>:
/// <c>var (score, acc) = model.Evaluate(x, y);</c>.
/// </summary>
public static class ScoreArrays
{
    extension(double[] scores)
    {
        public void Deconstruct(out double first, out double second)
        {
            Check(scores, 2);
            (first, second) = (scores[0], scores[1]);
        }

        public void Deconstruct(out double first, out double second, out double third)
        {
            Check(scores, 3);
            (first, second, third) = (scores[0], scores[1], scores[2]);
        }
    }

    private static void Check(double[] scores, int count)
    {
        if (scores.Length != count)
            throw new System.InvalidOperationException($"Cannot unpack {scores.Length} scores into {count}.");
    }
}
