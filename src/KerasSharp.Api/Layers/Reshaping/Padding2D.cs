namespace KerasSharp.Layers;

/// <summary>
/// ZeroPadding2D's <c>padding</c>: an int (all sides), <c>(rows, cols)</c> (symmetric), or
/// <c>((top, bottom), (left, right))</c>, as Keras accepts them.
/// </summary>
public readonly record struct Padding2D(int Top, int Bottom, int Left, int Right)
{
    public static implicit operator Padding2D(int p) => new(p, p, p, p);
    public static implicit operator Padding2D((int Rows, int Cols) p) => new(p.Rows, p.Rows, p.Cols, p.Cols);
    public static implicit operator Padding2D(((int, int) Rows, (int, int) Cols) p) =>
        new(p.Rows.Item1, p.Rows.Item2, p.Cols.Item1, p.Cols.Item2);

    public override string ToString() => $"(({Top}, {Bottom}), ({Left}, {Right}))";
}
