#!/usr/bin/python3
"""Functional-API / merge / backend reference goldens for KerasSharp (Keras 2.2.4 semantics,
computed independently in numpy).

Run from the repository root:
    /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/functional/make_functional_goldens.py

Writes, next to this script:
    merge.json, residual.json, two_io.json, nested.json, backend.json,
    summary_two_io.txt, summary_nested.txt

Conventions (same as ../make_goldens.py)
----------------------------------------
* Every tensor is {"shape": [...], "data": [flat row-major floats]}.
* Inputs and weights are drawn as float32 (fixed numpy seeds) and then cast to float64; all
  reference math is float64; values are written as JSON numbers with full repr.
* Formulas follow standalone Keras 2.2.4 (TensorFlow 1.x backend); each function names the
  source it follows as `keras@2.2.4:<path> <symbol>` (keras-team/keras git tag 2.2.4).
* No Keras/TensorFlow is used.  Gradients are written by hand and checked against central
  finite differences inside this script (|fd - analytic| <= 1e-6 * max(|fd|, |analytic|) + 1e-9).
* Deterministic: rerunning rewrites byte-identical files.
"""
from __future__ import print_function

import json
import os

import numpy as np

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

EPSILON = 1e-7          # keras@2.2.4:keras/backend/common.py _EPSILON (K.epsilon())
L2_NORM_EPS = 1e-12     # tf.nn.l2_normalize default epsilon (TF 1.x)


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------

