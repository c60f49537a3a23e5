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

# ---------------------------------------------------------------------------------------------------------------
# convolutions: forward loops over output and kernel positions, each returning its backward function
# ---------------------------------------------------------------------------------------------------------------

def same_pad(n, k, s, d=1):
    """TensorFlow's 'same': total = max((ceil(n/s) - 1)*s + k_eff - n, 0), the odd cell after."""
    k_eff = (k - 1) * d + 1
    out = -(-n // s)
    total = max((out - 1) * s + k_eff - n, 0)
    return total // 2, total - total // 2


def conv_out(n, k, padding, s, d=1):
    """keras@2.2.4 conv_utils.conv_output_length."""
    k_eff = (k - 1) * d + 1
    length = n if padding == "same" else n - k_eff + 1
    return (length + s - 1) // s


def pad_input(x, ks, strides, padding, dilation):
    """x: (N, spatial..., C) → the zero-padded input and the per-axis (before, after)."""
    pads = [same_pad(n, k, s, d) if padding == "same" else (0, 0)
            for n, k, s, d in zip(x.shape[1:-1], ks, strides, dilation)]
    return np.pad(x, [(0, 0)] + pads + [(0, 0)]), pads


def unpad(g, pads):
    sl = [slice(None)] + [slice(b, g.shape[i + 1] - a) for i, (b, a) in enumerate(pads)] + [slice(None)]
    return g[tuple(sl)]


def positions(out_shape, ks):
    import itertools
    return itertools.product(itertools.product(*[range(o) for o in out_shape]), itertools.product(*[range(k) for k in ks]))


def conv(x, w, strides, padding, dilation):
    """Cross-correlation, channels_last; w (k..., in, out). Returns y and back(r) -> (gx, gw)."""
    rank = w.ndim - 2
    ks = w.shape[:rank]
    xp, pads = pad_input(x, ks, strides, padding, dilation)
    out = [conv_out(n, k, padding, s, d) for n, k, s, d in zip(x.shape[1:-1], ks, strides, dilation)]
    y = np.zeros([x.shape[0]] + out + [w.shape[-1]])
    idx = lambda o, kk: tuple(oi * s + ki * d for oi, ki, s, d in zip(o, kk, strides, dilation))
    for o, kk in positions(out, ks):
        y[(slice(None),) + o] += xp[(slice(None),) + idx(o, kk)] @ w[kk]

    def back(r):
        gxp, gw = np.zeros_like(xp), np.zeros_like(w)
        for o, kk in positions(out, ks):
            i = (slice(None),) + idx(o, kk)
            gw[kk] += xp[i].T @ r[(slice(None),) + o]
            gxp[i] += r[(slice(None),) + o] @ w[kk].T
        return unpad(gxp, pads), gw
    return y, back


def depthwise(x, w, strides, padding, dilation):
    """tf.nn.depthwise_conv2d, channels_last; w (k..., in, mult); output channel c*mult + m."""
    rank = w.ndim - 2
    ks, (cin, mult) = w.shape[:rank], w.shape[rank:]
    xp, pads = pad_input(x, ks, strides, padding, dilation)
    out = [conv_out(n, k, padding, s, d) for n, k, s, d in zip(x.shape[1:-1], ks, strides, dilation)]
    n = x.shape[0]
    y = np.zeros([n] + out + [cin * mult])
    idx = lambda o, kk: tuple(oi * s + ki * d for oi, ki, s, d in zip(o, kk, strides, dilation))
    for o, kk in positions(out, ks):
        y[(slice(None),) + o] += (xp[(slice(None),) + idx(o, kk)][:, :, None] * w[kk][None]).reshape(n, cin * mult)

    def back(r):
        gxp, gw = np.zeros_like(xp), np.zeros_like(w)
        for o, kk in positions(out, ks):
            i = (slice(None),) + idx(o, kk)
            ro = r[(slice(None),) + o].reshape(n, cin, mult)
            gw[kk] += np.einsum("nc,ncm->cm", xp[i], ro)
            gxp[i] += np.einsum("ncm,cm->nc", ro, w[kk])
        return unpad(gxp, pads), gw
    return y, back


def deconv_length(n, s, k, padding, output_padding, d=1):
    """keras@2.2.4:keras/utils/conv_utils.py deconv_length."""
    k = k + (k - 1) * (d - 1)
    if output_padding is None:
        return n * s + max(k - s, 0) if padding == "valid" else n * s
    pad = k // 2 if padding == "same" else 0
    return (n - 1) * s + k - 2 * pad + output_padding


def conv2d_transpose(x, w, strides, padding, output_padding, dilation):
    """tf.nn.conv2d_transpose, channels_last; w (kh, kw, filters, in): the adjoint of the conv2d whose input has the
    output size: y[o*s + k*d - before] += x[o] . w[k] (positions outside the output dropped, unreached ones 0)."""
    ks = w.shape[:2]
    ops = output_padding or (None, None)
    out = [deconv_length(n, s, k, padding, op, d) for n, s, k, op, d in zip(x.shape[1:3], strides, ks, ops, dilation)]
    for n, o, k, s, d in zip(x.shape[1:3], out, ks, strides, dilation):
        assert conv_out(o, k, padding, s, d) == n, "TensorFlow would refuse this output size"
    before = [same_pad(o, k, s, d)[0] if padding == "same" else 0 for o, k, s, d in zip(out, ks, strides, dilation)]
    y = np.zeros([x.shape[0]] + out + [w.shape[2]])
    hits = []
    for o, kk in positions(x.shape[1:3], ks):
        j = tuple(oi * s + ki * d - b for oi, ki, s, d, b in zip(o, kk, strides, dilation, before))
        if all(0 <= jj < n for jj, n in zip(j, out)):
            hits.append((o, kk, j))
            y[(slice(None),) + j] += x[(slice(None),) + o] @ w[kk].T

    def back(r):
        gx, gw = np.zeros_like(x), np.zeros_like(w)
        for o, kk, j in hits:
            rj = r[(slice(None),) + j]
            gx[(slice(None),) + o] += rj @ w[kk]
            gw[kk] += rj.T @ x[(slice(None),) + o]
        return gx, gw
    return y, back


def to_cf(a):
    return np.moveaxis(a, -1, 1)


def conv_cases():
    rng = np.random.RandomState(1414)
    out = []

    def finish(name, layer, cfg, x, weights, y, r, gw, gx):
        if cfg.get("data_format") == "channels_first":
            x, y, r, gx = to_cf(x), to_cf(y), to_cf(r), to_cf(gx)
        out.append(case(name, layer, cfg, x, weights, y, r, gw, gx))

    x = rand(rng, (2, 3, 4, 2))
    for ks, s, pad, op, d, bias, fmt in [
            ((3, 3), (1, 1), "valid", None, (1, 1), True, "channels_last"),
            ((3, 3), (2, 2), "valid", None, (1, 1), True, "channels_last"),
            ((3, 3), (1, 1), "same", None, (1, 1), True, "channels_last"),
            ((3, 3), (2, 2), "same", None, (1, 1), True, "channels_last"),
            ((3, 3), (2, 2), "same", (1, 1), (1, 1), True, "channels_last"),
            ((3, 3), (2, 2), "valid", (1, 0), (1, 1), True, "channels_last"),
            ((2, 3), (2, 2), "same", None, (1, 1), True, "channels_last"),
            ((4, 4), (2, 2), "same", None, (1, 1), False, "channels_last"),
            ((3, 2), (3, 2), "valid", None, (1, 1), True, "channels_last"),
            ((3, 3), (2, 1), "same", (1, 0), (1, 1), True, "channels_first"),
            ((3, 3), (1, 1), "valid", None, (2, 2), True, "channels_last"),
            ((2, 2), (1, 1), "same", None, (2, 2), True, "channels_last")]:
        w = rand(rng, ks + (3, 2))
        b = rand(rng, (3,))
        y, back = conv2d_transpose(x, w, s, pad, op, d)
        if bias:
            y = y + b
        r = rand(rng, y.shape)
        gx, gw = back(r)
        weights, grads = ([w, b], [gw, r.sum(axis=(0, 1, 2))]) if bias else ([w], [gw])
        if torch is not None:
            full = TF.conv_transpose2d(torch.tensor(to_cf(x)), torch.tensor(w.transpose(3, 2, 0, 1)), stride=s, dilation=d)
            before = [same_pad(o, k, ss, dd)[0] if pad == "same" else 0 for o, k, ss, dd in zip(y.shape[1:3], ks, s, d)]
            crop = TF.pad(full, (-before[1], y.shape[2] - (full.shape[3] - before[1]), -before[0], y.shape[1] - (full.shape[2] - before[0])))
            torch_check("conv2d_transpose", to_cf(y - (b if bias else 0)), crop)
            tx, tw = torch.tensor(to_cf(x), requires_grad=True), torch.tensor(w.transpose(3, 2, 0, 1), requires_grad=True)
            full = TF.conv_transpose2d(tx, tw, stride=s, dilation=d)
            crop = TF.pad(full, (-before[1], y.shape[2] - (full.shape[3] - before[1]), -before[0], y.shape[1] - (full.shape[2] - before[0])))
            (crop * torch.tensor(to_cf(r))).sum().backward()
            torch_check("conv2d_transpose grad x", to_cf(gx), tx.grad)
            torch_check("conv2d_transpose grad w", gw.transpose(3, 2, 0, 1), tw.grad)
        cfg = {"filters": 3, "kernel_size": list(ks), "strides": list(s), "padding": pad, "data_format": fmt,
               "dilation_rate": list(d), "use_bias": bias}
        if op is not None:
            cfg["output_padding"] = list(op)
        finish(f"conv2d_transpose_k{ks}_s{s}_{pad}_op{op}_d{d}_{fmt}", "Conv2DTranspose", cfg,
               x if fmt == "channels_last" else x, weights, y, r, grads, gx)

    xd = rand(rng, (2, 5, 6, 3))
    for ks, s, pad, mult, d, bias, fmt in [
            ((3, 3), (1, 1), "valid", 1, (1, 1), True, "channels_last"),
            ((3, 3), (2, 2), "same", 2, (1, 1), True, "channels_last"),
            ((3, 3), (1, 1), "valid", 2, (1, 1), True, "channels_first"),
            ((2, 3), (1, 1), "same", 1, (2, 2), True, "channels_last"),
            ((3, 2), (2, 1), "same", 3, (1, 1), False, "channels_last")]:
        w = rand(rng, ks + (3, mult))
        b = rand(rng, (3 * mult,))
        y, back = depthwise(xd, w, s, pad, d)
        if bias:
            y = y + b
        r = rand(rng, y.shape)
        gx, gw = back(r)
        if torch is not None:
            xp, _ = pad_input(xd, ks, s, pad, d)
            tw = torch.tensor(w.reshape(ks + (3 * mult,)).transpose(2, 0, 1)[:, None])
            ty = TF.conv2d(torch.tensor(to_cf(xp)), tw, stride=s, dilation=d, groups=3)
            torch_check("depthwise", to_cf(y - (b if bias else 0)), ty)
            tx = torch.tensor(to_cf(xd), requires_grad=True)
            tw = torch.tensor(w, requires_grad=True)
            pads = [p for pp in reversed(pad_input(xd, ks, s, pad, d)[1]) for p in pp]
            ty = TF.conv2d(TF.pad(tx, pads), tw.reshape(ks + (3 * mult,)).permute(2, 0, 1)[:, None], stride=s, dilation=d, groups=3)
            (ty * torch.tensor(to_cf(r))).sum().backward()
            torch_check("depthwise grad x", to_cf(gx), tx.grad)
            torch_check("depthwise grad w", gw, tw.grad)
        weights, grads = ([w, b], [gw, r.sum(axis=(0, 1, 2))]) if bias else ([w], [gw])
        cfg = {"kernel_size": list(ks), "strides": list(s), "padding": pad, "depth_multiplier": mult,
               "data_format": fmt, "dilation_rate": list(d), "use_bias": bias}
        finish(f"depthwise_conv2d_k{ks}_s{s}_{pad}_m{mult}_d{d}_{fmt}", "DepthwiseConv2D", cfg, xd, weights, y, r, grads, gx)

    for layer, xs, ks, s, pad, mult, d, fmt in [
            ("SeparableConv2D", (2, 5, 6, 3), (3, 3), (1, 1), "same", 1, (1, 1), "channels_last"),
            ("SeparableConv2D", (2, 5, 6, 3), (3, 3), (2, 2), "valid", 2, (1, 1), "channels_last"),
            ("SeparableConv2D", (2, 5, 6, 3), (2, 3), (1, 1), "same", 2, (1, 2), "channels_first"),
            ("SeparableConv1D", (2, 9, 3), (3,), (2,), "same", 2, (1,), "channels_last"),
            ("SeparableConv1D", (2, 9, 3), (3,), (1,), "valid", 1, (2,), "channels_last")]:
        xin = rand(rng, xs)
        rank = len(ks)
        dw = rand(rng, ks + (3, mult))
        pw = rand(rng, (1,) * rank + (3 * mult, 4))
        b = rand(rng, (4,))
        z, back_dw = depthwise(xin, dw, s, pad, d)
        y, back_pw = conv(z, pw, (1,) * rank, "valid", (1,) * rank)
        y = y + b
        r = rand(rng, y.shape)
        gz, gpw = back_pw(r)
        gx, gdw = back_dw(gz)
        gb = r.sum(axis=tuple(range(rank + 1)))
        cfg = {"filters": 4, "kernel_size": list(ks), "strides": list(s), "padding": pad, "depth_multiplier": mult,
               "data_format": fmt, "dilation_rate": list(d)}
        finish(f"{layer.lower()}_k{ks}_s{s}_{pad}_m{mult}_d{d}_{fmt}", layer, cfg, xin, [dw, pw, b], y, r, [gdw, gpw, gb], gx)
    return out


def pool(x, ks, strides, padding, kind):
    """tf.nn.max_pool3d / avg_pool3d, channels_last: padded cells are never the max and not counted in the average."""
    spatial = x.shape[1:-1]
    before = [same_pad(n, k, s)[0] if padding == "same" else 0 for n, k, s in zip(spatial, ks, strides)]
    out = [conv_out(n, k, padding, s) for n, k, s in zip(spatial, ks, strides)]
    y = np.zeros([x.shape[0]] + out + [x.shape[-1]])
    windows = {}
    import itertools
    for o in itertools.product(*[range(v) for v in out]):
        cells = [c for c in itertools.product(*[range(oi * s - b, oi * s - b + k) for oi, s, b, k in zip(o, strides, before, ks)])
                 if all(0 <= ci < n for ci, n in zip(c, spatial))]
        vals = np.stack([x[(slice(None),) + c] for c in cells])  # (cells, N, C)
        if kind == "max":
            arg = vals.argmax(axis=0)
            y[(slice(None),) + o] = vals.max(axis=0)
            windows[o] = (cells, arg)
        else:
            y[(slice(None),) + o] = vals.mean(axis=0)
            windows[o] = (cells, None)

    def back(r):
        gx = np.zeros_like(x)
        for o, (cells, arg) in windows.items():
            ro = r[(slice(None),) + o]
            if kind == "max":
                for j, c in enumerate(cells):
                    gx[(slice(None),) + c] += ro * (arg == j)
            else:
                for c in cells:
                    gx[(slice(None),) + c] += ro / len(cells)
        return gx
    return y, back


def cases_3d():
    rng = np.random.RandomState(3003)
    out = []

    def finish(name, layer, cfg, x, weights, y, r, gw, gx):
        if cfg.get("data_format") == "channels_first":
            x, y, r, gx = to_cf(x), to_cf(y), to_cf(r), to_cf(gx)
        out.append(case(name, layer, cfg, x, weights, y, r, gw, gx))

    x = rand(rng, (2, 4, 5, 4, 2))
    for ks, s, pad, d, bias, fmt in [
            ((2, 3, 2), (1, 1, 1), "valid", (1, 1, 1), True, "channels_last"),
            ((3, 3, 3), (2, 2, 2), "same", (1, 1, 1), True, "channels_last"),
            ((2, 2, 2), (1, 1, 1), "valid", (2, 1, 2), True, "channels_last"),
            ((2, 3, 2), (2, 1, 2), "same", (1, 1, 1), False, "channels_first")]:
        w = rand(rng, ks + (2, 3))
        b = rand(rng, (3,))
        y, back = conv(x, w, s, pad, d)
        if bias:
            y = y + b
        r = rand(rng, y.shape)
        gx, gw = back(r)
        if torch is not None:
            xp, _ = pad_input(x, ks, s, pad, d)
            ty = TF.conv3d(torch.tensor(to_cf(xp)), torch.tensor(w.transpose(4, 3, 0, 1, 2)), stride=s, dilation=d)
            torch_check("conv3d", to_cf(y - (b if bias else 0)), ty)
        weights, grads = ([w, b], [gw, r.sum(axis=(0, 1, 2, 3))]) if bias else ([w], [gw])
        cfg = {"filters": 3, "kernel_size": list(ks), "strides": list(s), "padding": pad, "data_format": fmt,
               "dilation_rate": list(d), "use_bias": bias}
        finish(f"conv3d_k{ks}_s{s}_{pad}_d{d}_{fmt}", "Conv3D", cfg, x, weights, y, r, grads, gx)

    xp3 = rand(rng, (2, 5, 4, 5, 3))
    for layer, kind in [("MaxPooling3D", "max"), ("AveragePooling3D", "avg")]:
        for ks, s, pad, fmt in [((2, 2, 2), None, "valid", "channels_last"),
                                ((3, 2, 3), (2, 1, 2), "same", "channels_last"),
                                ((2, 3, 2), (1, 2, 2), "same", "channels_first")]:
            y, back = pool(xp3, ks, s or ks, pad, kind)
            r = rand(rng, y.shape)
            gx = back(r)
            if torch is not None and pad == "valid":
                op = TF.max_pool3d if kind == "max" else TF.avg_pool3d
                torch_check("pool3d", to_cf(y), op(torch.tensor(to_cf(xp3)), ks, s or ks))
            cfg = {"pool_size": list(ks), "padding": pad, "data_format": fmt}
            if s is not None:
                cfg["strides"] = list(s)
            finish(f"{layer.lower()}_p{ks}_s{s}_{pad}_{fmt}", layer, cfg, xp3, [], y, r, [], gx)
    return out


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
    write_json("layers14_conv.json", {"cases": conv_cases()})
    write_json("layers14_3d.json", {"cases": cases_3d()})
