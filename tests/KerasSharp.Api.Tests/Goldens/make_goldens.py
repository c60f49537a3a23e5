#!/usr/bin/python3
"""Reference golden files for KerasSharp (Keras 2 semantics, computed independently in numpy).

Run from the repository root:
    /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/make_goldens.py

Writes, next to this script:
    layers.json, layers_1d.json, optimizers.json, losses.json, metrics.json,
    regularized_loss.json, summary_cifar10.txt

Conventions
-----------
* Every tensor is {"shape": [...], "data": [flat row-major floats]}.
* Inputs are drawn as float32 (fixed numpy seeds) and then cast to float64; all reference
  math is float64; values are written as JSON numbers with full repr.
* Formulas follow standalone Keras 2.3.1 (TF2 backend) unless noted; every function names the
  source it follows as `keras@<tag>:<path> <symbol>`.  Keras source: the keras-team/keras git
  tags 2.2.4 and 2.3.1.
* No Keras/TensorFlow is used. torch (if importable) is used only for optional self-checks of
  the naive numpy convolution / pooling loops; the written values never come from torch.
"""
from __future__ import print_function

import json
import math
import os

import numpy as np

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

EPSILON = 1e-7  # keras@2.3.1:keras/backend/common.py _EPSILON = 1e-7 (K.epsilon())


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------

