using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Parsing;

/// <summary>
/// A model of the file, the root or a nested one: a Sequential (its layers, added in order) or a functional model (its
/// layers, their calls in the order <c>model_from_json</c> makes them, and its inputs and outputs).
/// </summary>
internal sealed record ParsedNet(
    bool IsFunctional,
    string? Name,
    LocationInfo? Location,
    EquatableArray<ParsedLayer> Layers,
    EquatableArray<ParsedCall> Calls,
    EquatableArray<ParsedTensor> Inputs,
    EquatableArray<ParsedTensor> Outputs);

/// <summary>One call of a layer of a functional model: the layer (its place in the model's layers) and what it reads.</summary>
internal sealed record ParsedCall(int Layer, EquatableArray<ParsedTensor> Inputs, bool? Training);

/// <summary>
/// A tensor of a functional model: output <see cref="Output"/> of call <see cref="Call"/> of a layer (its place in
/// the model's layers). Calls count from 0 without a nested model's own graph; an InputLayer's tensor is its call 0.
/// </summary>
internal sealed record ParsedTensor(int Layer, int Call, int Output);