def f32(a):
    """float32-representable values held in float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rand(rng, shape, lo=-1.0, hi=1.0):
    return f32(rng.uniform(lo, hi, size=shape))


def T(a, dtype=None):
    a = np.asarray(a, dtype=np.float64)
    assert np.all(np.isfinite(a)), "non-finite value in golden"
    out = {"shape": [int(s) for s in a.shape], "data": [float(v) for v in a.ravel()]}
    if dtype is not None:
        out["dtype"] = dtype
    return out


def write_json(name, obj):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", path)


def write_text(name, lines):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")    # print_fn = print puts "\n" after every line
    print("wrote", path)


def check_grads(loss_fn, params, grads, h=1e-5, rtol=1e-6, atol=1e-9, label=""):
    """Central finite differences on every scalar of every parameter (dict name -> list of arrays)."""
    worst = 0.0
    n = 0
    for lname in params:
        for wi, w in enumerate(params[lname]):
            g = grads[lname][wi]
            assert g.shape == w.shape, (lname, wi, g.shape, w.shape)
            it = np.nditer(w, flags=["multi_index"])
            for _ in it:
                idx = it.multi_index
                old = w[idx]
                w[idx] = old + h
                lp = loss_fn(params)
                w[idx] = old - h
                lm = loss_fn(params)
                w[idx] = old
                fd = (lp - lm) / (2 * h)
                an = g[idx]
                err = abs(fd - an)
                tol = rtol * max(abs(fd), abs(an)) + atol
                assert err <= tol, ("gradient check failed", label, lname, wi, idx, fd, an)
                worst = max(worst, err / (max(abs(fd), abs(an)) + 1e-300))
                n += 1
    print("  grad check %-22s %4d scalars ok (worst rel err %.2e)" % (label, n, worst))


def copy_params(p):
    return {k: [np.array(w) for w in v] for k, v in p.items()}


def weights_json(p, order):
    return {k: [T(w) for w in p[k]] for k in order}


# ----------------------------------------------------------------------------------------------
# backend / activation math  (keras@2.2.4:keras/backend/tensorflow_backend.py)
# ----------------------------------------------------------------------------------------------

def k_softmax(x, axis=-1):
    # keras@2.2.4:keras/backend/tensorflow_backend.py softmax -> tf.nn.softmax(x, axis)
    # (keras@2.2.4:keras/activations.py softmax: ndim 2 -> K.softmax, ndim>2 exp(x-max)/sum: same)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def k_relu(x, alpha=0.0, max_value=None, threshold=0.0):
    # keras@2.2.4:keras/backend/tensorflow_backend.py relu
    negative_part = None
    if alpha != 0.0:
        if max_value is None and threshold == 0.0:
            return np.maximum(x, alpha * x)           # tf.nn.leaky_relu
        if threshold != 0.0:
            negative_part = np.maximum(-x + threshold, 0.0)
        else:
            negative_part = np.maximum(-x, 0.0)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * (x > threshold).astype(np.float64)    # x * cast(greater(x, threshold))
    elif max_value == 6:
        x = np.clip(x, 0.0, 6.0)                      # tf.nn.relu6
        clip_max = False
    else:
        x = np.maximum(x, 0.0)                        # tf.nn.relu
    if clip_max:
        x = np.clip(x, 0.0, max_value)
    if alpha != 0:
        x = x - alpha * negative_part
    return x


def k_elu(x, alpha=1.0):
    # keras@2.2.4:keras/backend/tensorflow_backend.py elu:
    #   res = tf.nn.elu(x); alpha == 1 -> res, else tf.where(x > 0, res, alpha * res)
    res = np.where(x > 0, x, np.expm1(np.minimum(x, 0)))
    return res if alpha == 1 else np.where(x > 0, res, alpha * res)


def k_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))                   # tf.nn.sigmoid


def k_hard_sigmoid(x):
    # keras@2.2.4:keras/backend/tensorflow_backend.py hard_sigmoid: clip(0.2*x + 0.5, 0, 1)
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def k_softplus(x):
    # tf.nn.softplus = log(1 + exp(x)), stable form
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def k_softsign(x):
    return x / (1.0 + np.abs(x))                      # tf.nn.softsign


def k_l2_normalize(x, axis):
    # keras@2.2.4:keras/backend/tensorflow_backend.py l2_normalize -> tf.nn.l2_normalize:
    #   x * rsqrt(max(sum(x^2, axis, keepdims), 1e-12))
    ss = np.sum(x * x, axis=axis, keepdims=True)
    return x / np.sqrt(np.maximum(ss, L2_NORM_EPS))


def k_dot(x, y):
    # keras@2.2.4:keras/backend/tensorflow_backend.py dot: if either is nD (n>2):
    #   y_permute_dim = [ndim(y)-2] + the others; xt = reshape(x, [-1, x_shape[-1]]);
    #   yt = reshape(transpose(y, y_permute_dim), [y_shape[-2], -1]);
    #   reshape(matmul(xt, yt), x_shape[:-1] + y_shape[:-2] + y_shape[-1:])
    #   else tf.matmul(x, y)
    if x.ndim > 2 or y.ndim > 2:
        perm = list(range(y.ndim))
        perm = [perm.pop(-2)] + perm
        xt = x.reshape(-1, x.shape[-1])
        yt = np.transpose(y, perm).reshape(y.shape[-2], -1)
        return (xt @ yt).reshape(x.shape[:-1] + y.shape[:-2] + y.shape[-1:])
    return x @ y


def k_batch_dot(x, y, axes=None):
    # keras@2.2.4:keras/backend/tensorflow_backend.py batch_dot (followed line by line)
    if isinstance(axes, int):
        axes = (axes, axes)
    x_ndim, y_ndim = x.ndim, y.ndim
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 2]
    if x_ndim > y_ndim:
        diff = x_ndim - y_ndim
        y = y.reshape(y.shape + (1,) * diff)
    elif y_ndim > x_ndim:
        diff = y_ndim - x_ndim
        x = x.reshape(x.shape + (1,) * diff)
    else:
        diff = 0
    if x.ndim == 2 and y.ndim == 2:
        if axes[0] == axes[1]:
            out = np.sum(x * y, axis=axes[0])
        else:
            out = np.sum(np.transpose(x, [1, 0]) * y, axis=axes[1])
    else:
        adj_x = None if axes[0] == x.ndim - 1 else True
        adj_y = True if axes[1] == y.ndim - 1 else None
        xa = np.swapaxes(x, -1, -2) if adj_x else x
        ya = np.swapaxes(y, -1, -2) if adj_y else y
        out = np.matmul(xa, ya)
    if diff:
        if x_ndim > y_ndim:
            idx = x_ndim + y_ndim - 3
        else:
            idx = x_ndim - 1
        out = np.squeeze(out, axis=tuple(range(idx, idx + diff)))
    if out.ndim == 1:
        out = np.expand_dims(out, 1)
    return out


def k_categorical_crossentropy(target, output, from_logits=False):
    # keras@2.2.4:keras/backend/tensorflow_backend.py categorical_crossentropy (axis=-1)
    if not from_logits:
        output = output / np.sum(output, axis=-1, keepdims=True)
        output = np.clip(output, EPSILON, 1.0 - EPSILON)
        return -np.sum(target * np.log(output), axis=-1)
    # tf.nn.softmax_cross_entropy_with_logits: sum(-labels * log_softmax(logits))
    m = np.max(output, axis=-1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(output - m), axis=-1, keepdims=True))
    return -np.sum(target * (output - lse), axis=-1)


def k_binary_crossentropy(target, output, from_logits=False):
    # keras@2.2.4:keras/backend/tensorflow_backend.py binary_crossentropy:
    #   if not from_logits: output = clip(output, eps, 1-eps); output = log(output/(1-output))
    #   tf.nn.sigmoid_cross_entropy_with_logits: max(z,0) - z*t + log(1 + exp(-|z|))
    z = output
    if not from_logits:
        z = np.clip(z, EPSILON, 1.0 - EPSILON)
        z = np.log(z / (1.0 - z))
    return np.maximum(z, 0) - z * target + np.log1p(np.exp(-np.abs(z)))


# ----------------------------------------------------------------------------------------------
# A tiny re-implementation of Keras 2.2.4's layer graph bookkeeping (Layer._inbound_nodes,
# Node, Network._init_graph_network, _map_graph_network, Layer.output_shape) -- enough to get
# Network.layers order, _nodes_by_depth and the summary text exactly as Keras computes them.
# ----------------------------------------------------------------------------------------------

class GLayer(object):
    def __init__(self, name, class_name, params=0, config=None):
        self.name = name
        self.class_name = class_name
        self._params = params
        self.config = config or {}
        self._inbound_nodes = []

    def count_params(self):
        return self._params

    @property
    def output_shape(self):
        # keras@2.2.4:keras/engine/base_layer.py Layer.output_shape
        if not self._inbound_nodes:
            raise AttributeError("never called")
        all_output_shapes = set([str(node.output_shapes) for node in self._inbound_nodes])
        if len(all_output_shapes) == 1:
            shapes = self._inbound_nodes[0].output_shapes
            return shapes[0] if len(shapes) == 1 else shapes     # unpack_singleton
        raise AttributeError("multiple inbound nodes with different output shapes")

    def __call__(self, inputs, output_shape):
        # keras@2.2.4:keras/engine/base_layer.py Layer.__call__ -> _add_inbound_node -> Node
        inputs = inputs if isinstance(inputs, list) else [inputs]
        GNode(self, [t.layer for t in inputs], [t.node_index for t in inputs],
              [t.tensor_index for t in inputs], inputs, [output_shape])
        return GTensor(self, len(self._inbound_nodes) - 1, 0, output_shape)


class GTensor(object):
    def __init__(self, layer, node_index, tensor_index, shape):
        self.layer, self.node_index, self.tensor_index, self.shape = \
            layer, node_index, tensor_index, shape


class GNode(object):
    # keras@2.2.4:keras/engine/base_layer.py Node.__init__ (appends itself to
    # outbound_layer._inbound_nodes)
    def __init__(self, outbound_layer, inbound_layers, node_indices, tensor_indices,
                 input_tensors, output_shapes):
        self.outbound_layer = outbound_layer
        self.inbound_layers = inbound_layers
        self.node_indices = node_indices
        self.tensor_indices = tensor_indices
        self.input_tensors = input_tensors
        self.output_shapes = output_shapes
        outbound_layer._inbound_nodes.append(self)


def g_input(name, shape):
    # keras@2.2.4:keras/engine/input_layer.py InputLayer: one Node with no inbound layers
    layer = GLayer(name, "InputLayer")
    shp = (None,) + tuple(shape)
    GNode(layer, [], [], [], [], [shp])
    return GTensor(layer, 0, 0, shp)


def map_graph_network(inputs, outputs):
    # keras@2.2.4:keras/engine/network.py _map_graph_network (ported 1:1; nodes by identity)
    nodes_depths = {}
    layers_depths = {}
    layer_indices = {}
    nodes_in_decreasing_depth = []

    def build_map(layer, node_index, finished_nodes, nodes_in_progress):
        node = layer._inbound_nodes[node_index]
        assert node not in nodes_in_progress, "cycle"
        if node in finished_nodes:
            return
        if layer not in layer_indices:
            layer_indices[layer] = len(layer_indices)
        nodes_in_progress.add(node)
        for i in range(len(node.inbound_layers)):
            build_map(node.inbound_layers[i], node.node_indices[i], finished_nodes,
                      nodes_in_progress)
        finished_nodes.add(node)
        nodes_in_progress.remove(node)
        nodes_in_decreasing_depth.append(node)

    finished_nodes, nodes_in_progress = set(), set()
    for x in outputs:
        build_map(x.layer, x.node_index, finished_nodes, nodes_in_progress)

    for node in reversed(nodes_in_decreasing_depth):
        depth = nodes_depths.setdefault(node, 0)
        previous_depth = layers_depths.get(node.outbound_layer, 0)
        depth = max(depth, previous_depth)
        layers_depths[node.outbound_layer] = depth
        nodes_depths[node] = depth
        for i in range(len(node.inbound_layers)):
            inbound_layer = node.inbound_layers[i]
            inbound_node = inbound_layer._inbound_nodes[node.node_indices[i]]
            previous_depth = nodes_depths.get(inbound_node, 0)
            nodes_depths[inbound_node] = max(depth + 1, previous_depth)

    nodes_by_depth = {}
    for node, depth in nodes_depths.items():
        nodes_by_depth.setdefault(depth, []).append(node)
    layers_by_depth = {}
    for layer, depth in layers_depths.items():
        layers_by_depth.setdefault(depth, []).append(layer)
    layers = []
    for depth in sorted(layers_by_depth.keys(), reverse=True):
        lfd = layers_by_depth[depth]
        lfd.sort(key=lambda l: layer_indices[l])
        layers.extend(lfd)
    names = [l.name for l in layers]
    assert len(set(names)) == len(names)
    return nodes_by_depth, layers


class GNetwork(GLayer):
    """keras@2.2.4:keras/engine/network.py Network._init_graph_network (graph bookkeeping only)."""

    def __init__(self, inputs, outputs, name, class_name="Model"):
        GLayer.__init__(self, name, class_name)
        self.inputs, self.outputs = inputs, outputs
        self._nodes_by_depth, self._layers = map_graph_network(inputs, outputs)
        # _base_init resets _inbound_nodes, then the node linking internal inputs to outputs
        self._inbound_nodes = []
        GNode(self, [], [], [], inputs, [t.shape for t in outputs])

    @property
    def layers(self):
        if self.class_name == "Sequential":
            # keras@2.2.4:keras/engine/sequential.py Sequential.layers omits the InputLayer
            if self._layers and self._layers[0].class_name == "InputLayer":
                return self._layers[1:]
        return self._layers

    def count_params(self):
        return sum(l.count_params() for l in self._layers)


def layers_spec(net):
    """Graph description in Network.layers order, Keras get_config style inbound_nodes."""
    out = []
    for layer in net.layers:
        inbound = []
        for node in layer._inbound_nodes:
            if node.inbound_layers:
                inbound.append([[l.name, ni, ti] for l, ni, ti in
                                zip(node.inbound_layers, node.node_indices, node.tensor_indices)])
        out.append({"name": layer.name, "class_name": layer.class_name,
                    "config": layer.config, "inbound_nodes": inbound})
    return out


def print_summary(model, print_fn, line_length=None, positions=None):
    # keras@2.2.4:keras/utils/layer_utils.py print_summary (ported 1:1 for graph networks)
    if model.class_name == "Sequential":
        sequential_like = True
    else:
        sequential_like = True
        nodes = []
        for v in model._nodes_by_depth.values():
            if (len(v) > 1) or (len(v) == 1 and len(v[0].inbound_layers) > 1):
                sequential_like = False
                break
            nodes += v
        if sequential_like:
            for layer in model.layers:
                flag = False
                for node in layer._inbound_nodes:
                    if node in nodes:
                        if flag:
                            sequential_like = False
                            break
                        else:
                            flag = True
                if not sequential_like:
                    break

    relevant_nodes = []
    if sequential_like:
        line_length = line_length or 65
        positions = positions or [.45, .85, 1.]
        if positions[-1] <= 1:
            positions = [int(line_length * p) for p in positions]
        to_display = ['Layer (type)', 'Output Shape', 'Param #']
    else:
        line_length = line_length or 98
        positions = positions or [.33, .55, .67, 1.]
        if positions[-1] <= 1:
            positions = [int(line_length * p) for p in positions]
        to_display = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to']
        for v in model._nodes_by_depth.values():
            relevant_nodes += v

    def print_row(fields, positions):
        line = ''
        for i in range(len(fields)):
            if i > 0:
                line = line[:-1] + ' '
            line += str(fields[i])
            line = line[:positions[i]]
            line += ' ' * (positions[i] - len(line))
        print_fn(line)

    print_fn('_' * line_length)
    print_row(to_display, positions)
    print_fn('=' * line_length)

    def output_shape_of(layer):
        try:
            return layer.output_shape
        except AttributeError:
            return 'multiple'

    def print_layer_summary(layer):
        fields = [layer.name + ' (' + layer.class_name + ')', output_shape_of(layer),
                  layer.count_params()]
        print_row(fields, positions)

    def print_layer_summary_with_connections(layer):
        connections = []
        for node in layer._inbound_nodes:
            if relevant_nodes and node not in relevant_nodes:
                continue
            for i in range(len(node.inbound_layers)):
                connections.append(node.inbound_layers[i].name + '[' + str(node.node_indices[i]) +
                                   '][' + str(node.tensor_indices[i]) + ']')
        first_connection = connections[0] if connections else ''
        fields = [layer.name + ' (' + layer.class_name + ')', output_shape_of(layer),
                  layer.count_params(), first_connection]
        print_row(fields, positions)
        for i in range(1, len(connections)):
            print_row(['', '', '', connections[i]], positions)

    layers = model.layers
    for i in range(len(layers)):
        if sequential_like:
            print_layer_summary(layers[i])
        else:
            print_layer_summary_with_connections(layers[i])
        if i == len(layers) - 1:
            print_fn('=' * line_length)
        else:
            print_fn('_' * line_length)

    # all weights of these models are trainable; count_params(set(weights)) counts a shared
    # layer's weights once (each layer appears once in model.layers)
    trainable_count = model.count_params()
    non_trainable_count = 0
    print_fn('Total params: {:,}'.format(trainable_count + non_trainable_count))
    print_fn('Trainable params: {:,}'.format(trainable_count))
    print_fn('Non-trainable params: {:,}'.format(non_trainable_count))
    print_fn('_' * line_length)
    return sequential_like


# ----------------------------------------------------------------------------------------------
# merge.json  (keras@2.2.4:keras/layers/merge.py)
# ----------------------------------------------------------------------------------------------

def dot_layer(inputs, axes, normalize=False):
    # keras@2.2.4:keras/layers/merge.py Dot._merge_function: negative axes taken modulo ndim,
    # optional K.l2_normalize along each dot axis, then K.batch_dot(x1, x2, axes)
    x1, x2 = inputs
    if isinstance(axes, int):
        ax = [axes % x1.ndim, axes % x2.ndim] if axes < 0 else [axes] * 2
    else:
        ax = [a % inputs[i].ndim if a < 0 else a for i, a in enumerate(axes)]
    if normalize:
        x1 = k_l2_normalize(x1, ax[0])
        x2 = k_l2_normalize(x2, ax[1])
    return k_batch_dot(x1, x2, ax)


def dot_output_shape(shapes, axes):
    # keras@2.2.4:keras/layers/merge.py Dot.compute_output_shape
    shape1, shape2 = list(shapes[0]), list(shapes[1])
    if isinstance(axes, int):
        ax = [axes % len(shape1), axes % len(shape2)] if axes < 0 else [axes] * 2
    else:
        ax = axes
    shape1.pop(ax[0])
    shape2.pop(ax[1])
    shape2.pop(0)
    out = shape1 + shape2
    if len(out) == 1:
        out += [1]
    return tuple(out)


def make_merge():
    rng = np.random.RandomState(1001)
    cases = []

    def add(name, layer, config, inputs, output):
        cases.append({"name": name, "layer": layer, "config": config,
                      "inputs": [T(x) for x in inputs], "output": T(output)})

    three = [rand(rng, (2, 3, 4)) for _ in range(3)]
    a, b, c = three
    # keras@2.2.4:keras/layers/merge.py Add/Subtract/Multiply/Average/Maximum/Minimum
    # ._merge_function (same ranks -> no reshape)
    add("add", "Add", {}, three, a + b + c)
    add("subtract", "Subtract", {}, [a, b], a - b)
    add("multiply", "Multiply", {}, three, a * b * c)
    add("average", "Average", {}, three, (a + b + c) / 3.0)
    add("maximum", "Maximum", {}, three, np.maximum(np.maximum(a, b), c))
    add("minimum", "Minimum", {}, three, np.minimum(np.minimum(a, b), c))

    # Concatenate._merge_function -> K.concatenate(inputs, axis)
    x1, x2 = rand(rng, (2, 3, 4)), rand(rng, (2, 5, 4))
    add("concatenate_axis1", "Concatenate", {"axis": 1}, [x1, x2], np.concatenate([x1, x2], 1))
    x1, x2 = rand(rng, (2, 3, 4)), rand(rng, (2, 3, 2))
    add("concatenate_axis_minus1", "Concatenate", {"axis": -1}, [x1, x2],
        np.concatenate([x1, x2], -1))

    # Dot
    def dot_case(name, axes, normalize, s1, s2):
        x1, x2 = rand(rng, s1), rand(rng, s2)
        out = dot_layer([x1, x2], axes, normalize)
        assert out.shape[1:] == dot_output_shape([(None,) + s1[1:], (None,) + s2[1:]], axes)[1:]
        cfg = {"axes": axes, "normalize": normalize}
        add(name, "Dot", cfg, [x1, x2], out)
        return x1, x2, out

    x1, x2, out = dot_case("dot_axes1", 1, False, (2, 5), (2, 5))
    assert out.shape == (2, 1)
    assert np.allclose(out[:, 0], np.sum(x1 * x2, axis=1))
    x1, x2, out = dot_case("dot_axes1_normalize", 1, True, (2, 5), (2, 5))
    assert out.shape == (2, 1)
    cos = np.sum(x1 * x2, 1) / np.linalg.norm(x1, axis=1) / np.linalg.norm(x2, axis=1)
    assert np.allclose(out[:, 0], cos)
    x1, x2, out = dot_case("dot_axes_2_1", [2, 1], False, (2, 3, 4), (2, 4, 5))
    assert out.shape == (2, 3, 5) and np.allclose(out, np.einsum("bij,bjk->bik", x1, x2))
    x1, x2, out = dot_case("dot_axes2", 2, False, (2, 3, 4), (2, 5, 4))
    assert out.shape == (2, 3, 5) and np.allclose(out, np.einsum("bij,bkj->bik", x1, x2))

    write_json("merge.json", cases)


# ----------------------------------------------------------------------------------------------
# residual.json
# ----------------------------------------------------------------------------------------------

def conv2d_fwd(x, k, b, pad):
    # keras@2.2.4:keras/layers/convolutional.py _Conv.call -> K.conv2d (stride 1) + K.bias_add;
    # kernel (kh, kw, in, out); 'same' with stride 1, kernel 3 -> 1 zero on every side.
    n, h, w, _ = x.shape
    kh, kw, _, cout = k.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    oh, ow = h + 2 * pad - kh + 1, w + 2 * pad - kw + 1
    y = np.zeros((n, oh, ow, cout))
    for a in range(kh):
        for c in range(kw):
            y += np.einsum("nhwi,io->nhwo", xp[:, a:a + oh, c:c + ow, :], k[a, c])
    return y + b


def conv2d_bwd(x, k, dy, pad):
    n, h, w, _ = x.shape
    kh, kw, _, _ = k.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    oh, ow = dy.shape[1], dy.shape[2]
    dk = np.zeros_like(k)
    dxp = np.zeros_like(xp)
    for a in range(kh):
        for c in range(kw):
            dk[a, c] = np.einsum("nhwi,nhwo->io", xp[:, a:a + oh, c:c + ow, :], dy)
            dxp[:, a:a + oh, c:c + ow, :] += np.einsum("nhwo,io->nhwi", dy, k[a, c])
    db = dy.sum(axis=(0, 1, 2))
    return dxp[:, pad:pad + h, pad:pad + w, :], dk, db


def conv2d_naive(x, k, b, pad):
    n, h, w, cin = x.shape
    kh, kw, _, cout = k.shape
    xp = np.zeros((n, h + 2 * pad, w + 2 * pad, cin))
    xp[:, pad:pad + h, pad:pad + w, :] = x
    oh, ow = h + 2 * pad - kh + 1, w + 2 * pad - kw + 1
    y = np.zeros((n, oh, ow, cout))
    for bb in range(n):
        for i in range(oh):
            for j in range(ow):
                for co in range(cout):
                    s = b[co]
                    for a in range(kh):
                        for c in range(kw):
                            for ci in range(cin):
                                s += xp[bb, i + a, j + c, ci] * k[a, c, ci, co]
                    y[bb, i, j, co] = s
    return y


def cce_and_grad_wrt_logits(y_true, z):
    """Keras 2.2.4 categorical_crossentropy on softmax(z), batch mean, and d/dz.

    keras@2.2.4:keras/losses.py categorical_crossentropy -> K.categorical_crossentropy
    (output /= sum(output, -1); clip(output, eps, 1-eps); -sum(target*log(output), -1)),
    keras@2.2.4:keras/engine/training_utils.py weighted_masked_objective (batch mean, no weights).
    """
    n = z.shape[0]
    p = k_softmax(z)
    s = p.sum(axis=-1, keepdims=True)
    q = p / s
    assert q.min() > EPSILON and q.max() < 1 - EPSILON, "clip would be active"
    loss = float(np.mean(-np.sum(y_true * np.log(q), axis=-1)))
    dq = -y_true / q / n
    dp = dq / s - np.sum(dq * p, axis=-1, keepdims=True) / s ** 2
    dz = p * (dp - np.sum(dp * p, axis=-1, keepdims=True))
    return p, loss, dz


def residual_forward(P, x):
    ka, ba = P["conv_a"]
    kb, bb = P["conv_b"]
    kp, bp = P["proj"]
    kd, bd = P["out"]
    za = conv2d_fwd(x, ka, ba, 1)
    a = np.maximum(za, 0.0)                      # activation='relu'
    bconv = conv2d_fwd(a, kb, bb, 1)             # linear
    s = conv2d_fwd(x, kp, bp, 0)                 # (1,1) valid
    y = bconv + s                                # Add._merge_function
    r = np.maximum(y, 0.0)                       # Activation('relu')
    g = r.mean(axis=(1, 2))                      # keras@2.2.4 GlobalAveragePooling2D: K.mean(x, [1,2])
    z = g @ kd + bd                              # Dense
    return dict(za=za, a=a, b=bconv, s=s, y=y, r=r, g=g, z=z)


def residual_loss_grads(P, x, y_true):
    f = residual_forward(P, x)
    p, loss, dz = cce_and_grad_wrt_logits(y_true, f["z"])
    kd = P["out"][0]
    g_kd = f["g"].T @ dz
    g_bd = dz.sum(axis=0)
    dg = dz @ kd.T
    hh, ww = f["r"].shape[1:3]
    dr = np.broadcast_to(dg[:, None, None, :] / (hh * ww), f["r"].shape)
    dy = dr * (f["y"] > 0)
    # add: gradient flows unchanged to both branches
    _, g_kp, g_bp = conv2d_bwd(x, P["proj"][0], dy, 0)
    da, g_kb, g_bb = conv2d_bwd(f["a"], P["conv_b"][0], dy, 1)
    dza = da * (f["za"] > 0)
    _, g_ka, g_ba = conv2d_bwd(x, P["conv_a"][0], dza, 1)
    grads = {"conv_a": [g_ka, g_ba], "conv_b": [g_kb, g_bb], "proj": [g_kp, g_bp],
             "out": [g_kd, g_bd]}
    return f, p, loss, grads


def make_residual():
    rng = np.random.RandomState(2024)
    x = rand(rng, (2, 6, 6, 3))
    P = {
        "conv_a": [rand(rng, (3, 3, 3, 4), -0.4, 0.4), rand(rng, (4,), -0.1, 0.1)],
        "conv_b": [rand(rng, (3, 3, 4, 4), -0.4, 0.4), rand(rng, (4,), -0.1, 0.1)],
        "proj": [rand(rng, (1, 1, 3, 4), -0.6, 0.6), rand(rng, (4,), -0.1, 0.1)],
        "out": [rand(rng, (4, 2), -1.0, 1.0), rand(rng, (2,), -0.1, 0.1)],
    }
    y_true = f32(np.eye(2)[[1, 0]])
    lr = 0.1

    # graph (for Network.layers order and the description the C# test builds)
    xin = g_input("input_1", (6, 6, 3))
    conv_a = GLayer("conv_a", "Conv2D", 112, {"filters": 4, "kernel_size": [3, 3],
                                              "padding": "same", "activation": "relu"})
    conv_b = GLayer("conv_b", "Conv2D", 148, {"filters": 4, "kernel_size": [3, 3],
                                              "padding": "same"})
    proj = GLayer("proj", "Conv2D", 16, {"filters": 4, "kernel_size": [1, 1]})
    add1 = GLayer("add_1", "Add")
    relu = GLayer("relu_out", "Activation", 0, {"activation": "relu"})
    gap = GLayer("gap", "GlobalAveragePooling2D")
    dense = GLayer("out", "Dense", 10, {"units": 2, "activation": "softmax"})
    ta = conv_a(xin, (None, 6, 6, 4))
    tb = conv_b(ta, (None, 6, 6, 4))
    ts = proj(xin, (None, 6, 6, 4))
    ty = add1([tb, ts], (None, 6, 6, 4))
    ty = relu(ty, (None, 6, 6, 4))
    ty = gap(ty, (None, 4))
    tout = dense(ty, (None, 2))
    model = GNetwork([xin], [tout], "model_1")
    layer_order = [l.name for l in model.layers]
    assert layer_order == ["input_1", "conv_a", "conv_b", "proj", "add_1", "relu_out", "gap",
                           "out"], layer_order
    weight_layers = ["conv_a", "conv_b", "proj", "out"]

    f, p, loss, grads = residual_loss_grads(P, x, y_true)
    # self-checks: conv against naive loops; no ReLU input near its kink (finite differences)
    assert np.allclose(f["za"], conv2d_naive(x, P["conv_a"][0], P["conv_a"][1], 1), atol=1e-12)
    assert np.allclose(f["b"], conv2d_naive(f["a"], P["conv_b"][0], P["conv_b"][1], 1),
                       atol=1e-12)
    assert np.allclose(f["s"], conv2d_naive(x, P["proj"][0], P["proj"][1], 0), atol=1e-12)
    assert np.abs(f["za"]).min() > 1e-4 and np.abs(f["y"]).min() > 1e-4
    assert 0 < (f["za"] > 0).mean() < 1 and 0 < (f["y"] > 0).mean() < 1

    def loss_fn(params):
        z = residual_forward(params, x)["z"]
        return cce_and_grad_wrt_logits(y_true, z)[1]

    check_grads(loss_fn, copy_params(P), grads, label="residual")

    # keras@2.2.4:keras/optimizers.py SGD.get_updates (momentum 0, no decay): p - lr*g
    P_after = {k: [w - lr * g for w, g in zip(P[k], grads[k])] for k in P}

    out = {
        "model": {
            "name": "model_1", "class_name": "Model",
            "input_layers": ["input_1"], "input_shapes": [[None, 6, 6, 3]],
            "output_layers": ["out"],
            "layers": layers_spec(model),
        },
        "x": T(x),
        "weights": weights_json(P, weight_layers),
        "layer_outputs": {"conv_a": T(f["a"]), "conv_b": T(f["b"]), "proj": T(f["s"]),
                          "add_1": T(f["y"]), "relu_out": T(f["r"]), "gap": T(f["g"]),
                          "out": T(p)},
        "output": T(p),
        "y_true": T(y_true),
        "loss_name": "categorical_crossentropy",
        "loss": loss,
        "optimizer": {"class_name": "SGD", "config": {"lr": lr}},
        "gradients": weights_json(grads, weight_layers),
        "weights_after": weights_json(P_after, weight_layers),
    }
    write_json("residual.json", out)


# ----------------------------------------------------------------------------------------------
# two_io.json / summary_two_io.txt
# ----------------------------------------------------------------------------------------------

def two_io_forward(P, xa, xb):
    W, b = P["shared"]
    ha = np.tanh(xa @ W + b)
    hb = np.tanh(xb @ W + b)
    c = np.concatenate([ha, hb], axis=-1)       # concatenate_1 (axis -1)
    zc = c @ P["out_cls"][0] + P["out_cls"][1]
    d = ha - hb                                  # subtract_1
    r = d @ P["out_reg"][0] + P["out_reg"][1]    # out_reg (linear)
    return dict(ha=ha, hb=hb, c=c, zc=zc, d=d, r=r)


LOSS_WEIGHTS = [1.0, 0.5]


def two_io_loss_grads(P, xa, xb, y_cls, y_reg):
    # keras@2.2.4:keras/engine/training.py compile: total_loss = sum_i loss_weight_i * output_loss_i
    # (each output_loss the batch mean from weighted_masked_objective; no regularizers)
    f = two_io_forward(P, xa, xb)
    n = xa.shape[0]
    p, l_cls, dzc = cce_and_grad_wrt_logits(y_cls, f["zc"])
    # keras@2.2.4:keras/losses.py mean_squared_error: K.mean(K.square(y_pred - y_true), axis=-1)
    l_reg = float(np.mean(np.mean((f["r"] - y_reg) ** 2, axis=-1)))
    total = LOSS_WEIGHTS[0] * l_cls + LOSS_WEIGHTS[1] * l_reg
    dzc = LOSS_WEIGHTS[0] * dzc
    dr = LOSS_WEIGHTS[1] * 2.0 * (f["r"] - y_reg) / (n * y_reg.shape[-1])
    g = {}
    g["out_cls"] = [f["c"].T @ dzc, dzc.sum(0)]
    g["out_reg"] = [f["d"].T @ dr, dr.sum(0)]
    dc = dzc @ P["out_cls"][0].T
    dd = dr @ P["out_reg"][0].T
    k = f["ha"].shape[1]
    dha = dc[:, :k] + dd
    dhb = dc[:, k:] - dd
    dpa = dha * (1 - f["ha"] ** 2)
    dpb = dhb * (1 - f["hb"] ** 2)
    g["shared"] = [xa.T @ dpa + xb.T @ dpb, dpa.sum(0) + dpb.sum(0)]
    return f, p, [total, l_cls, l_reg], g


def make_two_io():
    rng = np.random.RandomState(3003)
    xa = rand(rng, (4, 5))
    xb = rand(rng, (4, 5))
    y_cls = f32(np.eye(3)[[0, 2, 1, 2]])
    y_reg = rand(rng, (4, 1), -1.0, 1.0)
    P = {
        "shared": [rand(rng, (5, 4), -0.7, 0.7), rand(rng, (4,), -0.1, 0.1)],
        "out_cls": [rand(rng, (8, 3), -0.7, 0.7), rand(rng, (3,), -0.1, 0.1)],
        "out_reg": [rand(rng, (4, 1), -0.7, 0.7), rand(rng, (1,), -0.1, 0.1)],
    }
    lr = 0.1

    in_a = g_input("in_a", (5,))
    in_b = g_input("in_b", (5,))
    shared = GLayer("shared", "Dense", 5 * 4 + 4, {"units": 4, "activation": "tanh"})
    ha = shared(in_a, (None, 4))
    hb = shared(in_b, (None, 4))
    c = GLayer("concatenate_1", "Concatenate", 0, {"axis": -1})([ha, hb], (None, 8))
    out_cls = GLayer("out_cls", "Dense", 8 * 3 + 3, {"units": 3, "activation": "softmax"})(
        c, (None, 3))
    d = GLayer("subtract_1", "Subtract")([ha, hb], (None, 4))
    out_reg = GLayer("out_reg", "Dense", 4 * 1 + 1, {"units": 1})(d, (None, 1))
    model = GNetwork([in_a, in_b], [out_cls, out_reg], "model_1")
    order = [l.name for l in model.layers]
    assert order == ["in_a", "in_b", "shared", "concatenate_1", "subtract_1", "out_cls",
                     "out_reg"], order
    weight_layers = ["shared", "out_cls", "out_reg"]
    output_names = ["out_cls", "out_reg"]
    # keras@2.2.4:keras/engine/training.py compile: ['loss'] + [name + '_loss' per output] (>1 output)
    metrics_names = ["loss"] + [n + "_loss" for n in output_names]

    P0 = copy_params(P)
    steps = []
    for step in range(3):
        f, p, vals, grads = two_io_loss_grads(P, xa, xb, y_cls, y_reg)
        assert np.abs(f["ha"]).max() < 0.999 and np.abs(f["hb"]).max() < 0.999

        def loss_fn(params):
            return two_io_loss_grads(params, xa, xb, y_cls, y_reg)[2][0]

        check_grads(loss_fn, copy_params(P), grads, label="two_io step %d" % (step + 1))
        # train_on_batch returns [total_loss] + metrics_tensors, evaluated with the weights
        # before this step's update (keras@2.2.4:keras/engine/training.py _make_train_function)
        P = {k: [w - lr * gg for w, gg in zip(P[k], grads[k])] for k in P}
        steps.append({"outputs_before": {"out_cls": T(p), "out_reg": T(f["r"])},
                      "returned": [float(v) for v in vals],
                      "gradients": weights_json(grads, weight_layers),
                      "weights_after": weights_json(P, weight_layers)})

    out = {
        "model": {
            "name": "model_1", "class_name": "Model",
            "input_layers": ["in_a", "in_b"], "input_shapes": [[None, 5], [None, 5]],
            "output_layers": output_names,
            "layers": layers_spec(model),
        },
        "compile": {"optimizer": {"class_name": "SGD", "config": {"lr": lr}},
                    "loss": ["categorical_crossentropy", "mse"],
                    "loss_weights": LOSS_WEIGHTS},
        "metrics_names": metrics_names,
        "x": {"in_a": T(xa), "in_b": T(xb)},
        "y": {"out_cls": T(y_cls), "out_reg": T(y_reg)},
        "weights": weights_json(P0, weight_layers),
        "steps": steps,
        "weights_after": weights_json(P, weight_layers),
    }
    write_json("two_io.json", out)

    lines = []
    seq_like = print_summary(model, lines.append)
    assert not seq_like
    write_text("summary_two_io.txt", lines)


# ----------------------------------------------------------------------------------------------
# nested.json / summary_nested.txt
# ----------------------------------------------------------------------------------------------

def make_nested():
    rng = np.random.RandomState(4004)
    P = {
        "inner_dense_1": [rand(rng, (4, 3), -0.8, 0.8), rand(rng, (3,), -0.2, 0.2)],
        "inner_dense_2": [rand(rng, (3, 2), -0.8, 0.8), rand(rng, (2,), -0.2, 0.2)],
        "outer_out": [rand(rng, (2, 1), -1.0, 1.0), rand(rng, (1,), -0.2, 0.2)],
    }
    x = rand(rng, (3, 4))
    h1 = k_relu(x @ P["inner_dense_1"][0] + P["inner_dense_1"][1])
    assert 0 < (h1 > 0).mean() < 1
    h = h1 @ P["inner_dense_2"][0] + P["inner_dense_2"][1]
    y = k_sigmoid(h @ P["outer_out"][0] + P["outer_out"][1])

    # inner: Sequential([...], name='inner'); Sequential.add creates
    # Input(batch_shape=(None,4), name='inner_dense_1_input') and rebuilds the graph network
    # after every add (keras@2.2.4:keras/engine/sequential.py add/build)
    inner_in = g_input("inner_dense_1_input", (4,))
    d1 = GLayer("inner_dense_1", "Dense", 4 * 3 + 3, {"units": 3, "activation": "relu",
                                                      "input_shape": [4]})
    d2 = GLayer("inner_dense_2", "Dense", 3 * 2 + 2, {"units": 2})
    t = d1(inner_in, (None, 3))
    t = d2(t, (None, 2))
    inner = GNetwork([inner_in], [t], "inner", class_name="Sequential")
    assert [l.name for l in inner.layers] == ["inner_dense_1", "inner_dense_2"]

    xo = g_input("outer_in", (4,))
    th = inner(xo, (None, 2))                    # inner's node 1 (node 0 is its internal node)
    tout = GLayer("outer_out", "Dense", 2 + 1, {"units": 1, "activation": "sigmoid"})(
        th, (None, 1))
    outer = GNetwork([xo], [tout], "outer")
    assert [l.name for l in outer.layers] == ["outer_in", "inner", "outer_out"]

    out = {
        "inner": {"name": "inner", "class_name": "Sequential",
                  "layers": [{"name": l.name, "class_name": l.class_name, "config": l.config}
                             for l in inner.layers]},
        "outer": {"name": "outer", "class_name": "Model",
                  "input_layers": ["outer_in"], "input_shapes": [[None, 4]],
                  "output_layers": ["outer_out"], "layers": layers_spec(outer)},
        "weights": weights_json(P, ["inner_dense_1", "inner_dense_2", "outer_out"]),
        # outer.get_weights() / outer.weights order (Network.weights walks Network.layers)
        "weight_names": ["inner_dense_1/kernel:0", "inner_dense_1/bias:0",
                         "inner_dense_2/kernel:0", "inner_dense_2/bias:0",
                         "outer_out/kernel:0", "outer_out/bias:0"],
        "x": T(x),
        "inner_output": T(h),
        "output": T(y),
    }
    write_json("nested.json", out)

    lines = []
    seq_like = print_summary(outer, lines.append)
    # every depth of `outer` holds one node with <= 1 inbound layer, and no layer has two nodes
    # inside `outer`, so Keras 2.2.4 treats it as sequential_like (65 columns, no 'Connected to')
    assert seq_like
    write_text("summary_nested.txt", lines)


# ----------------------------------------------------------------------------------------------
# backend.json  (keras@2.2.4:keras/backend/tensorflow_backend.py)
# ----------------------------------------------------------------------------------------------

def make_backend():
    rng = np.random.RandomState(5005)
    cases = []

    def add(name, function, args, expected, dtype="float32"):
        cases.append({"name": name, "function": function, "args": args,
                      "expected": T(expected, dtype)})

    def no_tie(shape, lo=-1.0, hi=1.0):
        while True:
            a = rand(rng, shape, lo, hi)
            if len(np.unique(a)) == a.size and np.abs(a).min() > 0.05:
                return a

    x = no_tie((2, 3))
    x3 = no_tie((2, 3, 4))
    pos = rand(rng, (2, 3), 0.1, 2.0)
    y = no_tie((2, 3))

    # reductions: tf.reduce_* (mean/var/std cast bool to float first; inputs here are float)
    add("mean_all", "mean", {"x": T(x)}, np.mean(x))
    add("mean_axis1", "mean", {"x": T(x), "axis": 1}, np.mean(x, 1))
    add("mean_axis1_keepdims", "mean", {"x": T(x), "axis": 1, "keepdims": True},
        np.mean(x, 1, keepdims=True))
    add("mean_3d_axis_minus1", "mean", {"x": T(x3), "axis": -1}, np.mean(x3, -1))
    add("sum_all", "sum", {"x": T(x)}, np.sum(x))
    add("sum_axis1", "sum", {"x": T(x), "axis": 1}, np.sum(x, 1))
    add("sum_axis0_keepdims", "sum", {"x": T(x), "axis": 0, "keepdims": True},
        np.sum(x, 0, keepdims=True))
    add("max_axis1", "max", {"x": T(x), "axis": 1}, np.max(x, 1))
    add("max_all", "max", {"x": T(x)}, np.max(x))
    add("min_axis1", "min", {"x": T(x), "axis": 1}, np.min(x, 1))
    add("prod_axis1", "prod", {"x": T(x), "axis": 1}, np.prod(x, 1))
    # var: reduce_mean(square(x - reduce_mean(x, axis, True)), axis)  -> biased (ddof 0)
    add("var_axis1", "var", {"x": T(x), "axis": 1}, np.var(x, 1))
    add("std_axis1", "std", {"x": T(x), "axis": 1}, np.sqrt(np.var(x, 1)))
    add("var_all", "var", {"x": T(x)}, np.var(x))

    # element-wise
    add("square", "square", {"x": T(x)}, x * x)
    add("sqrt", "sqrt", {"x": T(pos)}, np.sqrt(pos))          # clip(x, 0, inf) then tf.sqrt
    add("abs", "abs", {"x": T(x)}, np.abs(x))
    add("exp", "exp", {"x": T(x)}, np.exp(x))
    add("log", "log", {"x": T(pos)}, np.log(pos))
    add("pow_3", "pow", {"x": T(x), "a": 3}, x ** 3)
    add("clip", "clip", {"x": T(x), "min_value": -0.5, "max_value": 0.5}, np.clip(x, -0.5, 0.5))
    add("maximum", "maximum", {"x": T(x), "y": T(y)}, np.maximum(x, y))
    add("minimum", "minimum", {"x": T(x), "y": T(y)}, np.minimum(x, y))
    sx = x.copy()
    sx[0, 1] = 0.0
    add("sign", "sign", {"x": T(sx)}, np.sign(sx))
    # tf.argmax / tf.argmin return int64
    add("argmax_last", "argmax", {"x": T(x3), "axis": -1}, np.argmax(x3, -1), "int64")
    add("argmax_axis1", "argmax", {"x": T(x3), "axis": 1}, np.argmax(x3, 1), "int64")
    add("argmin_last", "argmin", {"x": T(x3), "axis": -1}, np.argmin(x3, -1), "int64")
    # tf.equal / tf.greater return bool tensors (written as 0/1 with dtype "bool")
    ey = y.copy()
    ey[0, 0] = x[0, 0]
    ey[1, 2] = x[1, 2]
    add("equal", "equal", {"x": T(x), "y": T(ey)}, (x == ey).astype(float), "bool")
    add("greater", "greater", {"x": T(x), "y": T(y)}, (x > y).astype(float), "bool")

    # linear algebra
    a23, b34 = no_tie((2, 3)), no_tie((3, 4))
    add("dot_2d", "dot", {"x": T(a23), "y": T(b34)}, k_dot(a23, b34))
    a234, b45 = no_tie((2, 3, 4)), no_tie((4, 5))
    r = k_dot(a234, b45)
    assert r.shape == (2, 3, 5) and np.allclose(r, np.einsum("bij,jk->bik", a234, b45))
    add("dot_3d_2d", "dot", {"x": T(a234), "y": T(b45)}, r)
    b435 = no_tie((4, 3, 5))
    r = k_dot(a23, b435)      # Theano-like: (2,3) . (4,3,5) -> (2,4,5)
    assert r.shape == (2, 4, 5) and np.allclose(r, np.einsum("ij,kjl->ikl", a23, b435))
    add("dot_2d_3d", "dot", {"x": T(a23), "y": T(b435)}, r)
    bx, by = no_tie((2, 3, 4)), no_tie((2, 4, 5))
    r = k_batch_dot(bx, by, [2, 1])
    assert r.shape == (2, 3, 5) and np.allclose(r, np.einsum("bij,bjk->bik", bx, by))
    add("batch_dot_3d_axes_2_1", "batch_dot", {"x": T(bx), "y": T(by), "axes": [2, 1]}, r)
    vx, vy = no_tie((2, 5)), no_tie((2, 5))
    r = k_batch_dot(vx, vy, 1)
    assert r.shape == (2, 1)
    add("batch_dot_2d_axes1", "batch_dot", {"x": T(vx), "y": T(vy), "axes": 1}, r)

    # shape manipulation
    add("transpose_2d", "transpose", {"x": T(x)}, x.T)
    add("reshape", "reshape", {"x": T(x3), "shape": [3, 8]}, x3.reshape(3, 8))
    add("reshape_minus1", "reshape", {"x": T(x3), "shape": [-1, 2]}, x3.reshape(-1, 2))
    add("permute_dimensions", "permute_dimensions", {"x": T(x3), "pattern": [0, 2, 1]},
        np.transpose(x3, (0, 2, 1)))
    add("expand_dims_last", "expand_dims", {"x": T(x), "axis": -1}, x[..., None])
    x213 = no_tie((2, 1, 3))
    add("squeeze_axis1", "squeeze", {"x": T(x213), "axis": 1}, x213[:, 0, :])
    x22 = no_tie((2, 2))
    add("concatenate_last", "concatenate", {"tensors": [T(x), T(x22)], "axis": -1},
        np.concatenate([x, x22], -1))
    add("stack_axis0", "stack", {"x": [T(x), T(y)], "axis": 0}, np.stack([x, y], 0))
    add("stack_axis1", "stack", {"x": [T(x), T(y)], "axis": 1}, np.stack([x, y], 1))
    add("flatten", "flatten", {"x": T(x3)}, x3.reshape(-1))
    add("batch_flatten", "batch_flatten", {"x": T(x3)}, x3.reshape(2, -1))
    # repeat_elements: split along axis, repeat each slice rep times, concatenate (= np.repeat)
    add("repeat_elements", "repeat_elements", {"x": T(x), "rep": 2, "axis": 1},
        np.repeat(x, 2, axis=1))
    add("tile", "tile", {"x": T(x), "n": [1, 2]}, np.tile(x, (1, 2)))
    idx = np.array([[0, 3, 1], [2, 2, 0]])
    add("one_hot", "one_hot", {"indices": T(idx, "int32"), "num_classes": 4},
        np.eye(4)[idx])                                             # tf.one_hot -> float32
    ref = no_tie((5, 3))
    gi = np.array([0, 2, 4])
    add("gather", "gather", {"reference": T(ref), "indices": T(gi, "int32")}, ref[gi])

    # activations / nn
    add("l2_normalize_last", "l2_normalize", {"x": T(x), "axis": -1}, k_l2_normalize(x, -1))
    add("softmax_2d", "softmax", {"x": T(x)}, k_softmax(x))
    add("softmax_3d", "softmax", {"x": T(x3)}, k_softmax(x3))
    # fixed so every relu regime is hit: x < 0, 0 < x < threshold 0.2, 0.2 < x < 0.5, x > 0.5
    xr = f32(np.array([[-1.3, -0.35, 0.07, 0.15], [0.28, 0.45, 0.8, 1.4]]))
    add("relu", "relu", {"x": T(xr)}, k_relu(xr))
    add("relu_alpha", "relu", {"x": T(xr), "alpha": 0.1}, k_relu(xr, alpha=0.1))
    add("relu_max_value", "relu", {"x": T(xr), "max_value": 0.5}, k_relu(xr, max_value=0.5))
    add("relu_threshold", "relu", {"x": T(xr), "threshold": 0.2}, k_relu(xr, threshold=0.2))
    add("relu_alpha_max_value_threshold", "relu",
        {"x": T(xr), "alpha": 0.1, "max_value": 0.5, "threshold": 0.2},
        k_relu(xr, alpha=0.1, max_value=0.5, threshold=0.2))
    add("elu", "elu", {"x": T(xr), "alpha": 1.0}, k_elu(xr, 1.0))
    add("elu_alpha_0_5", "elu", {"x": T(xr), "alpha": 0.5}, k_elu(xr, 0.5))
    xw = f32(np.array([[-3.0, -2.5, -1.0, 0.3], [1.2, 2.5, 3.0, -0.4]]))
    add("sigmoid", "sigmoid", {"x": T(xr)}, k_sigmoid(xr))
    add("hard_sigmoid", "hard_sigmoid", {"x": T(xw)}, k_hard_sigmoid(xw))
    add("tanh", "tanh", {"x": T(xr)}, np.tanh(xr))
    add("softplus", "softplus", {"x": T(xr)}, k_softplus(xr))
    add("softsign", "softsign", {"x": T(xr)}, k_softsign(xr))

    # cross-entropies (per sample / per element, no batch mean)
    tgt = f32(np.eye(4)[[2, 0, 3]])
    probs = rand(rng, (3, 4), 0.05, 1.0)
    probs = f32(probs / probs.sum(1, keepdims=True))
    add("categorical_crossentropy_probs", "categorical_crossentropy",
        {"target": T(tgt), "output": T(probs), "from_logits": False},
        k_categorical_crossentropy(tgt, probs))
    unnorm = rand(rng, (3, 4), 0.1, 2.0)
    add("categorical_crossentropy_unnormalised", "categorical_crossentropy",
        {"target": T(tgt), "output": T(unnorm), "from_logits": False},
        k_categorical_crossentropy(tgt, unnorm))
    clipped = f32(np.array([[0.5, 0.5, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.2, 0.3, 0.1, 0.4]]))
    add("categorical_crossentropy_clipped", "categorical_crossentropy",
        {"target": T(tgt), "output": T(clipped), "from_logits": False},
        k_categorical_crossentropy(tgt, clipped))
    logits = rand(rng, (3, 4), -2.0, 2.0)
    add("categorical_crossentropy_logits", "categorical_crossentropy",
        {"target": T(tgt), "output": T(logits), "from_logits": True},
        k_categorical_crossentropy(tgt, logits, True))
    assert np.allclose(k_categorical_crossentropy(tgt, logits, True),
                       k_categorical_crossentropy(tgt, k_softmax(logits)))
    btgt = f32(np.array([[1, 0, 1], [0, 0, 1]]))
    bprob = f32(np.array([[0.8, 0.3, 1.0], [0.0, 0.45, 0.6]]))   # exact 0 and 1 hit the clip
    add("binary_crossentropy_probs", "binary_crossentropy",
        {"target": T(btgt), "output": T(bprob), "from_logits": False},
        k_binary_crossentropy(btgt, bprob))
    blog = rand(rng, (2, 3), -3.0, 3.0)
    add("binary_crossentropy_logits", "binary_crossentropy",
        {"target": T(btgt), "output": T(blog), "from_logits": True},
        k_binary_crossentropy(btgt, blog, True))

    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names)
    write_json("backend.json", cases)


def main():
    make_merge()
    make_residual()
    make_two_io()
    make_nested()
    make_backend()


if __name__ == "__main__":
    main()