def f32(a):
    """float32-representable values held in float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rand(rng, shape, lo=-1.0, hi=1.0):
    return f32(rng.uniform(lo, hi, size=shape))


def T(a):
    a = np.asarray(a, dtype=np.float64)
    assert np.all(np.isfinite(a)), "non-finite value in golden"
    return {"shape": [int(s) for s in a.shape], "data": [float(v) for v in a.ravel()]}


def write_json(name, obj):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", path)


def try_torch():
    try:
        import torch  # noqa: F401
        return torch
    except Exception:  # pragma: no cover - torch optional
        return None


TORCH = try_torch()


# ----------------------------------------------------------------------------------------------
# activations  (keras@2.3.1:keras/activations.py, keras@2.3.1:keras/backend/tensorflow_backend.py)
# ----------------------------------------------------------------------------------------------

def k_elu(x, alpha=1.0):
    # keras@2.3.1:keras/backend/tensorflow_backend.py elu:
    #   res = tf.nn.elu(x); alpha==1 -> res else tf.where(x > 0, res, alpha * res)
    res = np.where(x > 0, x, np.expm1(np.minimum(x, 0)))
    return res if alpha == 1 else np.where(x > 0, res, alpha * res)


def k_relu(x, alpha=0.0, max_value=None, threshold=0.0):
    # keras@2.3.1:keras/backend/tensorflow_backend.py relu
    if alpha != 0.0:
        if max_value is None and threshold == 0.0:
            return np.maximum(x, alpha * x)          # tf.nn.leaky_relu (alpha < 1)
        if threshold != 0.0:
            negative_part = np.maximum(-x + threshold, 0.0)
        else:
            negative_part = np.maximum(-x, 0.0)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * (x > threshold).astype(np.float64)   # x for x > threshold else 0
    elif max_value == 6:
        x = np.clip(x, 0.0, 6.0)
        clip_max = False
    else:
        x = np.maximum(x, 0.0)
    if clip_max:
        x = np.clip(x, 0.0, max_value)
    if alpha != 0:
        x = x - alpha * negative_part
    return x


def k_softmax(x, axis=-1):
    # keras@2.3.1:keras/activations.py softmax (ndim>2: exp(x - max) / sum); ndim 2: tf.nn.softmax
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def k_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def k_softplus(x):
    # tf.nn.softplus = log(1 + exp(x)), computed stably
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def k_softsign(x):
    return x / (1.0 + np.abs(x))


def k_hard_sigmoid(x):
    # keras@2.2.4:keras/backend/tensorflow_backend.py hard_sigmoid: clip(0.2*x + 0.5, 0, 1)
    # (keras@2.3.1 delegates to tf.keras backend hard_sigmoid: same formula)
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def k_selu(x):
    # keras@2.3.1:keras/activations.py selu
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * k_elu(x, alpha)


ACTIVATIONS = {
    None: lambda x: x,
    "linear": lambda x: x,
    "elu": k_elu,
    "relu": k_relu,
    "softmax": k_softmax,
    "sigmoid": k_sigmoid,
    "tanh": np.tanh,
    "selu": k_selu,
    "softplus": k_softplus,
    "softsign": k_softsign,
    "hard_sigmoid": k_hard_sigmoid,
    "exponential": np.exp,
}


# ----------------------------------------------------------------------------------------------
# convolution / pooling geometry (TF semantics; keras@2.3.1:keras/utils/conv_utils.py
# conv_output_length, TF "same" padding rule)
# ----------------------------------------------------------------------------------------------

def pad_amounts(n_in, k, s, d, padding):
    """Returns (out, pad_before, pad_after) for one spatial dim."""
    k_eff = (k - 1) * d + 1
    if padding == "valid":
        out = (n_in - k_eff) // s + 1
        return out, 0, 0
    assert padding == "same"
    out = -(-n_in // s)  # ceil
    total = max((out - 1) * s + k_eff - n_in, 0)
    before = total // 2
    return out, before, total - before   # TF puts the extra cell at the bottom/right


def conv2d_nhwc(x, kernel, bias, strides, padding, dilation):
    # keras@2.3.1:keras/layers/convolutional.py _Conv.call -> K.conv2d (tf.nn.convolution)
    # then K.bias_add; kernel layout (kh, kw, in, out).
    n, h, w, cin = x.shape
    kh, kw, kin, cout = kernel.shape
    assert kin == cin
    sh, sw = strides
    dh, dw = dilation
    oh, pt, pb = pad_amounts(h, kh, sh, dh, padding)
    ow, pl, pr = pad_amounts(w, kw, sw, dw, padding)
    xp = np.zeros((n, h + pt + pb, w + pl + pr, cin))
    xp[:, pt:pt + h, pl:pl + w, :] = x
    y = np.zeros((n, oh, ow, cout))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                acc = np.zeros(cout)
                for a in range(kh):
                    for c in range(kw):
                        r = i * sh + a * dh
                        q = j * sw + c * dw
                        for ci in range(cin):
                            for co in range(cout):
                                acc[co] += xp[b, r, q, ci] * kernel[a, c, ci, co]
                y[b, i, j, :] = acc
    if bias is not None:
        y = y + bias
    return y


def pool2d_nhwc(x, pool, strides, padding, mode):
    # keras@2.3.1:keras/layers/pooling.py _Pooling2D -> K.pool2d (tf.nn.max_pool / avg_pool).
    # "same": padded cells are ignored: max treats them as -inf, avg divides by the number of
    # REAL cells in the window (TF avg_pool excludes padding from the divisor).
    n, h, w, c = x.shape
    ph, pw = pool
    sh, sw = strides
    oh, pt, _ = pad_amounts(h, ph, sh, 1, padding)
    ow, pl, _ = pad_amounts(w, pw, sw, 1, padding)
    y = np.zeros((n, oh, ow, c))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                r0 = i * sh - pt
                q0 = j * sw - pl
                rs = [r for r in range(r0, r0 + ph) if 0 <= r < h]
                qs = [q for q in range(q0, q0 + pw) if 0 <= q < w]
                win = x[b][np.ix_(rs, qs)].reshape(-1, c)
                y[b, i, j, :] = win.max(axis=0) if mode == "max" else win.mean(axis=0)
    return y


def to_nhwc(x):
    return np.transpose(x, (0, 2, 3, 1))


def to_nchw(x):
    return np.transpose(x, (0, 3, 1, 2))


def torch_check_conv(x_nhwc, kernel, bias, strides, padding, dilation, y_nhwc):
    if TORCH is None:
        return
    torch = TORCH
    import torch.nn.functional as F
    kh, kw = kernel.shape[:2]
    _, pt, pb = pad_amounts(x_nhwc.shape[1], kh, strides[0], dilation[0], padding)
    _, pl, pr = pad_amounts(x_nhwc.shape[2], kw, strides[1], dilation[1], padding)
    xt = torch.tensor(to_nchw(x_nhwc), dtype=torch.float64)
    xt = F.pad(xt, (pl, pr, pt, pb))
    wt = torch.tensor(np.transpose(kernel, (3, 2, 0, 1)).copy(), dtype=torch.float64)
    bt = None if bias is None else torch.tensor(bias, dtype=torch.float64)
    yt = F.conv2d(xt, wt, bt, stride=tuple(strides), dilation=tuple(dilation)).numpy()
    assert np.allclose(to_nhwc(yt), y_nhwc, rtol=1e-12, atol=1e-12), "torch conv self-check failed"


def torch_check_maxpool(x_nhwc, pool, strides, padding, y_nhwc):
    if TORCH is None:
        return
    torch = TORCH
    import torch.nn.functional as F
    _, pt, pb = pad_amounts(x_nhwc.shape[1], pool[0], strides[0], 1, padding)
    _, pl, pr = pad_amounts(x_nhwc.shape[2], pool[1], strides[1], 1, padding)
    xt = torch.tensor(to_nchw(x_nhwc), dtype=torch.float64)
    xt = F.pad(xt, (pl, pr, pt, pb), value=-float("inf"))
    yt = F.max_pool2d(xt, tuple(pool), tuple(strides)).numpy()
    assert np.allclose(to_nhwc(yt), y_nhwc, rtol=1e-12, atol=1e-12), "torch maxpool self-check failed"


def torch_check_avgpool(x_nhwc, pool, strides, padding, y_nhwc):
    if TORCH is None:
        return
    torch = TORCH
    import torch.nn.functional as F
    _, pt, pb = pad_amounts(x_nhwc.shape[1], pool[0], strides[0], 1, padding)
    _, pl, pr = pad_amounts(x_nhwc.shape[2], pool[1], strides[1], 1, padding)
    xt = F.pad(torch.tensor(to_nchw(x_nhwc), dtype=torch.float64), (pl, pr, pt, pb))
    ones = F.pad(torch.ones_like(torch.tensor(to_nchw(x_nhwc), dtype=torch.float64)), (pl, pr, pt, pb))
    s = F.avg_pool2d(xt, tuple(pool), tuple(strides)) * pool[0] * pool[1]
    cnt = F.avg_pool2d(ones, tuple(pool), tuple(strides)) * pool[0] * pool[1]
    yt = (s / cnt).numpy()
    assert np.allclose(to_nhwc(yt), y_nhwc, rtol=1e-12, atol=1e-12), "torch avgpool self-check failed"


# ----------------------------------------------------------------------------------------------
# layers.json
# ----------------------------------------------------------------------------------------------

def conv_case(rng, name, in_shape, filters, kernel_size, strides=(1, 1), padding="valid",
              data_format=None, dilation_rate=(1, 1), use_bias=True, activation=None):
    # keras@2.3.1:keras/layers/convolutional.py Conv2D / _Conv.call:
    #   outputs = K.conv2d(...); if use_bias: K.bias_add(...); activation(outputs)
    x = rand(rng, in_shape)
    cin = in_shape[1] if data_format == "channels_first" else in_shape[-1]
    kernel = rand(rng, tuple(kernel_size) + (cin, filters))
    bias = rand(rng, (filters,), -0.5, 0.5) if use_bias else None
    x_nhwc = to_nhwc(x) if data_format == "channels_first" else x
    y = conv2d_nhwc(x_nhwc, kernel, bias, strides, padding, dilation_rate)
    torch_check_conv(x_nhwc, kernel, bias, strides, padding, dilation_rate, y)
    y = ACTIVATIONS[activation](y)
    if data_format == "channels_first":
        y = to_nchw(y)
    config = {"filters": filters, "kernel_size": list(kernel_size), "strides": list(strides),
              "padding": padding}
    if data_format is not None:
        config["data_format"] = data_format
    if tuple(dilation_rate) != (1, 1):
        config["dilation_rate"] = list(dilation_rate)
    if activation is not None:
        config["activation"] = activation
    if not use_bias:
        config["use_bias"] = False
    weights = [kernel] + ([bias] if use_bias else [])
    return {"name": name, "layer": "Conv2D", "config": config, "input": T(x),
            "weights": [T(w) for w in weights], "training": False, "output": T(y)}


def pool_case(rng, name, cls, in_shape, pool_size, strides=None, padding="valid",
              data_format=None, lo=-1.0, hi=1.0):
    # keras@2.3.1:keras/layers/pooling.py _Pooling2D (strides None -> pool_size)
    x = rand(rng, in_shape, lo, hi)
    s = pool_size if strides is None else strides
    x_nhwc = to_nhwc(x) if data_format == "channels_first" else x
    mode = "max" if cls == "MaxPooling2D" else "avg"
    y = pool2d_nhwc(x_nhwc, pool_size, s, padding, mode)
    if mode == "max":
        torch_check_maxpool(x_nhwc, pool_size, s, padding, y)
    else:
        torch_check_avgpool(x_nhwc, pool_size, s, padding, y)
    if data_format == "channels_first":
        y = to_nchw(y)
    config = {"pool_size": list(pool_size), "padding": padding}
    if strides is not None:
        config["strides"] = list(strides)
    if data_format is not None:
        config["data_format"] = data_format
    return {"name": name, "layer": cls, "config": config, "input": T(x), "weights": [],
            "training": False, "output": T(y)}


def bn_case(rng, name, in_shape, axis=-1, training=False, center=True, scale=True,
            momentum=0.99, epsilon=1e-3):
    # keras@2.3.1:keras/layers/normalization.py BatchNormalization (build: gamma, beta,
    # moving_mean, moving_variance in that order; gamma only if scale, beta only if center)
    x = rand(rng, in_shape, -2.0, 3.0)
    ndim = len(in_shape)
    ax = axis % ndim
    C = in_shape[ax]
    gamma = rand(rng, (C,), 0.5, 1.5)
    beta = rand(rng, (C,), -0.5, 0.5)
    mm = rand(rng, (C,), -0.5, 0.5)
    mv = rand(rng, (C,), 0.5, 2.0)
    bshape = [1] * ndim
    bshape[ax] = C
    g = gamma.reshape(bshape) if scale else 1.0
    b = beta.reshape(bshape) if center else 0.0
    red = tuple(i for i in range(ndim) if i != ax)
    if not training:
        # K.batch_normalization -> tf.nn.batch_normalization:
        #   (x - mean) * rsqrt(var + eps) * gamma + beta
        y = (x - mm.reshape(bshape)) / np.sqrt(mv.reshape(bshape) + epsilon) * g + b
        after = None
    else:
        # K.normalize_batch_in_training (TF2: not _is_tf_1() -> _regular_/_broadcast_normalize):
        #   mean, var = tf.nn.moments(x, reduction_axes)  (BIASED variance)
        mean = x.mean(axis=red)
        var = ((x - mean.reshape(bshape)) ** 2).mean(axis=red)
        y = (x - mean.reshape(bshape)) / np.sqrt(var.reshape(bshape) + epsilon) * g + b
        # BatchNormalization.call: sample_size = prod(shape[reduction_axes]);
        #   variance *= sample_size / (sample_size - (1.0 + self.epsilon))
        n = float(np.prod([in_shape[i] for i in red]))
        var_m = var * (n / (n - (1.0 + epsilon)))
        # keras@2.3.1:keras/backend/tensorflow_backend.py moving_average_update:
        #   x -= (x - value) * (1 - momentum)   (no zero-debias in 2.3.x)
        decay = 1.0 - momentum
        mm_new = mm - (mm - mean) * decay
        mv_new = mv - (mv - var_m) * decay
        after = ([gamma] if scale else []) + ([beta] if center else []) + [mm_new, mv_new]
    weights = ([gamma] if scale else []) + ([beta] if center else []) + [mm, mv]
    config = {}
    if axis != -1:
        config["axis"] = axis
    if not center:
        config["center"] = False
    if not scale:
        config["scale"] = False
    case = {"name": name, "layer": "BatchNormalization", "config": config, "input": T(x),
            "weights": [T(w) for w in weights], "training": training, "output": T(y)}
    if after is not None:
        case["weights_after"] = [T(w) for w in after]
    return case


def simple_case(name, layer, config, x, y, weights=(), training=False):
    return {"name": name, "layer": layer, "config": config, "input": T(x),
            "weights": [T(w) for w in weights], "training": training, "output": T(y)}


def make_layers():
    rng = np.random.RandomState(1234)
    cases = []

    # ---- Conv2D ----
    cases.append(conv_case(rng, "conv2d_valid_s1_k2x3", (2, 5, 6, 2), 3, (2, 3)))
    cases.append(conv_case(rng, "conv2d_same_s1_k3", (2, 5, 5, 2), 3, (3, 3), padding="same"))
    cases.append(conv_case(rng, "conv2d_same_s2_k3_even6x6", (2, 6, 6, 2), 3, (3, 3),
                           strides=(2, 2), padding="same"))
    cases.append(conv_case(rng, "conv2d_same_s2_k4_7x7", (2, 7, 7, 2), 2, (4, 4),
                           strides=(2, 2), padding="same"))
    cases.append(conv_case(rng, "conv2d_same_dilation2_k3", (2, 6, 6, 2), 3, (3, 3),
                           padding="same", dilation_rate=(2, 2)))
    cases.append(conv_case(rng, "conv2d_channels_first_same_k3", (2, 2, 5, 5), 3, (3, 3),
                           padding="same", data_format="channels_first"))
    cases.append(conv_case(rng, "conv2d_no_bias_valid_k3", (2, 5, 5, 3), 2, (3, 3),
                           use_bias=False))
    cases.append(conv_case(rng, "conv2d_relu_same_k3", (2, 4, 4, 2), 3, (3, 3),
                           padding="same", activation="relu"))

    # ---- pooling ----
    cases.append(pool_case(rng, "maxpool_valid_2x2_5x5", "MaxPooling2D", (2, 5, 5, 3), (2, 2)))
    # all-negative input so that treating the padding as 0 instead of -inf would be visible
    cases.append(pool_case(rng, "maxpool_same_p3_s2_6x6", "MaxPooling2D", (2, 6, 6, 2), (3, 3),
                           strides=(2, 2), padding="same", lo=-3.0, hi=-0.1))
    cases.append(pool_case(rng, "maxpool_channels_first_valid_2x2", "MaxPooling2D", (2, 3, 4, 4),
                           (2, 2), data_format="channels_first"))
    cases.append(pool_case(rng, "avgpool_valid_2x2", "AveragePooling2D", (2, 4, 4, 3), (2, 2)))
    cases.append(pool_case(rng, "avgpool_same_p3_s2_6x6", "AveragePooling2D", (2, 6, 6, 2), (3, 3),
                           strides=(2, 2), padding="same", lo=0.5, hi=2.0))
    cases.append(pool_case(rng, "avgpool_same_p2_s1_5x5", "AveragePooling2D", (2, 5, 5, 2), (2, 2),
                           strides=(1, 1), padding="same", lo=0.5, hi=2.0))

    # ---- global pooling: keras@2.3.1:keras/layers/pooling.py GlobalAveragePooling2D /
    # GlobalMaxPooling2D: K.mean / K.max over axes [1,2] (channels_last) or [2,3] (channels_first)
    x = rand(rng, (2, 3, 4, 3))
    cases.append(simple_case("global_avgpool_channels_last", "GlobalAveragePooling2D", {},
                             x, x.mean(axis=(1, 2))))
    x = rand(rng, (2, 3, 4, 3))
    cases.append(simple_case("global_avgpool_channels_first", "GlobalAveragePooling2D",
                             {"data_format": "channels_first"}, x, x.mean(axis=(2, 3))))
    x = rand(rng, (2, 3, 4, 3))
    cases.append(simple_case("global_maxpool_channels_last", "GlobalMaxPooling2D", {},
                             x, x.max(axis=(1, 2))))
    x = rand(rng, (2, 3, 4, 3))
    cases.append(simple_case("global_maxpool_channels_first", "GlobalMaxPooling2D",
                             {"data_format": "channels_first"}, x, x.max(axis=(2, 3))))

    # ---- Flatten: keras@2.2.4 / 2.3.1:keras/layers/core.py Flatten.call
    # channels_first: permute (0, 2, 3, 1) first, then K.batch_flatten (row-major reshape)
    x = rand(rng, (2, 3, 4, 2))
    cases.append(simple_case("flatten_channels_last", "Flatten", {}, x, x.reshape(2, -1)))
    x = rand(rng, (2, 2, 3, 4))
    cases.append(simple_case("flatten_channels_first", "Flatten", {"data_format": "channels_first"},
                             x, np.transpose(x, (0, 2, 3, 1)).reshape(2, -1)))

    # ---- Dense: keras@2.3.1:keras/layers/core.py Dense.call: K.dot(inputs, kernel) (last axis),
    # K.bias_add, activation; kernel (in, units)
    x = rand(rng, (2, 5))
    k = rand(rng, (5, 3))
    b = rand(rng, (3,), -0.5, 0.5)
    cases.append(simple_case("dense_tanh", "Dense", {"units": 3, "activation": "tanh"},
                             x, np.tanh(x @ k + b), [k, b]))
    x = rand(rng, (2, 3, 4))
    k = rand(rng, (4, 2))
    b = rand(rng, (2,), -0.5, 0.5)
    cases.append(simple_case("dense_rank3_input", "Dense", {"units": 2}, x,
                             np.einsum("bti,io->bto", x, k) + b, [k, b]))

    # ---- ZeroPadding2D: keras@2.3.1:keras/backend/tensorflow_backend.py spatial_2d_padding
    # padding ((top, bottom), (left, right))
    x = rand(rng, (2, 3, 3, 2))
    y = np.pad(x, ((0, 0), (1, 2), (3, 0), (0, 0)))
    cases.append(simple_case("zeropadding2d_asym", "ZeroPadding2D", {"padding": [[1, 2], [3, 0]]},
                             x, y))

    # ---- Reshape: keras@2.3.1:keras/layers/core.py Reshape (row-major, -1 inferred)
    x = rand(rng, (2, 2, 3, 2))
    cases.append(simple_case("reshape_3_minus1", "Reshape", {"target_shape": [3, -1]},
                             x, x.reshape(2, 3, -1)))

    # ---- BatchNormalization
    cases.append(bn_case(rng, "bn_inference_4d", (2, 3, 3, 3), training=False))
    cases.append(bn_case(rng, "bn_training_4d", (2, 3, 3, 3), training=True))
    cases.append(bn_case(rng, "bn_training_2d", (4, 3), training=True))
    cases.append(bn_case(rng, "bn_training_axis1_4d", (2, 3, 3, 2), axis=1, training=True))
    cases.append(bn_case(rng, "bn_inference_axis1_4d", (2, 3, 3, 2), axis=1, training=False))
    cases.append(bn_case(rng, "bn_inference_center_false", (2, 3, 3, 2), center=False,
                         training=False))
    cases.append(bn_case(rng, "bn_training_scale_false", (2, 3, 3, 2), scale=False,
                         training=True))
    cases.append(bn_case(rng, "bn_training_center_false_scale_false", (3, 2, 2, 3), center=False,
                         scale=False, training=True))

    # ---- Dropout: inference = identity (keras@2.3.1:keras/layers/core.py Dropout, K.in_train_phase)
    x = rand(rng, (2, 3, 4))
    cases.append(simple_case("dropout_inference_identity", "Dropout", {"rate": 0.5}, x, x,
                             training=False))

    # ---- Activation layer, one per string (keras@2.3.1:keras/activations.py)
    xa = f32(np.linspace(-3.0, 3.0, 10).reshape(2, 5))
    for act in ["elu", "relu", "softmax", "sigmoid", "tanh", "linear", "selu", "softplus",
                "softsign", "hard_sigmoid", "exponential"]:
        cases.append(simple_case("activation_" + act, "Activation", {"activation": act},
                                 xa, ACTIVATIONS[act](xa)))

    # ---- advanced activation layers (keras@2.3.1:keras/layers/advanced_activations.py)
    cases.append(simple_case("elu_layer_alpha0.5", "ELU", {"alpha": 0.5}, xa, k_elu(xa, 0.5)))
    # ReLU.call -> K.relu(x, alpha=negative_slope, max_value=max_value, threshold=threshold)
    cases.append(simple_case("relu_layer_max2_slope0.1_thr0.5", "ReLU",
                             {"max_value": 2.0, "negative_slope": 0.1, "threshold": 0.5},
                             xa, k_relu(xa, alpha=0.1, max_value=2.0, threshold=0.5)))
    cases.append(simple_case("leakyrelu_default", "LeakyReLU", {}, xa, k_relu(xa, alpha=0.3)))
    x = rand(rng, (2, 3, 4), -2.0, 2.0)
    cases.append(simple_case("softmax_layer_axis1", "Softmax", {"axis": 1}, x, k_softmax(x, 1)))

    write_json("layers.json", cases)
    return cases


# ----------------------------------------------------------------------------------------------
# layers_1d.json  (Conv1D, MaxPooling1D / AveragePooling1D, GlobalAveragePooling1D /
# GlobalMaxPooling1D; inputs (N, steps, C), or (N, C, steps) when channels_first)
# ----------------------------------------------------------------------------------------------

def to_nwc(x):
    return np.transpose(x, (0, 2, 1))


def to_ncw(x):
    return np.transpose(x, (0, 2, 1))


def conv1d_pads(n_in, k, s, d, padding):
    """Returns (out, pad_before, pad_after) for Conv1D's padding, 'causal' included."""
    if padding == "causal":
        # keras@2.3.1:keras/backend/tensorflow_backend.py conv1d: causal ->
        #   left_pad = dilation_rate * (kernel_size - 1); temporal_padding(x, (left_pad, 0));
        #   padding = 'valid'
        left = d * (k - 1)
        out, _, _ = pad_amounts(n_in + left, k, s, d, "valid")
        return out, left, 0
    return pad_amounts(n_in, k, s, d, padding)


