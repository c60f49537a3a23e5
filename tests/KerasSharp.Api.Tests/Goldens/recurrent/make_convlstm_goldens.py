"""Reference values for KerasSharp's ConvLSTM2D layer, and a Keras 2.2.4 HDF5 model file holding two of them.

Keras 2.2.4's formulas re-implemented in numpy, float64, on float32-representable inputs (no Keras, no TensorFlow):
  keras@2.2.4:keras/layers/convolutional_recurrent.py  ConvLSTM2DCell.call (gates i, f, c, o in the kernels' last-axis
      blocks; input_conv: the layer's strides, padding, dilation_rate, plus bias; recurrent_conv: 'same', stride 1,
      no dilation, no bias), ConvRNN2D.compute_output_shape / get_initial_state (zero states of the input
      convolution's output size), reset_states
  keras@2.2.4:keras/backend/tensorflow_backend.py  rnn (go_backwards reads the time axis from the end and returns the
      outputs in reading order; a masked step keeps the previous output and states), conv2d (TensorFlow's 'same'
      padding: total = max((ceil(n/s) - 1)·s + (k - 1)·d + 1 - n, 0), the odd pixel at the end), hard_sigmoid
  keras@2.2.4:keras/optimizers.py  SGD (w -= lr * g); the loss is mse
The convolution below is written out as a sum over kernel positions of strided slices; torch (only here, never in the
tests) checks it against torch.nn.functional.conv2d first. Gradients for the training step are central finite
differences of the float64 forward pass (step 1e-6).

Keras 2.2.4's K.rnn cannot apply a mask to 5D inputs at all; the masked case is the rule of the dense layers (and of
tf.keras's ConvLSTM2D) applied to a (batch, timesteps) mask.

Run from the repository root: /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/recurrent/make_convlstm_goldens.py
Writes convlstm.json and k224_convlstm.h5 beside this script; deterministic.
"""
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# The dense cells' script holds the shared pieces: float32 rounding, the JSON tensor form, Keras's activations, the
# config lookup and the finite-difference gradients.
from make_recurrent_goldens import ACT, T, cfg_get, f32, numeric_grads  # noqa: E402

rng = np.random.RandomState(20240721)
LR = 0.1


def rand(*shape, scale=0.5):
    return f32(rng.uniform(-scale, scale, size=shape))


def out_length(n, k, padding, s, d):
    k_eff = (k - 1) * d + 1
    return (n + s - 1) // s if padding == "same" else (n - k_eff + s) // s


def conv2d(x, w, strides=(1, 1), padding="valid", dilation=(1, 1)):
    """TensorFlow's conv2d (cross-correlation), NHWC: x (b, h, w, c), w (kh, kw, c, o)."""
    b, n_h, n_w, _ = x.shape
    kh, kw, _, o = w.shape
    (sh, sw), (dh, dw) = strides, dilation
    oh, ow = out_length(n_h, kh, padding, sh, dh), out_length(n_w, kw, padding, sw, dw)
    if padding == "same":
        pads = []
        for n, k, s, d, out in ((n_h, kh, sh, dh, oh), (n_w, kw, sw, dw, ow)):
            total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
    y = np.zeros((b, oh, ow, o))
    for a in range(kh):
        for c in range(kw):
            patch = x[:, a * dh: a * dh + sh * (oh - 1) + 1: sh, c * dw: c * dw + sw * (ow - 1) + 1: sw, :]
            y += patch @ w[a, c]
    return y


