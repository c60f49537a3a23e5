using KerasSharp.Backend;

namespace KerasSharp;

/// <summary>
/// Arithmetic on symbolic tensors, recorded as backend functions of the graph (as TensorFlow's operators are), so that
/// <c>z_mean + K.exp(z_log_var / 2) * epsilon</c> ports as written. Either operand may be a number.
/// </summary>
public sealed partial class KerasTensor
{
    public static KerasTensor operator +(KerasTensor x, KerasTensor y) => KerasBackend.RecordBinary("add", x, y);
    public static KerasTensor operator +(KerasTensor x, double y) => KerasBackend.RecordBinary("add", x, y);
    public static KerasTensor operator +(double x, KerasTensor y) => KerasBackend.RecordBinary("add", x, y);

    public static KerasTensor operator -(KerasTensor x, KerasTensor y) => KerasBackend.RecordBinary("subtract", x, y);
    public static KerasTensor operator -(KerasTensor x, double y) => KerasBackend.RecordBinary("subtract", x, y);
    public static KerasTensor operator -(double x, KerasTensor y) => KerasBackend.RecordBinary("subtract", x, y);

    public static KerasTensor operator *(KerasTensor x, KerasTensor y) => KerasBackend.RecordBinary("multiply", x, y);
    public static KerasTensor operator *(KerasTensor x, double y) => KerasBackend.RecordBinary("multiply", x, y);
    public static KerasTensor operator *(double x, KerasTensor y) => KerasBackend.RecordBinary("multiply", x, y);

    public static KerasTensor operator /(KerasTensor x, KerasTensor y) => KerasBackend.RecordBinary("divide", x, y);
    public static KerasTensor operator /(KerasTensor x, double y) => KerasBackend.RecordBinary("divide", x, y);
    public static KerasTensor operator /(double x, KerasTensor y) => KerasBackend.RecordBinary("divide", x, y);

    public static KerasTensor operator -(KerasTensor x) => KerasBackend.RecordNegative(x);
}