def conv1d_nwc(x, kernel, bias, stride, padding, dilation):
    # keras@2.3.1:keras/layers/convolutional.py _Conv.call (rank 1) -> K.conv1d
    # (tf.nn.convolution, strides=(s,), dilations=(d,)) then K.bias_add; kernel layout
    # (kernel_size, in, filters).
    n, w, cin = x.shape
    k, kin, cout = kernel.shape
    assert kin == cin
    ow, pl, pr = conv1d_pads(w, k, stride, dilation, padding)
    xp = np.zeros((n, w + pl + pr, cin))
    xp[:, pl:pl + w, :] = x
    y = np.zeros((n, ow, cout))
    for b in range(n):
        for i in range(ow):
            acc = np.zeros(cout)
            for a in range(k):
                t = i * stride + a * dilation
                for ci in range(cin):
                    for co in range(cout):
                        acc[co] += xp[b, t, ci] * kernel[a, ci, co]
            y[b, i, :] = acc
    if bias is not None:
        y = y + bias
    return y


def pool1d_nwc(x, pool, stride, padding, mode):
    # keras@2.3.1:keras/layers/pooling.py _Pooling1D.call: expand_dims(dummy axis) ->
    # K.pool2d(pool_size + (1,), strides + (1,)) -> squeeze.  "same": padded cells are ignored
    # (max: -inf; avg: divide by the number of REAL cells in the window), as pool2d_nhwc.
    n, w, c = x.shape
    ow, pl, _ = pad_amounts(w, pool, stride, 1, padding)
    y = np.zeros((n, ow, c))
    for b in range(n):
        for i in range(ow):
            t0 = i * stride - pl
            ts = [t for t in range(t0, t0 + pool) if 0 <= t < w]
            win = x[b, ts, :]
            y[b, i, :] = win.max(axis=0) if mode == "max" else win.mean(axis=0)
    return y