def self_check():
    import torch
    import torch.nn.functional as F
    for (h, w_, k, s, d, pad) in [(5, 6, (3, 2), (1, 1), (1, 1), "same"), (7, 5, (3, 3), (2, 2), (1, 1), "same"),
                                  (7, 7, (2, 3), (1, 1), (2, 2), "same"), (6, 5, (3, 2), (2, 1), (1, 1), "valid")]:
        x = rng.normal(size=(2, h, w_, 3))
        wt = rng.normal(size=k + (3, 4))
        ours = conv2d(x, wt, s, pad, d)
        xt = torch.tensor(x).permute(0, 3, 1, 2)
        if pad == "same":
            pads = []
            for n, kk, ss, dd in ((w_, k[1], s[1], d[1]), (h, k[0], s[0], d[0])):
                out = (n + ss - 1) // ss
                total = max((out - 1) * ss + (kk - 1) * dd + 1 - n, 0)
                pads += [total // 2, total - total // 2]
            xt = F.pad(xt, pads)
        ref = F.conv2d(xt, torch.tensor(wt).permute(3, 2, 0, 1), stride=s, dilation=d).permute(0, 2, 3, 1).numpy()
        assert ref.shape == ours.shape and np.allclose(ref, ours, atol=1e-10), (h, w_, k, s, d, pad)


def weight_shapes(cfg, channels):
    kh, kw = cfg["kernel_size"]
    f = cfg["filters"]
    shapes = [(kh, kw, channels, 4 * f), (kh, kw, f, 4 * f)]
    if cfg_get(cfg, "use_bias", True):
        shapes.append((4 * f,))
    return shapes


def step(cfg, w, x_t, states):
    """ConvLSTM2DCell.call on channels_last tensors."""
    f = cfg["filters"]
    act = ACT[cfg_get(cfg, "activation", "tanh")]
    rec = ACT[cfg_get(cfg, "recurrent_activation", "hard_sigmoid")]
    kernel, recurrent = w[0], w[1]
    bias = w[2] if len(w) > 2 else None
    strides = tuple(cfg_get(cfg, "strides", (1, 1)))
    padding = cfg_get(cfg, "padding", "valid")
    dilation = tuple(cfg_get(cfg, "dilation_rate", (1, 1)))
    h, c = states

    def gate(k):
        x_k = conv2d(x_t, kernel[..., k * f:(k + 1) * f], strides, padding, dilation)
        if bias is not None:
            x_k = x_k + bias[k * f:(k + 1) * f]
        return x_k + conv2d(h, recurrent[..., k * f:(k + 1) * f], (1, 1), "same")

    i = rec(gate(0))
    fg = rec(gate(1))
    c_new = fg * c + i * act(gate(2))
    o = rec(gate(3))
    return [o * act(c_new), c_new]


def state_shape(cfg, x):
    """(batch, rows', cols', filters) for a channels_last (batch, time, rows, cols, channels) input."""
    kh, kw = cfg["kernel_size"]
    s = cfg_get(cfg, "strides", (1, 1))
    d = cfg_get(cfg, "dilation_rate", (1, 1))
    p = cfg_get(cfg, "padding", "valid")
    return (x.shape[0], out_length(x.shape[2], kh, p, s[0], d[0]), out_length(x.shape[3], kw, p, s[1], d[1]), cfg["filters"])


def channels_first(cfg):
    return cfg_get(cfg, "data_format", "channels_last") == "channels_first"


def run(cfg, w, x, mask=None, initial=None):
    """ConvRNN2D.call with K.rnn: (the layer's outputs list, the last states), in the layer's data_format."""
    cf = channels_first(cfg)
    if cf:
        x = x.transpose(0, 1, 3, 4, 2)
        initial = None if initial is None else [s.transpose(0, 2, 3, 1) for s in initial]
    steps = x.shape[1]
    states = [s.copy() for s in initial] if initial is not None else [np.zeros(state_shape(cfg, x)) for _ in range(2)]
    outputs = []
    for k in range(steps):
        t = steps - 1 - k if cfg_get(cfg, "go_backwards", False) else k
        new = step(cfg, w, x[:, t], states)
        if mask is not None:
            keep = mask[:, t][:, None, None, None]
            new = [np.where(keep, n, s) for n, s in zip(new, states)]
        states = new
        outputs.append(states[0])
    output = np.stack(outputs, 1) if cfg_get(cfg, "return_sequences", False) else outputs[-1]
    result = [output] + states if cfg_get(cfg, "return_state", False) else [output]
    if cf:
        result = [r.transpose(0, 1, 4, 2, 3) if r.ndim == 5 else r.transpose(0, 3, 1, 2) for r in result]
        states = [s.transpose(0, 3, 1, 2) for s in states]
    return result, states


def mse(pred, target):
    return float(np.mean(np.mean((pred - target) ** 2, axis=-1)))


cases = []


def input_for(cfg, batch, steps, rows, cols, channels):
    shape = (batch, steps, channels, rows, cols) if channels_first(cfg) else (batch, steps, rows, cols, channels)
    return rand(*shape, scale=1.0)


def layer_case(name, cfg, batch=2, steps=3, rows=5, cols=4, channels=2, initial_state=False, train=False, mask=None):
    x = input_for(cfg, batch, steps, rows, cols, channels)
    w = [rand(*s) for s in weight_shapes(cfg, channels)]
    case = {"name": name, "layer": "ConvLSTM2D", "config": cfg, "input": T(x), "weights": [T(v) for v in w]}
    initial = None
    if initial_state:
        zero, _ = run(cfg, w, x)
        shape = zero[1].shape
        initial = [rand(*shape), rand(*shape)]
        case["initial_state"] = [T(s) for s in initial]
    if mask is not None:
        case["mask"] = T(mask.astype(np.float64))
    outputs, _ = run(cfg, w, x, mask=mask, initial=initial)
    case["outputs"] = [T(o) for o in outputs]
    if train:
        target = rand(*outputs[0].shape, scale=1.0)
        loss = lambda: mse(run(cfg, w, x, initial=initial)[0][0], target)
        case["train"] = {"target": T(target), "lr": LR, "loss": loss()}
        grads = numeric_grads(loss, w)
        case["train"]["weights_after"] = [T(v - LR * g) for v, g in zip(w, grads)]
    cases.append(case)


def stateful_case(name, cfg, batch=2, steps=3, rows=4, cols=4, channels=2):
    """Two batches through a stateful layer: the second starts from the first's last states."""
    x1, x2 = input_for(cfg, batch, steps, rows, cols, channels), input_for(cfg, batch, steps, rows, cols, channels)
    w = [rand(*s) for s in weight_shapes(cfg, channels)]
    out1, states = run(cfg, w, x1)
    out2, _ = run(cfg, w, x2, initial=states)
    cases.append({"name": name, "layer": "ConvLSTM2D", "config": cfg, "input": T(x1), "input2": T(x2),
                  "weights": [T(v) for v in w], "outputs": [T(o) for o in out1], "outputs2": [T(o) for o in out2]})


def write_model_file():
    """Sequential: ConvLSTM2D(4, (3, 3), 'same', return_sequences) -> ConvLSTM2D(2, (2, 2), strides 2), as 2.2.4's save_model writes it."""
    glorot = {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}}

    def config(name, filters, kernel, strides, padding, return_sequences, batch_input_shape=None):
        c = {"name": name, "trainable": True}
        if batch_input_shape is not None:
            c.update({"batch_input_shape": batch_input_shape, "dtype": "float32"})
        c.update({"return_sequences": return_sequences, "return_state": False, "go_backwards": False, "stateful": False,
                  "unroll": False, "filters": filters, "kernel_size": list(kernel), "strides": list(strides),
                  "padding": padding, "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "tanh",
                  "recurrent_activation": "hard_sigmoid", "use_bias": True, "kernel_initializer": glorot,
                  "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
                  "bias_initializer": {"class_name": "Zeros", "config": {}}, "unit_forget_bias": True,
                  "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
                  "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
                  "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0})
        return c

    c1 = config("conv_lst_m2d_1", 4, (3, 3), (1, 1), "same", True, [None, None, 6, 6, 1])
    c2 = config("conv_lst_m2d_2", 2, (2, 2), (2, 2), "valid", False)
    w1 = [rand(*s) for s in weight_shapes(c1, 1)]
    w2 = [rand(*s) for s in weight_shapes(c2, 4)]
    x = rand(2, 3, 6, 6, 1, scale=1.0)
    y = run(c2, w2, run(c1, w1, x)[0][0])[0][0]
    model_config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        {"class_name": "ConvLSTM2D", "config": c1}, {"class_name": "ConvLSTM2D", "config": c2}]}}
    with h5py.File(os.path.join(HERE, "k224_convlstm.h5"), "w") as f:
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = np.asarray([b"conv_lst_m2d_1", b"conv_lst_m2d_2"])
        mw.attrs["backend"] = b"tensorflow"
        mw.attrs["keras_version"] = b"2.2.4"
        for name, ws in (("conv_lst_m2d_1", w1), ("conv_lst_m2d_2", w2)):
            g = mw.create_group(name)
            names = [f"{name}/{n}:0" for n in ("kernel", "recurrent_kernel", "bias")]
            g.attrs["weight_names"] = np.asarray([n.encode("utf8") for n in names])
            for n, v in zip(names, ws):
                g.create_dataset(n, data=np.asarray(v, dtype=np.float32))
    return {"file": "recurrent/k224_convlstm.h5", "x": T(x), "predictions": T(y), "weights": [T(v) for v in w1 + w2]}


