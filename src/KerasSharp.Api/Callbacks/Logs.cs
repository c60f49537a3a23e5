using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KerasSharp.Callbacks;

/// <summary>
/// The <c>logs</c> dictionary Keras passes to callbacks: metric name → value, in a stable order (loss, metrics, then
/// the <c>val_</c> entries). Values are plain numbers; tensors never reach a callback.
/// </summary>
public sealed class Logs : OrderedDictionary<string, double>
{
    public Logs() { }

    public Logs(IEnumerable<KeyValuePair<string, double>> entries)
    {
        foreach (var (key, value) in entries) Add(key, value);
    }

    public override string ToString() =>
        "{" + string.Join(", ", this.Select(kv => $"'{kv.Key}': {kv.Value.ToString("R", CultureInfo.InvariantCulture)}")) + "}";
}