def conv1d_case(rng, name, in_shape, filters, kernel_size, strides=1, padding="valid",
                data_format=None, dilation_rate=1, use_bias=True, activation=None, lo=-1.0,
                hi=1.0):
    # keras@2.3.1:keras/layers/convolutional.py Conv1D / _Conv.call:
    #   outputs = K.conv1d(...); if use_bias: K.bias_add(...); activation(outputs)
    x = rand(rng, in_shape, lo, hi)
    cin = in_shape[1] if data_format == "channels_first" else in_shape[-1]
    kernel = rand(rng, (kernel_size, cin, filters))
    bias = rand(rng, (filters,), -0.5, 0.5) if use_bias else None
    x_nwc = to_nwc(x) if data_format == "channels_first" else x
    y = conv1d_nwc(x_nwc, kernel, bias, strides, padding, dilation_rate)
    # self-check: the same conv as a Conv2D with a height-1 image (and torch, if importable);
    # causal = explicit left zero padding, then 'valid'
    _, pl, _ = conv1d_pads(x_nwc.shape[1], kernel_size, strides, dilation_rate, padding)
    pad2d = "valid" if padding == "causal" else padding
    x4 = np.pad(x_nwc, ((0, 0), (pl if padding == "causal" else 0, 0), (0, 0)))[:, None]
    y4 = conv2d_nhwc(x4, kernel[None], bias, (1, strides), pad2d, (1, dilation_rate))
    assert np.allclose(y4[:, 0], y, rtol=1e-12, atol=1e-12), "conv1d vs conv2d self-check failed"
    torch_check_conv(x4, kernel[None], bias, (1, strides), pad2d, (1, dilation_rate), y4)
    y = ACTIVATIONS[activation](y)
    if data_format == "channels_first":
        y = to_ncw(y)
    config = {"filters": filters, "kernel_size": [kernel_size], "strides": [strides],
              "padding": padding}
    if data_format is not None:
        config["data_format"] = data_format
    if dilation_rate != 1:
        config["dilation_rate"] = [dilation_rate]
    if activation is not None:
        config["activation"] = activation
    if not use_bias:
        config["use_bias"] = False
    weights = [kernel] + ([bias] if use_bias else [])
    return {"name": name, "layer": "Conv1D", "config": config, "input": T(x),
            "weights": [T(w) for w in weights], "training": False, "output": T(y)}


def pool1d_case(rng, name, cls, in_shape, pool_size, strides=None, padding="valid",
                data_format=None, lo=-1.0, hi=1.0):
    # keras@2.3.1:keras/layers/pooling.py _Pooling1D (strides None -> pool_size;
    # data_format default 'channels_last')
    x = rand(rng, in_shape, lo, hi)
    s = pool_size if strides is None else strides
    x_nwc = to_nwc(x) if data_format == "channels_first" else x
    mode = "max" if cls == "MaxPooling1D" else "avg"
    y = pool1d_nwc(x_nwc, pool_size, s, padding, mode)
    # self-check: Keras' own route (dummy axis + 2D pooling) and torch, if importable
    x4 = x_nwc[:, :, None, :]
    y4 = pool2d_nhwc(x4, (pool_size, 1), (s, 1), padding, mode)
    assert np.allclose(y4[:, :, 0], y, rtol=1e-12, atol=1e-12), "pool1d vs pool2d self-check failed"
    if mode == "max":
        torch_check_maxpool(x4, (pool_size, 1), (s, 1), padding, y4)
    else:
        torch_check_avgpool(x4, (pool_size, 1), (s, 1), padding, y4)
    if data_format == "channels_first":
        y = to_ncw(y)
    config = {"pool_size": [pool_size], "padding": padding}
    if strides is not None:
        config["strides"] = [strides]
    if data_format is not None:
        config["data_format"] = data_format
    return {"name": name, "layer": cls, "config": config, "input": T(x), "weights": [],
            "training": False, "output": T(y)}


