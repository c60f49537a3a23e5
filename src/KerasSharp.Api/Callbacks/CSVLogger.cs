using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using KerasSharp.Utils;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.CSVLogger(filename, separator=',', append=False)</c>: one row per epoch, columns <c>epoch</c>
/// then the log keys in sorted order, values as Python prints them, lines ending in \r\n (Python's csv.excel). With
/// <c>append</c>, the existing file's columns are kept (<c>acc</c> and <c>accuracy</c> are one column).
/// </summary>
public sealed class CSVLogger : Callback
{
    private StreamWriter? _writer;
    private List<string>? _keys;
    private bool _writeHeader;

    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        Filename = filename;
        Separator = separator;
        Append = append;
    }

    public string Filename { get; }
    public string Separator { get; }
    public bool Append { get; }

    public override void OnTrainBegin(Logs logs)
    {
        _writeHeader = !(Append && File.Exists(Filename) && new FileInfo(Filename).Length > 0);
        // Appending to a log (a resumed run): keep its columns, so a 2.2.4-era `acc` column goes on with `accuracy`.
        var header = _writeHeader ? null : File.ReadLines(Filename).First().Split(Separator);
        _keys = header is ["epoch", _, ..] ? header.Skip(1).ToList() : null;
        _writer = new StreamWriter(Filename, Append, new UTF8Encoding(false)) { NewLine = "\r\n" };
    }

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_writer is null) return;
        _keys ??= logs.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList();
        if (_writeHeader)
        {
            _writer.WriteLine(string.Join(Separator, new[] { "epoch" }.Concat(_keys)));
            _writeHeader = false;
        }
        // After a stop, Keras writes NA for keys the last logs lack.
        var values = _keys.Select(k => logs.TryGetMetric(k, out var v) ? PythonFormat.Repr(v) : "NA");
        _writer.WriteLine(string.Join(Separator, new[] { epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(values)));
        _writer.Flush();
    }

    public override void OnTrainEnd(Logs logs)
    {
        _writer?.Dispose();
        _writer = null;
    }
}
