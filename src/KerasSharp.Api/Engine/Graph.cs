using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp;

/// <summary>
/// The nodes between a model's inputs and outputs (Keras 2.2.4's <c>_map_graph_network</c>): found from the outputs
/// back, each node at depth one more than the deepest node that reads it, layers ordered by decreasing depth and,
/// within a depth, by the order the walk met them (Keras's <c>model.layers</c> and weight-file order). Running it
/// walks the nodes from the deepest on real tensors.
/// </summary>
internal sealed class Graph
{
    public Graph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        if (inputs.Count == 0) throw new ArgumentException("A model needs at least one input.", nameof(inputs));
        if (outputs.Count == 0) throw new ArgumentException("A model needs at least one output.", nameof(outputs));
        if (inputs.Distinct().Count() != inputs.Count)
            throw new ArgumentException($"The list of inputs passed to the model is redundant. All inputs should only appear once. Found: [{string.Join(", ", inputs)}]", nameof(inputs));
        for (int i = 0; i < inputs.Count; i++)
            if (inputs[i].Layer is not InputLayer)
                throw new ArgumentException($"Input layers to a `Model` must be `InputLayer` objects. Input {i} (0-based) originates from layer type `{inputs[i].Layer.GetType().Name}` (layer '{inputs[i].Layer.Name}'): use the tensor that `Input(...)` returned.", nameof(inputs));
        Inputs = inputs;
        Outputs = outputs;

        // Walk from the outputs (depth-first), recording the traversal order of layers and the post-order of nodes.
        var layerOrder = new Dictionary<Layer, int>();
        var postOrder = new List<Node>();
        var finished = new HashSet<Node>();
        var inProgress = new HashSet<Node>();
        void Visit(Node node)
        {
            if (inProgress.Contains(node)) throw new KerasException($"The tensor at layer \"{node.Layer.Name}\" is part of a cycle.");
            if (!finished.Add(node)) return;
            layerOrder.TryAdd(node.Layer, layerOrder.Count);
            inProgress.Add(node);
            foreach (var inbound in node.InboundNodes) Visit(inbound);
            inProgress.Remove(node);
            postOrder.Add(node);
        }
        foreach (var output in outputs) Visit(output.Node);

        var nodeDepth = new Dictionary<Node, int>();
        var layerDepth = new Dictionary<Layer, int>();
        for (int i = postOrder.Count - 1; i >= 0; i--)
        {
            var node = postOrder[i];
            var depth = Math.Max(nodeDepth.GetValueOrDefault(node), layerDepth.GetValueOrDefault(node.Layer));
            layerDepth[node.Layer] = depth;
            nodeDepth[node] = depth;
            foreach (var inbound in node.InboundNodes)
                nodeDepth[inbound] = Math.Max(depth + 1, nodeDepth.GetValueOrDefault(inbound));
        }
        Layers = layerDepth.GroupBy(kv => kv.Value).OrderByDescending(g => g.Key)
            .SelectMany(g => g.Select(kv => kv.Key).OrderBy(l => layerOrder[l])).ToList();
        Nodes = nodeDepth.GroupBy(kv => kv.Value).OrderByDescending(g => g.Key).SelectMany(g => g.Select(kv => kv.Key)).ToList();
        _depth = nodeDepth;