def make_layers_1d():
    rng = np.random.RandomState(5678)
    cases = []

    # ---- Conv1D ----
    cases.append(conv1d_case(rng, "conv1d_valid_k3", (2, 7, 3), 4, 3))
    # length 8, k3, s2 'same': out 4, total pad 1 -> 0 before, 1 at the END (TF rule)
    assert conv1d_pads(8, 3, 2, 1, "same") == (4, 0, 1)
    cases.append(conv1d_case(rng, "conv1d_same_s2_k3_even8", (2, 8, 3), 4, 3, strides=2,
                             padding="same"))
    # causal k3 d2: left pad 2*(3-1) = 4, then 'valid' -> output length == input length
    assert conv1d_pads(7, 3, 1, 2, "causal") == (7, 4, 0)
    cases.append(conv1d_case(rng, "conv1d_causal_k3_dilation2", (2, 7, 3), 4, 3,
                             padding="causal", dilation_rate=2))
    # channels_first: input (N, C, steps), output (N, filters, steps')
    cases.append(conv1d_case(rng, "conv1d_channels_first_valid_k2", (2, 3, 7), 4, 2,
                             data_format="channels_first"))
    cases.append(conv1d_case(rng, "conv1d_relu_no_bias_same_k3", (2, 7, 3), 4, 3,
                             padding="same", activation="relu", use_bias=False))
    assert np.min(cases[-1]["output"]["data"]) == 0.0   # relu actually clamps something

    # ---- MaxPooling1D / AveragePooling1D ----
    cases.append(pool1d_case(rng, "maxpool1d_valid_p2_len7", "MaxPooling1D", (2, 7, 3), 2))
    # all-negative input so that treating the padding as 0 instead of -inf would be visible;
    # length 8, p3, s2 'same': pad 0 before, 1 at the END
    assert pad_amounts(8, 3, 2, 1, "same") == (4, 0, 1)
    cases.append(pool1d_case(rng, "maxpool1d_same_p3_s2_len8", "MaxPooling1D", (2, 8, 3), 3,
                             strides=2, padding="same", lo=-3.0, hi=-0.1))
    # last window holds 2 real cells + 1 pad -> divided by 2, not 3
    cases.append(pool1d_case(rng, "avgpool1d_same_p3_s2_len8", "AveragePooling1D", (2, 8, 3), 3,
                             strides=2, padding="same", lo=0.5, hi=2.0))
    c = cases[-1]
    x = np.array(c["input"]["data"]).reshape(c["input"]["shape"])
    assert np.allclose(np.array(c["output"]["data"]).reshape(c["output"]["shape"])[:, 3],
                       x[:, 6:8].mean(axis=1), rtol=1e-12, atol=1e-12)
    cases.append(pool1d_case(rng, "avgpool1d_valid_p2_len7", "AveragePooling1D", (2, 7, 3), 2))

    # ---- global pooling: keras@2.3.1:keras/layers/pooling.py GlobalAveragePooling1D (no mask:
    # K.mean) / GlobalMaxPooling1D (K.max) over steps_axis = 1 (channels_last) or 2
    # (channels_first)
    x = rand(rng, (2, 7, 3))
    cases.append(simple_case("global_avgpool1d_channels_last", "GlobalAveragePooling1D", {},
                             x, x.mean(axis=1)))
    x = rand(rng, (2, 3, 7))
    cases.append(simple_case("global_avgpool1d_channels_first", "GlobalAveragePooling1D",
                             {"data_format": "channels_first"}, x, x.mean(axis=2)))
    x = rand(rng, (2, 7, 3))
    cases.append(simple_case("global_maxpool1d_channels_last", "GlobalMaxPooling1D", {},
                             x, x.max(axis=1)))
    x = rand(rng, (2, 3, 7))
    cases.append(simple_case("global_maxpool1d_channels_first", "GlobalMaxPooling1D",
                             {"data_format": "channels_first"}, x, x.max(axis=2)))

    write_json("layers_1d.json", cases)
    return cases


# ----------------------------------------------------------------------------------------------
# optimizers.json  (keras@2.3.1:keras/optimizers.py)
# ----------------------------------------------------------------------------------------------

def get_gradients(grads, cfg):
    # keras@2.3.1:keras/optimizers.py Optimizer.get_gradients + clip_norm:
    #   norm = sqrt(sum over ALL grads of sum(g^2)); g = g * c / n if n >= c
    #   clipvalue: K.clip(g, -c, c) (applied after clipnorm)
    grads = [g.copy() for g in grads]
    if cfg.get("clipnorm", 0) > 0:
        c = cfg["clipnorm"]
        n = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
        if n >= c:
            grads = [g * c / n for g in grads]
    if cfg.get("clipvalue", 0) > 0:
        c = cfg["clipvalue"]
        grads = [np.clip(g, -c, c) for g in grads]
    return grads


def decayed_lr(lr, decay, iterations):
    # lr = lr * (1. / (1. + decay * iterations)), iterations BEFORE the increment
    if decay > 0:
        return lr * (1.0 / (1.0 + decay * iterations))
    return lr


def run_optimizer(name, cfg, params, grads_steps):
    params = [p.copy() for p in params]
    lr0 = cfg.get("learning_rate")
    decay = cfg.get("decay", 0.0)
    eps = cfg.get("epsilon", EPSILON)
    shapes = [p.shape for p in params]
    zeros = lambda: [np.zeros(s) for s in shapes]  # noqa: E731
    state = {"it": 0}
    if name == "SGD":
        moments = zeros()
    elif name in ("RMSprop", "Adagrad"):
        acc = zeros()
    elif name == "Adadelta":
        acc, dacc = zeros(), zeros()
    elif name in ("Adam", "Adamax", "Nadam"):
        ms, vs, vhats = zeros(), zeros(), zeros()
        state["m_schedule"] = 1.0
    out = []
    for grads in grads_steps:
        g_all = get_gradients(grads, cfg)
        it = state["it"]
        if name == "SGD":
            # SGD.get_updates: v = momentum*m - lr*g; p += v  (nesterov: p += momentum*v - lr*g)
            lr = decayed_lr(cfg.get("learning_rate", 0.01), decay, it)
            mom = cfg.get("momentum", 0.0)
            for i, g in enumerate(g_all):
                v = mom * moments[i] - lr * g
                moments[i] = v
                if cfg.get("nesterov", False):
                    params[i] = params[i] + mom * v - lr * g
                else:
                    params[i] = params[i] + v
        elif name == "RMSprop":
            # RMSprop.get_updates: a = rho*a + (1-rho)*g^2; p -= lr*g/(sqrt(a)+eps)
            lr = decayed_lr(cfg.get("learning_rate", 0.001), decay, it)
            rho = cfg.get("rho", 0.9)
            for i, g in enumerate(g_all):
                acc[i] = rho * acc[i] + (1.0 - rho) * g * g
                params[i] = params[i] - lr * g / (np.sqrt(acc[i]) + eps)
        elif name == "Adagrad":
            # Adagrad.get_updates: a += g^2; p -= lr*g/(sqrt(a)+eps)
            lr = decayed_lr(cfg.get("learning_rate", 0.01), decay, it)
            for i, g in enumerate(g_all):
                acc[i] = acc[i] + g * g
                params[i] = params[i] - lr * g / (np.sqrt(acc[i]) + eps)
        elif name == "Adadelta":
            # Adadelta.get_updates: a = rho*a + (1-rho)g^2;
            #   update = g*sqrt(d_a+eps)/sqrt(a+eps); p -= lr*update;
            #   d_a = rho*d_a + (1-rho)*update^2
            lr = decayed_lr(cfg.get("learning_rate", 1.0), decay, it)
            rho = cfg.get("rho", 0.95)
            for i, g in enumerate(g_all):
                acc[i] = rho * acc[i] + (1.0 - rho) * g * g
                update = g * np.sqrt(dacc[i] + eps) / np.sqrt(acc[i] + eps)
                params[i] = params[i] - lr * update
                dacc[i] = rho * dacc[i] + (1.0 - rho) * update * update
        elif name == "Adam":
            # Adam.get_updates: t = it+1; lr_t = lr*sqrt(1-b2^t)/(1-b1^t);
            #   m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
            #   amsgrad: vhat = max(vhat, v); p -= lr_t*m/(sqrt(vhat)+eps)
            #   else p -= lr_t*m/(sqrt(v)+eps)
            lr = decayed_lr(cfg.get("learning_rate", 0.001), decay, it)
            b1, b2 = cfg.get("beta_1", 0.9), cfg.get("beta_2", 0.999)
            t = it + 1.0
            lr_t = lr * (math.sqrt(1.0 - b2 ** t) / (1.0 - b1 ** t))
            for i, g in enumerate(g_all):
                ms[i] = b1 * ms[i] + (1.0 - b1) * g
                vs[i] = b2 * vs[i] + (1.0 - b2) * g * g
                if cfg.get("amsgrad", False):
                    vhats[i] = np.maximum(vhats[i], vs[i])
                    params[i] = params[i] - lr_t * ms[i] / (np.sqrt(vhats[i]) + eps)
                else:
                    params[i] = params[i] - lr_t * ms[i] / (np.sqrt(vs[i]) + eps)
        elif name == "Adamax":
            # Adamax.get_updates: t = it+1; lr_t = lr/(1-b1^t); m = b1 m + (1-b1) g;
            #   u = max(b2*u, |g|); p -= lr_t*m/(u+eps)
            lr = decayed_lr(cfg.get("learning_rate", 0.002), decay, it)
            b1, b2 = cfg.get("beta_1", 0.9), cfg.get("beta_2", 0.999)
            t = it + 1.0
            lr_t = lr / (1.0 - b1 ** t)
            for i, g in enumerate(g_all):
                ms[i] = b1 * ms[i] + (1.0 - b1) * g
                vs[i] = np.maximum(b2 * vs[i], np.abs(g))
                params[i] = params[i] - lr_t * ms[i] / (vs[i] + eps)
        elif name == "Nadam":
            # Nadam.get_updates (no `decay`; schedule_decay default 0.004; m_schedule state
            # starts at 1.0 and is multiplied by momentum_cache_t every step):
            #   t = it+1
            #   mc_t   = b1*(1 - 0.5*0.96^(t*sd));  mc_t1 = b1*(1 - 0.5*0.96^((t+1)*sd))
            #   m_sched_new = m_schedule*mc_t; m_sched_next = m_schedule*mc_t*mc_t1
            #   g' = g/(1-m_sched_new); m = b1 m + (1-b1) g; m' = m/(1-m_sched_next)
            #   v = b2 v + (1-b2) g^2; v' = v/(1-b2^t)
            #   m_bar = (1-mc_t)*g' + mc_t1*m'
            #   p -= lr*m_bar/(sqrt(v')+eps)
            lr = cfg.get("learning_rate", 0.002)
            b1, b2 = cfg.get("beta_1", 0.9), cfg.get("beta_2", 0.999)
            sd = cfg.get("schedule_decay", 0.004)
            t = it + 1.0
            mc_t = b1 * (1.0 - 0.5 * (0.96 ** (t * sd)))
            mc_t1 = b1 * (1.0 - 0.5 * (0.96 ** ((t + 1.0) * sd)))
            m_sched_new = state["m_schedule"] * mc_t
            m_sched_next = state["m_schedule"] * mc_t * mc_t1
            state["m_schedule"] = m_sched_new
            for i, g in enumerate(g_all):
                g_prime = g / (1.0 - m_sched_new)
                ms[i] = b1 * ms[i] + (1.0 - b1) * g
                m_prime = ms[i] / (1.0 - m_sched_next)
                vs[i] = b2 * vs[i] + (1.0 - b2) * g * g
                v_prime = vs[i] / (1.0 - b2 ** t)
                m_bar = (1.0 - mc_t) * g_prime + mc_t1 * m_prime
                params[i] = params[i] - lr * m_bar / (np.sqrt(v_prime) + eps)
        else:
            raise ValueError(name)
        state["it"] = it + 1
        out.append([p.copy() for p in params])
    del lr0
    return out


