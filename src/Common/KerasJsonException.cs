using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// A model JSON that cannot be read, with the token at fault. The runtime raises it as a <see cref="KerasException"/>;
/// the generator turns <see cref="At"/> into the diagnostic's line and column.
/// </summary>
internal sealed class KerasJsonException : KerasException
{
    public KerasJsonException(string message, JToken? at) : base(message) => At = at;
    public JToken? At { get; }
}
