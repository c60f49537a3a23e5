using System.Collections.Generic;
using System.Linq;

namespace KerasSharp;

/// <summary>
/// One call of a layer on symbolic tensors (Keras's <c>Node</c>): the tensors it took, the tensors it made and the
/// call's arguments (<c>training</c>). A layer called twice (a shared layer) has two nodes; a model is the nodes between
/// its inputs and outputs.
/// </summary>
internal sealed class Node
{
    public Node(Layer layer, IReadOnlyList<KerasTensor> inputs, IReadOnlyList<Shape> outputShapes, bool? training,
                IReadOnlyList<string>? outputDtypes = null, IReadOnlyList<bool>? outputMasks = null)
    {
        Layer = layer;
        Inputs = inputs;
        Training = training;
        Index = layer.InboundNodesList.Count;
        Outputs = outputShapes.Select((shape, i) => new KerasTensor(shape, outputDtypes?[i] ?? Backend.KerasBackend.FloatXName, this, i, outputMasks?[i] ?? false)).ToArray();
        layer.InboundNodesList.Add(this);
        foreach (var inbound in inputs.Select(t => t.Layer).Distinct()) inbound.OutboundNodesList.Add(this);
    }

    public Layer Layer { get; }

    /// <summary>This call's number among the layer's calls (<c>node_index</c> in the JSON).</summary>
    public int Index { get; }

    public IReadOnlyList<KerasTensor> Inputs { get; }
    public IReadOnlyList<KerasTensor> Outputs { get; }

    /// <summary>A <c>training</c> argument fixed at the call (e.g. <c>Dropout(...)(x, training=True)</c>), else null.</summary>
    public bool? Training { get; }

    /// <summary>The nodes whose outputs this call reads.</summary>
    public IEnumerable<Node> InboundNodes => Inputs.Select(t => t.Node);

    public override string ToString() => $"{Layer.Name}[{Index}]";
}