def make_optimizers():
    rng = np.random.RandomState(2024)
    params = [rand(rng, (3, 2)), rand(rng, (2,))]

    def grad_steps(scale_lo=0.1, scale_hi=2.0):
        steps = []
        for _ in range(3):
            gs = []
            for shp in [(3, 2), (2,)]:
                mag = rng.uniform(scale_lo, scale_hi, size=shp)
                sign = np.where(rng.uniform(size=shp) < 0.5, -1.0, 1.0)
                gs.append(f32(mag * sign))
            steps.append(gs)
        return steps

    common = grad_steps()

    # AMSGrad only differs from Adam when v_t drops below its running max: make the later
    # gradients much smaller than the first ones for some elements.
    ams = [[g.copy() for g in step] for step in common]
    ams[1][0] = f32(ams[0][0] * np.array([[0.01, 1.0], [0.01, 0.02], [1.0, 0.01]]))
    ams[2][0] = f32(ams[0][0] * np.array([[0.01, 0.5], [0.02, 0.01], [1.0, 0.01]]))
    ams[1][1] = f32(ams[0][1] * np.array([0.01, 1.0]))
    ams[2][1] = f32(ams[0][1] * np.array([0.01, 0.01]))

    # clipnorm 0.5: steps 1 and 2 exceed the global norm; step 3 is small (no clipping).
    cn = [[g.copy() for g in step] for step in common]
    cn[2] = [f32(np.array([[0.1, -0.2], [0.05, 0.15], [-0.1, 0.1]])), f32(np.array([0.2, -0.1]))]
    # clipvalue 0.05: most entries clipped; a few entries are below 0.05 in magnitude.
    cv = [[g.copy() for g in step] for step in common]
    cv[0][0] = f32(np.array([[0.03, -0.5], [1.2, -0.01], [0.7, -1.5]]))
    cv[1][1] = f32(np.array([-0.04, 0.9]))

    specs = [
        ("sgd_default", "SGD", {}, common),
        ("sgd_momentum0.9", "SGD", {"learning_rate": 0.1, "momentum": 0.9}, common),
        ("sgd_momentum0.9_nesterov", "SGD", {"learning_rate": 0.1, "momentum": 0.9,
                                             "nesterov": True}, common),
        ("sgd_decay0.1", "SGD", {"learning_rate": 0.1, "decay": 0.1}, common),
        ("rmsprop_default", "RMSprop", {}, common),
        ("rmsprop_lr0.01_decay0.1", "RMSprop", {"learning_rate": 0.01, "decay": 0.1}, common),
        ("adam_default", "Adam", {}, common),
        ("adam_default_on_amsgrad_grads", "Adam", {}, ams),
        ("adam_amsgrad", "Adam", {"amsgrad": True}, ams),
        ("adagrad_default", "Adagrad", {}, common),
        ("adadelta_default", "Adadelta", {}, common),
        ("adamax_default", "Adamax", {}, common),
        ("nadam_default", "Nadam", {}, common),
        ("sgd_clipnorm0.5", "SGD", {"learning_rate": 0.1, "clipnorm": 0.5}, cn),
        ("sgd_clipvalue0.05", "SGD", {"learning_rate": 0.1, "clipvalue": 0.05}, cv),
    ]
    cases = []
    results = {}
    for name, cls, cfg, grads in specs:
        exp = run_optimizer(cls, cfg, params, grads)
        results[name] = exp
        cases.append({"name": name, "optimizer": cls, "config": cfg,
                      "params": [T(p) for p in params],
                      "grads": [[T(g) for g in step] for step in grads],
                      "expected": [[T(p) for p in step] for step in exp]})

    # sanity: the special cases actually exercise their feature
    def differ(a, b):
        return any(not np.allclose(x, y, rtol=0, atol=1e-12) for x, y in zip(a[-1], b[-1]))
    assert differ(results["adam_amsgrad"], results["adam_default_on_amsgrad_grads"])
    assert differ(run_optimizer("SGD", {"learning_rate": 0.1}, params, common),
                  results["sgd_decay0.1"])
    assert differ(run_optimizer("RMSprop", {"learning_rate": 0.01}, params, common),
                  results["rmsprop_lr0.01_decay0.1"])
    n1 = math.sqrt(sum(float(np.sum(g * g)) for g in cn[0]))
    n3 = math.sqrt(sum(float(np.sum(g * g)) for g in cn[2]))
    assert n1 > 0.5 and n3 < 0.5
    write_json("optimizers.json", cases)
    return cases


# ----------------------------------------------------------------------------------------------
# losses.json / metrics.json
# ----------------------------------------------------------------------------------------------

