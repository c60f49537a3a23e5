using System;

namespace KerasSharp.Bench;

/// <summary>One way of training and running the tutorial model; the runner times it.</summary>
internal abstract class BenchVariant : IDisposable
{
    /// <summary>The <c>--only</c> name.</summary>
    public abstract string Name { get; }

    /// <summary>One line for the results table.</summary>
    public abstract string Description { get; }

    /// <summary>Trainable + non-trainable parameter count, to check the variants build the same model.</summary>
    public abstract long ParameterCount { get; }

    /// <summary>One training step on the fixed batch (forward, loss with L2 penalty, backward, RMSprop update); returns the loss.</summary>
    public abstract double TrainStep();

    /// <summary>Inference over the whole inference set in batches of 128 (eval mode, no grad); returns images seen.</summary>
    public abstract long Infer();

    public virtual void Dispose() { }

    /// <summary>Consistency notes against the other variants of the same run (e.g. same initial weights), for the table.</summary>
    public virtual System.Collections.Generic.IEnumerable<string> Check(System.Collections.Generic.IReadOnlyList<BenchVariant> all) =>
        System.Array.Empty<string>();

    public static BenchVariant Create(string name, SyntheticData data) => name switch
    {
        "keras" => new KerasVariant(data, functional: false),
        "keras-functional" => new KerasVariant(data, functional: true),
        "resnet-keras" => new ResNetKerasVariant(data),
        "resnet-nhwc" => new ResNetNhwcVariant(data),
        "resnet-nhwc-hwio" => new ResNetNhwcVariant(data, kernelsHwio: true),
        "resnet-nhwc-hwio-kbn" => new ResNetNhwcVariant(data, kernelsHwio: true, kerasBatchNorm: true),
        "nchw" => new TorchNchwVariant(data),
        "nhwc" => new TorchNhwcVariant(data, kernelsOhwi: true),
        "nhwc-hwio" => new TorchNhwcVariant(data, kernelsOhwi: false),
        "mnist-keras" => new MnistCnnVariant(data),
        _ => throw new ArgumentException($"Unknown variant '{name}'.", nameof(name)),
    };
}