def main():
    self_check()
    base = dict(filters=3, kernel_size=[3, 3])
    layer_case("last", dict(base), train=True)
    layer_case("sequences_same", dict(base, kernel_size=[2, 3], padding="same", return_sequences=True), train=True)
    layer_case("backwards", dict(base, return_sequences=True, go_backwards=True))
    layer_case("strides2_valid", dict(base, strides=[2, 2], return_sequences=True), rows=7, cols=6, train=True)
    layer_case("channels_first", dict(base, kernel_size=[3, 2], padding="same", data_format="channels_first",
                                      return_sequences=True), train=True)
    layer_case("dilation2_same", dict(base, padding="same", dilation_rate=[2, 2]), rows=6, cols=6)
    layer_case("state_initial", dict(base, padding="same", return_state=True), initial_state=True)
    layer_case("channels_first_state", dict(base, data_format="channels_first", return_state=True,
                                            return_sequences=True), initial_state=True)
    layer_case("sigmoid_nobias", dict(base, recurrent_activation="sigmoid", activation="relu", use_bias=False,
                                      return_sequences=True))
    layer_case("masked", dict(base, padding="same", return_sequences=True), steps=4,
               mask=np.array([[True, False, True, True], [False, True, True, False]]))
    stateful_case("stateful", dict(base, padding="same", stateful=True, return_sequences=True))
    files = write_model_file()

    with open(os.path.join(HERE, "convlstm.json"), "w") as f:
        json.dump({"cases": cases, "file": files}, f, indent=None, separators=(",", ":"))
    print(f"wrote {len(cases)} cases and k224_convlstm.h5")


if __name__ == "__main__":
    main()