def loss_cce(y, p):
    # keras@2.2.4:keras/backend/tensorflow_backend.py categorical_crossentropy (from_logits=False;
    # keras@2.3.1 delegates to tf.keras backend, same math for a non-Softmax-op tensor):
    #   p /= sum(p, -1); p = clip(p, eps, 1-eps); -sum(y*log p, -1)
    p = p / p.sum(axis=-1, keepdims=True)
    p = np.clip(p, EPSILON, 1.0 - EPSILON)
    return -np.sum(y * np.log(p), axis=-1)


def loss_sparse_cce(y, p):
    # keras@2.2.4:keras/backend/tensorflow_backend.py sparse_categorical_crossentropy:
    #   p = clip(p, eps, 1-eps); logits = log(p); sparse_softmax_cross_entropy_with_logits
    #   => -log(p_clip[label] / sum(p_clip))   (clip FIRST, then the softmax renormalises)
    labels = y.reshape(-1).astype(np.int64)
    pc = np.clip(p, EPSILON, 1.0 - EPSILON)
    logits = np.log(pc)
    lse = np.log(np.sum(np.exp(logits), axis=-1))
    return lse - logits[np.arange(len(labels)), labels]


def loss_bce(y, p):
    # keras@2.2.4:keras/backend/tensorflow_backend.py binary_crossentropy:
    #   p = clip(p, eps, 1-eps); z = log(p/(1-p));
    #   tf.nn.sigmoid_cross_entropy_with_logits: max(z,0) - z*y + log(1+exp(-|z|))
    # keras@2.3.1:keras/losses.py binary_crossentropy: K.mean(..., axis=-1)
    pc = np.clip(p, EPSILON, 1.0 - EPSILON)
    z = np.log(pc / (1.0 - pc))
    ce = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return ce.mean(axis=-1)


def loss_mse(y, p):
    return np.mean((p - y) ** 2, axis=-1)        # keras@2.3.1:keras/losses.py mean_squared_error


def loss_mae(y, p):
    return np.mean(np.abs(p - y), axis=-1)       # keras@2.3.1:keras/losses.py mean_absolute_error


def maybe_convert_labels(y):
    # keras@2.3.1:keras/losses.py _maybe_convert_labels: if EVERY entry of y_true is 0 or 1,
    # y_true = 2*y_true - 1; otherwise unchanged.
    if np.all((y == 0) | (y == 1)):
        return 2.0 * y - 1.0
    return y


def loss_hinge(y, p):
    # keras@2.3.1:keras/losses.py hinge: mean(max(1 - y*p, 0), -1) after _maybe_convert_labels
    y = maybe_convert_labels(y)
    return np.mean(np.maximum(1.0 - y * p, 0.0), axis=-1)


def loss_kld(y, p):
    # keras@2.3.1:keras/losses.py kullback_leibler_divergence:
    #   y = clip(y, eps, 1); p = clip(p, eps, 1); sum(y*log(y/p), -1)
    yc = np.clip(y, EPSILON, 1.0)
    pc = np.clip(p, EPSILON, 1.0)
    return np.sum(yc * np.log(yc / pc), axis=-1)


def make_losses():
    rng = np.random.RandomState(77)
    cases = []

    def add(name, loss, y, p, fn):
        # model.evaluate without sample weights: mean of the per-sample losses over the batch
        # (keras@2.3.1:keras/losses.py LossFunctionWrapper, Reduction.SUM_OVER_BATCH_SIZE)
        cases.append({"name": name, "loss": loss, "y_true": T(y), "y_pred": T(p),
                      "expected": float(np.mean(fn(y, p)))})

    # categorical crossentropy: rows include an exact 0 and an exact 1, and rows that do not
    # sum to 1 (renormalisation).
    y = f32(np.eye(4)[[0, 2, 1, 3]])
    p = f32(np.array([[0.0, 1.0, 0.0, 0.0],     # true class prob 0 -> clipped to 1e-7
                      [0.1, 0.2, 0.6, 0.1],
                      [0.0, 1.0, 0.0, 0.0],     # true class prob 1 -> clipped to 1-1e-7
                      [0.2, 0.4, 0.6, 0.8]]))   # sums to 2: renormalised first
    add("categorical_crossentropy_clip_renorm", "categorical_crossentropy", y, p, loss_cce)
    y = f32(np.eye(3)[[2, 0, 1]])
    p = rand(rng, (3, 3), 0.05, 1.0)
    p = f32(p / p.sum(axis=1, keepdims=True))
    add("categorical_crossentropy_plain", "categorical_crossentropy", y, p, loss_cce)

    y = f32(np.array([[0], [2], [1], [3]]))
    p = f32(np.array([[0.7, 0.1, 0.1, 0.1],
                      [0.0, 1.0, 0.0, 0.0],     # true prob 0 -> clipped
                      [0.25, 0.5, 0.15, 0.1],
                      [0.1, 0.2, 0.3, 0.6]]))   # not normalised
    add("sparse_categorical_crossentropy", "sparse_categorical_crossentropy", y, p, loss_sparse_cce)

    y = f32(np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]]))
    p = f32(np.array([[0.9, 0.2, 1.0], [0.0, 0.3, 0.6], [0.55, 0.8, 0.1], [0.4, 0.45, 0.05]]))
    add("binary_crossentropy", "binary_crossentropy", y, p, loss_bce)

    y = rand(rng, (3, 4))
    p = rand(rng, (3, 4))
    add("mean_squared_error", "mean_squared_error", y, p, loss_mse)
    add("mean_absolute_error", "mean_absolute_error", y, p, loss_mae)

    y = f32(np.array([[-1, 1, 1], [1, -1, -1], [-1, -1, 1]]))
    p = rand(rng, (3, 3), -2.0, 2.0)
    add("hinge_pm1_labels", "hinge", y, p, loss_hinge)
    y01 = f32(np.array([[0, 1, 1], [1, 0, 0], [0, 0, 1]]))
    add("hinge_01_labels_converted", "hinge", y01, p, loss_hinge)

    y = f32(np.array([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0], [0.6, 0.4, 0.0]]))
    p = f32(np.array([[0.3, 0.3, 0.4], [0.1, 0.8, 0.1], [0.0, 0.5, 0.5]]))
    add("kullback_leibler_divergence", "kullback_leibler_divergence", y, p, loss_kld)

    write_json("losses.json", cases)
    return cases


def in_top_k(pred, target, k):
    # tf.nn.in_top_k: target's prediction is among the k largest (ties at the boundary count as
    # in; the data below has no ties).
    res = []
    for row, t in zip(pred, target):
        greater = np.sum(row > row[t])
        res.append(1.0 if greater < k else 0.0)
    return np.array(res)


def make_metrics():
    rng = np.random.RandomState(99)
    cases = []

    def add(name, metric, y, p, per_sample, k=None):
        c = {"name": name, "metric": metric}
        if k is not None:
            c["k"] = k
        c.update({"y_true": T(y), "y_pred": T(p), "expected": float(np.mean(per_sample))})
        cases.append(c)

    def no_tie_probs(n, c):
        while True:
            p = rand(rng, (n, c), 0.0, 1.0)
            if all(len(set(r)) == c for r in p):
                return f32(p / p.sum(axis=1, keepdims=True))

    # keras@2.3.1:keras/metrics.py categorical_accuracy: argmax(y_true) == argmax(y_pred)
    p = no_tie_probs(6, 4)
    lab = np.argmax(p, axis=1).copy()
    lab[[1, 4]] = (lab[[1, 4]] + 1) % 4          # two wrong
    y = f32(np.eye(4)[lab])
    add("categorical_accuracy", "categorical_accuracy", y, p,
        (np.argmax(y, -1) == np.argmax(p, -1)).astype(float))

    # sparse_categorical_accuracy: y_true (N,1) squeezed; argmax(y_pred) == y_true
    lab = np.argmax(p, axis=1).copy()
    lab[[0, 2, 5]] = (lab[[0, 2, 5]] + 2) % 4      # three wrong
    ys = f32(lab.reshape(-1, 1))
    add("sparse_categorical_accuracy", "sparse_categorical_accuracy", ys, p,
        (ys[:, 0] == np.argmax(p, -1)).astype(float))

    # binary_accuracy (threshold 0.5): mean(equal(y_true, round(y_pred)), -1); tf.round is
    # round-half-to-even, so 0.5 -> 0 (same as "p > 0.5").
    yb = f32(np.array([[1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 0, 0]]))
    pb = f32(np.array([[0.7, 0.2, 0.4, 0.5], [0.1, 0.9, 0.51, 0.49], [0.6, 0.3, 0.8, 0.05]]))
    add("binary_accuracy", "binary_accuracy", yb, pb,
        np.mean(yb == (pb > 0.5).astype(float), axis=-1))

    # top_k_categorical_accuracy: in_top_k(y_pred, argmax(y_true), k)
    p7 = no_tie_probs(6, 7)
    order = np.argsort(-p7, axis=1)   # descending rank
    ranks = [0, 1, 2, 4, 5, 6]        # rank of the true class in each row
    lab = np.array([order[i, r] for i, r in enumerate(ranks)])
    y7 = f32(np.eye(7)[lab])
    for k in (5, 2):
        add("top_k_categorical_accuracy_k%d" % k, "top_k_categorical_accuracy", y7, p7,
            in_top_k(p7, np.argmax(y7, -1), k), k=k)

    # sparse_top_k_categorical_accuracy: in_top_k(y_pred, flatten(y_true), k)
    ys7 = f32(lab.reshape(-1, 1))
    add("sparse_top_k_categorical_accuracy_k2", "sparse_top_k_categorical_accuracy", ys7, p7,
        in_top_k(p7, lab, 2), k=2)

    write_json("metrics.json", cases)
    return cases


