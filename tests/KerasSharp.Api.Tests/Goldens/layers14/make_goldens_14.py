#!/usr/bin/python3
"""Goldens for the layers of issue 14, computed independently in numpy (float64) from Keras 2.2.4's formulas.

Run from anywhere:  /usr/bin/python3 make_goldens_14.py

Writes, next to this script:
    layers14_simple.json  activations (ReLU variants, ThresholdedReLU, PReLU), Permute, Cropping1D/2D,
                          ZeroPadding1D, UpSampling1D/2D (nearest, bilinear), and AlphaDropout's constants
    layers14_conv.json    Conv2DTranspose, DepthwiseConv2D, SeparableConv1D/2D
    layers14_3d.json      Conv3D, MaxPooling3D, AveragePooling3D

Each case: {name, layer, config, input, weights, output, r, grads: {weights: [...], input}} where `config` holds
Keras config keys (defaults otherwise), `weights` are in Keras order and layout, and `grads` are the gradients of
loss = sum(output * r) with respect to each weight and to the input (one training step's worth of information:
an SGD step is w - lr * grad).

Sources followed (git tags of keras-team/keras):
    keras@2.2.4:keras/backend/tensorflow_backend.py  relu (alpha, max_value, threshold), conv2d_transpose,
        depthwise_conv2d, separable_conv1d/2d, conv3d, pool3d, resize_images
    keras@2.2.4:keras/layers/advanced_activations.py  PReLU (alpha shape = input shape[1:], 1 on shared_axes;
        relu(x) - alpha * relu(-x)), ThresholdedReLU (x * (x > theta)), ReLU
    keras@2.2.4:keras/layers/convolutional.py  Conv2DTranspose (kernel (kh, kw, filters, in), output size by
        keras@2.2.4:keras/utils/conv_utils.py deconv_length), DepthwiseConv2D (depthwise_kernel (kh, kw, in, mult),
        output channel c * mult + m), _SeparableConv (depthwise (k..., in, mult), pointwise (1..., in*mult, filters)),
        Conv3D, UpSampling1D/2D, Cropping1D/2D, ZeroPadding1D
    keras@2.2.4:keras/layers/core.py  Permute
    keras@2.2.4:keras/layers/noise.py  AlphaDropout (a, b)
    TensorFlow's ops: 'same' padding total = max((ceil(n/s) - 1) * s + k_eff - n, 0), the odd cell after;
        conv2d_transpose = the adjoint (gradient w.r.t. the input) of the 'same'/'valid' conv2d whose input has the
        output size; resize bilinear as tf.keras 2 (tf.image.resize: half-pixel centres, align_corners=False).

No Keras/TensorFlow is used. torch 1.13, when importable, only self-checks the numpy loops; no written value comes
from torch.
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import torch
    import torch.nn.functional as TF
except ImportError:  # the self-checks are optional
    torch = None


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rand(rng, shape, lo=-1.0, hi=1.0):
    return f32(rng.uniform(lo, hi, size=shape))


def T(a):
    a = np.asarray(a, dtype=np.float64)
    assert np.all(np.isfinite(a))
    return {"shape": [int(s) for s in a.shape], "data": [float(v) for v in a.ravel()]}


def write_json(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", path)


def case(name, layer, config, x, weights, y, r, gw, gx):
    assert len(weights) == len(gw)
    for w, g in zip(weights, gw):
        assert w.shape == g.shape, (name, w.shape, g.shape)
    assert gx.shape == x.shape and r.shape == y.shape
    return {"name": name, "layer": layer, "config": config, "input": T(x), "weights": [T(w) for w in weights],
            "output": T(y), "r": T(r), "grads": {"weights": [T(g) for g in gw], "input": T(gx)}}


def torch_check(name, ours, theirs, tol=1e-9):
    err = np.max(np.abs(np.asarray(ours) - theirs.detach().double().numpy()))
    assert err < tol, (name, err)


# ---------------------------------------------------------------------------------------------------------------
# element-wise activations: forward and d/dx (inputs are drawn away from the kinks)
# ---------------------------------------------------------------------------------------------------------------

def away_from(x, points, gap=0.02):
    """Moves values within `gap` of a kink by 2*gap, so that the derivative is defined."""
    x = x.copy()
    for p in points:
        near = np.abs(x - p) < gap
        x[near] += 2 * gap
    return f32(x)


def k_relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """keras@2.2.4 tensorflow_backend.relu: x*(x>thr) (or relu), clipped to [0, max], minus alpha*relu(thr - x)."""
    if threshold != 0:
        y = x * (x > threshold)
        dy = (x > threshold).astype(np.float64)
    else:
        y = np.maximum(x, 0)
        dy = (x > 0).astype(np.float64)
    if max_value is not None:
        inside = (y > 0) & (y < max_value)
        y = np.clip(y, 0, max_value)
        dy = dy * inside
    if alpha != 0:
        neg = np.maximum(threshold - x, 0)
        y = y - alpha * neg
        dy = dy + alpha * (threshold - x > 0)
    return y, dy


def simple_cases():
    rng = np.random.RandomState(14)
    out = []
    x = away_from(rand(rng, (2, 3, 4), -8, 8), [0.0, 6.0, -1.5, 2.0, 1.0, 0.5])
    for cfg in [{}, {"max_value": 6.0}, {"negative_slope": 0.1}, {"threshold": -1.5},
                {"threshold": 2.0, "negative_slope": 0.2}, {"max_value": 6.0, "negative_slope": 0.3, "threshold": 0.5},
                {"max_value": 6.0, "threshold": -1.5}]:
        y, dy = k_relu(x, cfg.get("negative_slope", 0.0), cfg.get("max_value"), cfg.get("threshold", 0.0))
        r = rand(rng, y.shape)
        tag = "_".join(f"{k}{v}" for k, v in cfg.items()) or "default"
        out.append(case("relu_" + tag, "ReLU", cfg, x, [], y, r, [], dy * r))
    for theta in [1.0, -0.5]:
        y = x * (x > theta)
        r = rand(rng, y.shape)
        cfg = {} if theta == 1.0 else {"theta": theta}
        out.append(case(f"thresholded_relu_{theta}", "ThresholdedReLU", cfg, x, [], y, r, [], (x > theta) * r))

    # PReLU: alpha has the input's shape without the batch axis, 1 on each shared axis.
    xi = away_from(rand(rng, (2, 3, 4, 2), -2, 2), [0.0])
    for shared in [None, [1, 2], [3]]:
        shape = list(xi.shape[1:])
        for a in shared or []:
            shape[a - 1] = 1
        alpha = rand(rng, shape, -0.5, 0.5)
        pos, neg = np.maximum(xi, 0), np.maximum(-xi, 0)
        y = pos - alpha * neg
        r = rand(rng, y.shape)
        g_alpha = -(neg * r).sum(axis=0)
        for a in shared or []:
            g_alpha = g_alpha.sum(axis=a - 1, keepdims=True)
        gx = np.where(xi > 0, 1.0, alpha) * r
        cfg = {} if shared is None else {"shared_axes": shared}
        out.append(case(f"prelu_shared{shared}", "PReLU", cfg, xi, [alpha], y, r, [g_alpha], gx))

    # Permute: dims counted from 1.
    xp = rand(rng, (2, 3, 4, 5))
    for dims in [[2, 1, 3], [3, 1, 2]]:
        y = np.transpose(xp, [0] + dims)
        r = rand(rng, y.shape)
        inv = np.argsort([0] + dims)
        out.append(case(f"permute_{dims}", "Permute", {"dims": dims}, xp, [], y, r, [], np.transpose(r, inv)))

    # Cropping1D / ZeroPadding1D on (batch, steps, features).
    xs = rand(rng, (2, 7, 3))
    for crop in [[1, 1], [2, 0], [0, 3]]:
        y = xs[:, crop[0]:xs.shape[1] - crop[1], :]
        r = rand(rng, y.shape)
        gx = np.zeros_like(xs)
        gx[:, crop[0]:xs.shape[1] - crop[1], :] = r
        out.append(case(f"cropping1d_{crop}", "Cropping1D", {"cropping": crop}, xs, [], y, r, [], gx))
    for pad in [[1, 1], [0, 2], [3, 1]]:
        y = np.pad(xs, ((0, 0), (pad[0], pad[1]), (0, 0)))
        r = rand(rng, y.shape)
        gx = r[:, pad[0]:pad[0] + xs.shape[1], :]
        out.append(case(f"zeropadding1d_{pad}", "ZeroPadding1D", {"padding": pad}, xs, [], y, r, [], gx))

    # Cropping2D, both layouts.
    xc = rand(rng, (2, 6, 7, 3))
    for crop, fmt in [([[1, 2], [0, 3]], "channels_last"), ([[2, 2], [1, 1]], "channels_last"),
                      ([[1, 0], [2, 1]], "channels_first")]:
        xin = xc if fmt == "channels_last" else np.transpose(xc, (0, 3, 1, 2))
        h, w = (1, 2) if fmt == "channels_last" else (2, 3)
        sl = [slice(None)] * 4
        sl[h] = slice(crop[0][0], xin.shape[h] - crop[0][1])
        sl[w] = slice(crop[1][0], xin.shape[w] - crop[1][1])
        y = xin[tuple(sl)]
        r = rand(rng, y.shape)
        gx = np.zeros_like(xin)
        gx[tuple(sl)] = r
        cfg = {"cropping": crop, "data_format": fmt}
        out.append(case(f"cropping2d_{crop}_{fmt}", "Cropping2D", cfg, xin, [], y, r, [], gx))

    # UpSampling1D: K.repeat_elements on axis 1.
    for size in [2, 3]:
        y = np.repeat(xs, size, axis=1)
        r = rand(rng, y.shape)
        gx = r.reshape(2, 7, size, 3).sum(axis=2)
        out.append(case(f"upsampling1d_{size}", "UpSampling1D", {"size": size}, xs, [], y, r, [], gx))

    # UpSampling2D: nearest = repeat rows and columns; bilinear = interpolation matrices per axis.
    xu = rand(rng, (2, 3, 4, 2))
    for size, interp, fmt in [([2, 2], "nearest", "channels_last"), ([2, 3], "nearest", "channels_first"),
                              ([2, 2], "bilinear", "channels_last"), ([3, 2], "bilinear", "channels_last"),
                              ([2, 3], "bilinear", "channels_first")]:
        xl = xu  # the values in channels_last; channels_first cases feed the transpose
        if interp == "nearest":
            mh = np.repeat(np.eye(xl.shape[1]), size[0], axis=0)
            mw = np.repeat(np.eye(xl.shape[2]), size[1], axis=0)
        else:
            mh = bilinear_matrix(xl.shape[1], xl.shape[1] * size[0])
            mw = bilinear_matrix(xl.shape[2], xl.shape[2] * size[1])
        y = np.einsum("ih,jw,nhwc->nijc", mh, mw, xl)
        r = rand(rng, y.shape)
        gx = np.einsum("ih,jw,nijc->nhwc", mh, mw, r)
        if torch is not None:
            tx = torch.tensor(xl.transpose(0, 3, 1, 2))
            ty = TF.interpolate(tx, size=(y.shape[1], y.shape[2]), mode="nearest" if interp == "nearest" else "bilinear",
                                **({} if interp == "nearest" else {"align_corners": False}))
            torch_check("upsampling2d", y.transpose(0, 3, 1, 2), ty)
        cfg = {"size": size, "interpolation": interp, "data_format": fmt}
        if fmt == "channels_first":
            xl, y, r, gx = [np.transpose(a, (0, 3, 1, 2)) for a in (xl, y, r, gx)]
        out.append(case(f"upsampling2d_{size}_{interp}_{fmt}", "UpSampling2D", cfg, xl, [], y, r, [], gx))
    return out


def bilinear_matrix(n_in, n_out):
    """Rows: output positions; TF's half-pixel bilinear weights (resize_bilinear_op.cc compute_interpolation_weights)."""
    scale = n_in / n_out
    m = np.zeros((n_out, n_in))
    for j in range(n_out):
        src = (j + 0.5) * scale - 0.5
        lo_f = math.floor(src)
        lower = max(lo_f, 0)
        upper = min(math.ceil(src), n_in - 1)
        lerp = src - lo_f
        m[j, lower] += 1 - lerp
        m[j, upper] += lerp
    return m


def alpha_dropout_constants():
    """keras@2.2.4:keras/layers/noise.py AlphaDropout: alpha_p = -alpha*scale; a, b."""
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    alpha_p = -alpha * scale
    rows = []
    for rate in [0.1, 0.25, 0.5]:
        a = ((1 - rate) * (1 + rate * alpha_p ** 2)) ** -0.5
        rows.append({"rate": rate, "alpha_p": alpha_p, "a": a, "b": -a * alpha_p * rate})
    return rows


if __name__ == "__main__":
    write_json("layers14_simple.json", {"cases": simple_cases(), "alpha_dropout": alpha_dropout_constants()})