        // Every tensor a node reads must come from the inputs.
        var computable = new HashSet<KerasTensor>(inputs);
        var reached = new List<string>();
        foreach (var node in Nodes)
        {
            if (node.Inputs.Count == 0 && !node.Outputs.All(computable.Contains))
                throw new KerasException($"Graph disconnected: cannot obtain value for tensor {node.Outputs[0]} at layer \"{node.Layer.Name}\": it is an input that is not among the model's inputs. The following previous layers were accessed without issue: [{string.Join(", ", reached.Select(n => $"'{n}'"))}]");
            foreach (var x in node.Inputs)
                if (!computable.Contains(x))
                    throw new KerasException($"Graph disconnected: cannot obtain value for tensor {x} at layer \"{node.Layer.Name}\". The following previous layers were accessed without issue: [{string.Join(", ", reached.Select(n => $"'{n}'"))}]");
            foreach (var x in node.Outputs) computable.Add(x);
            reached.Add(node.Layer.Name);
        }
        foreach (var node in Nodes)
            foreach (var x in node.Inputs) _reads[x] = _reads.GetValueOrDefault(x) + 1;
        foreach (var name in Layers.GroupBy(l => l.Name).Where(g => g.Count() > 1).Select(g => g.Key))
            throw new KerasException($"The name \"{name}\" is used {Layers.Count(l => l.Name == name)} times in the model. All layer names should be unique.");
    }

    public IReadOnlyList<KerasTensor> Inputs { get; }
    public IReadOnlyList<KerasTensor> Outputs { get; }

    /// <summary>Keras's <c>model.layers</c> for a graph: input layers first, by decreasing depth.</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>The nodes in the order they run (decreasing depth).</summary>
    public IReadOnlyList<Node> Nodes { get; }

    private readonly Dictionary<Node, int> _depth;

    /// <summary>
    /// Whether a node may write over its first argument: a new tensor of a <see cref="Layer.FreshOutputs"/> layer that
    /// this node reads once and is the last to read, whose storage no other live tensor (a view, an alias, an input,
    /// an output) shares.
    /// </summary>
    private static bool Overwritable(Tensor[] arguments, Dictionary<Tensor, int> pending, HashSet<Tensor> fresh)
    {
        var target = arguments[0];
        if (!fresh.Contains(target) || pending[target] != 1 || arguments.Skip(1).Any(a => ReferenceEquals(a, target))) return false;
        var storage = Backend.TensorStorage.Pointer(target);
        foreach (var other in pending.Keys)
            if (!ReferenceEquals(other, target) && Backend.TensorStorage.Pointer(other) == storage) return false;
        return true;
    }

    /// <summary>How many node inputs read each tensor (a tensor read twice by one node counts twice).</summary>
    private readonly Dictionary<KerasTensor, int> _reads = new();

    /// <summary>A node's depth: 0 for the nodes that make outputs, one more for each call further from them.</summary>
    public int Depth(Node node) => _depth[node];

    /// <summary>Whether a layer call is one of this graph's nodes.</summary>
    public bool Contains(Node node) => Nodes.Contains(node);

    /// <summary>The outputs for real inputs, each node run once, in order.</summary>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs, bool training) => RunMasked(inputs, null, training).Outputs;

    /// <summary>
    /// The outputs and their masks for real inputs (and their masks, for a model called as a layer): each node gets
    /// the masks of the tensors it reads, as Keras 2's <c>run_internal_graph</c> passes <c>mask</c> to each call.
    /// </summary>
    public (Tensor[] Outputs, Tensor?[] Masks) RunMasked(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? masks, bool training)
    {
        if (inputs.Count != Inputs.Count)
            throw new ArgumentException($"The model expects {Inputs.Count} input arrays, but only received {inputs.Count} arrays.", nameof(inputs));
        var values = new Dictionary<KerasTensor, Tensor>();
        var valueMasks = new Dictionary<KerasTensor, Tensor>();
        for (int i = 0; i < inputs.Count; i++)
        {
            values[Inputs[i]] = ((InputLayer)Inputs[i].Layer).Feed(inputs[i]);
            if (masks?[i] is { } mask) valueMasks[Inputs[i]] = mask;
        }
        // Without autograd nothing else holds the intermediate tensors, so each is freed after the last node that
        // reads it, as PyTorch frees a module's output once the next one has run: the allocator then reuses that
        // memory for the next outputs instead of mapping fresh pages for every tensor of a batch (Predict of a
        // 224×224 network touched gigabytes of new pages per batch). Pending uses are counted per handle, since a
        // layer may return its input itself; the graph's inputs, outputs and masks are never freed here.
        var pending = torch.is_grad_enabled() ? null : new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        const int Kept = int.MaxValue / 2;
        if (pending is not null)
        {
            foreach (var input in Inputs) pending[values[input]] = Kept;
            foreach (var m in masks ?? Array.Empty<Tensor?>()) if (m is not null) pending[m] = Kept;
        }
        // Outputs of layers that always make new storage: the only tensors an in-place layer may write over.
        var fresh = pending is null ? null : new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var node in Nodes)
        {
            if (node.Inputs.Count == 0) continue; // an input layer: its tensor is given
            var arguments = node.Inputs.Select(x => values[x]).ToArray();
            var argumentMasks = node.Inputs.Select(x => valueMasks.GetValueOrDefault(x)).ToArray();
            // An activation or Add whose first input nothing else will read writes over it, as PyTorch's inplace=True:
            // one tensor fewer to allocate (and fault in) per layer.
            var inPlace = pending is not null && node.Outputs.Count == 1 && argumentMasks.All(m => m is null)
                && Overwritable(arguments, pending, fresh!) ? node.Layer.CallInPlace(arguments) : null;
            var (outputs, outputMasks) = inPlace is not null ? (new[] { inPlace }, new Tensor?[1])
                : node.Layer.CallMasked(arguments, argumentMasks, node.Training ?? training);
            for (int i = 0; i < outputs.Length; i++)
            {
                values[node.Outputs[i]] = outputs[i];
                if (outputMasks[i] is { } mask) valueMasks[node.Outputs[i]] = mask;
                if (pending is null) continue;
                var uses = Outputs.Contains(node.Outputs[i]) ? Kept : _reads.GetValueOrDefault(node.Outputs[i]);
                pending[outputs[i]] = pending.GetValueOrDefault(outputs[i]) + uses;
                if (outputMasks[i] is { } kept) pending[kept] = Kept;
                if (node.Layer.FreshOutputs) fresh!.Add(outputs[i]);
            }
            if (pending is null) continue;
            foreach (var t in arguments)
            {
                if (--pending[t] != 0) continue;
                pending.Remove(t);
                fresh!.Remove(t);
                t.Dispose();
            }
        }
        // An output that is an input (or appears twice) still comes back as its own handle.
        var results = Outputs.Select(o => values[o]).Select((t, i) => Inputs.Contains(Outputs[i]) || Outputs.Take(i).Contains(Outputs[i]) ? t.alias() : t).ToArray();
        return (results, Outputs.Select(o => valueMasks.GetValueOrDefault(o)).ToArray());
    }
}
