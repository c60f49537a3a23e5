namespace KerasSharp.Callbacks;

/// <summary>
/// Keras 2.2.4 logged <c>metrics=['accuracy']</c> as <c>acc</c>/<c>val_acc</c>, Keras 2.3 as <c>accuracy</c>/
/// <c>val_accuracy</c>; scripts written for one monitor the other's key. Each name finds its twin.
/// </summary>
internal static class MetricAliases
{
    public static string? Twin(string key) => key switch
    {
        "acc" => "accuracy",
        "accuracy" => "acc",
        "val_acc" => "val_accuracy",
        "val_accuracy" => "val_acc",
        _ => null,
    };
}