# ----------------------------------------------------------------------------------------------
# regularized_loss.json
# ----------------------------------------------------------------------------------------------

def make_regularized():
    rng = np.random.RandomState(4242)
    x = rand(rng, (4, 5, 5, 2))
    conv_k = rand(rng, (3, 3, 2, 3), -0.5, 0.5)
    conv_b = rand(rng, (3,), -0.1, 0.1)
    dense_k = rand(rng, (75, 4), -0.2, 0.2)
    dense_b = rand(rng, (4,), -0.1, 0.1)
    y = f32(np.eye(4)[[0, 3, 1, 2]])

    h = k_relu(conv2d_nhwc(x, conv_k, conv_b, (1, 1), "same", (1, 1)))
    torch_check_conv(x, conv_k, conv_b, (1, 1), "same", (1, 1),
                     conv2d_nhwc(x, conv_k, conv_b, (1, 1), "same", (1, 1)))
    flat = h.reshape(4, -1)
    logits = flat @ dense_k + dense_b
    probs = k_softmax(logits)
    # Keep every probability inside [1e-7, 1-1e-7] so that the manual (renormalise + clip) path
    # and tf.keras's "use the Softmax op's logits" path give the same number.
    assert probs.min() > 1e-6 and probs.max() < 1 - 1e-6
    data_loss = float(np.mean(loss_cce(y, probs)))
    # keras@2.3.1:keras/regularizers.py L1L2.__call__: l1*sum(|x|) + l2*sum(x^2)  (no 1/2)
    conv_pen = 0.01 * np.sum(conv_k ** 2)                    # l2(0.01) on conv kernel
    dense_k_pen = 0.001 * np.sum(np.abs(dense_k))            # l1(0.001) on dense kernel
    dense_b_pen = 0.01 * np.sum(np.abs(dense_b)) + 0.02 * np.sum(dense_b ** 2)  # l1_l2(.01,.02)
    penalty = float(conv_pen + dense_k_pen + dense_b_pen)
    # keras@2.3.1:keras/engine/training.py compile: total_loss += each tensor in self.losses
    out = {
        "model": [
            {"layer": "Conv2D", "config": {"filters": 3, "kernel_size": [3, 3], "padding": "same",
                                           "activation": "relu",
                                           "kernel_regularizer": {"l2": 0.01}}},
            {"layer": "Flatten", "config": {}},
            {"layer": "Dense", "config": {"units": 4, "activation": "softmax",
                                          "kernel_regularizer": {"l1": 0.001},
                                          "bias_regularizer": {"l1": 0.01, "l2": 0.02}}},
        ],
        "x": T(x), "y": T(y),
        "weights": [T(conv_k), T(conv_b), T(dense_k), T(dense_b)],
        "y_pred": T(probs),
        "data_loss": data_loss,
        "penalty_terms": {"conv_kernel_l2": float(conv_pen), "dense_kernel_l1": float(dense_k_pen),
                          "dense_bias_l1_l2": float(dense_b_pen)},
        "penalty": penalty,
        "total_loss": data_loss + penalty,
    }
    write_json("regularized_loss.json", out)
    return out


# ----------------------------------------------------------------------------------------------
# summary_cifar10.txt  (keras@2.3.1:keras/utils/layer_utils.py print_summary)
# ----------------------------------------------------------------------------------------------

def make_summary():
    counters = {}

    def uid(prefix):
        # standalone Keras 2: global 1-based per-prefix counters (K.get_uid)
        counters[prefix] = counters.get(prefix, 0) + 1
        return "%s_%d" % (prefix, counters[prefix])

    rows = []      # (name, cls, output_shape, params, non_trainable)
    shape = (32, 32, 3)

    def conv(filters):
        nonlocal shape
        h, w, c = shape
        params = 3 * 3 * c * filters + filters
        shape = (h, w, filters)                # padding 'same', stride 1
        rows.append((uid("conv2d"), "Conv2D", (None,) + shape, params, 0))

    def act():
        rows.append((uid("activation"), "Activation", (None,) + shape, 0, 0))

    def bn():
        c = shape[-1]
        rows.append((uid("batch_normalization"), "BatchNormalization", (None,) + shape, 4 * c, 2 * c))

    def pool():
        nonlocal shape
        h, w, c = shape
        shape = (h // 2, w // 2, c)            # pool (2,2), valid
        rows.append((uid("max_pooling2d"), "MaxPooling2D", (None,) + shape, 0, 0))

    def drop():
        rows.append((uid("dropout"), "Dropout", (None,) + shape, 0, 0))

    for filters, _rate in [(32, 0.2), (64, 0.3), (128, 0.4)]:
        conv(filters); act(); bn()
        conv(filters); act(); bn()
        pool(); drop()
    n = int(np.prod(shape))
    shape = (n,)
    rows.append((uid("flatten"), "Flatten", (None, n), 0, 0))
    rows.append((uid("dense"), "Dense", (None, 10), n * 10 + 10, 0))

    total = sum(r[3] for r in rows)
    non_trainable = sum(r[4] for r in rows)
    trainable = total - non_trainable
    assert (total, trainable, non_trainable) == (309290, 308394, 896), (total, trainable, non_trainable)

    lines = []
    print_fn = lines.append
    line_length = 65
    positions = [int(line_length * p) for p in [.45, .85, 1.]]   # [29, 55, 65]
    to_display = ['Layer (type)', 'Output Shape', 'Param #']

    def print_row(fields, positions):
        line = ''
        for i in range(len(fields)):
            if i > 0:
                line = line[:-1] + ' '
            line += str(fields[i])
            line = line[:positions[i]]
            line += ' ' * (positions[i] - len(line))
        print_fn(line)

    print_fn('Model: "{}"'.format("sequential_1"))
    print_fn('_' * line_length)
    print_row(to_display, positions)
    print_fn('=' * line_length)
    for i, (name, cls, oshape, params, _nt) in enumerate(rows):
        print_row([name + ' (' + cls + ')', oshape, params], positions)
        if i == len(rows) - 1:
            print_fn('=' * line_length)
        else:
            print_fn('_' * line_length)
    print_fn('Total params: {:,}'.format(trainable + non_trainable))
    print_fn('Trainable params: {:,}'.format(trainable))
    print_fn('Non-trainable params: {:,}'.format(non_trainable))
    print_fn('_' * line_length)

    path = os.path.join(OUT_DIR, "summary_cifar10.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")    # print() puts "\n" after every line
    print("wrote", path)


def main():
    if TORCH is None:
        print("note: torch not importable; skipping torch self-checks")
    make_layers()
    make_layers_1d()
    make_optimizers()
    make_losses()
    make_metrics()
    make_regularized()
    make_summary()


if __name__ == "__main__":
    main()
