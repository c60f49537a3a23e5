using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// A model JSON that cannot be read, with the token at fault. The runtime raises it as a <see cref="KerasException"/>;
/// the generator turns <see cref="At"/> into the diagnostic's line and column.
/// </summary>
internal sealed class KerasJsonException : KerasException
{
    public KerasJsonException(string message, JToken? at, bool keras1 = false) : base(message)
    {
        At = at;
        Keras1 = keras1;
    }

    public JToken? At { get; }

    /// <summary>The file is a Keras 1 model (refused for that reason, not for its shape).</summary>
    public bool Keras1 { get; }
}
