"""Reference values for KerasSharp's Embedding, SimpleRNN, LSTM and GRU layers.

Keras 2.2.4's formulas re-implemented in numpy, float64, on float32-representable inputs (no Keras, no TensorFlow):
  keras@2.2.4:keras/layers/recurrent.py  SimpleRNNCell.call, LSTMCell.call, GRUCell.call (implementation=1, both
      reset_after modes), RNN.call / compute_mask / reset_states
  keras@2.2.4:keras/backend/tensorflow_backend.py  rnn (non-unrolled: a masked step keeps the previous output,
      states[0], and the previous states; go_backwards reads the time axis from the end and returns the outputs in
      reading order), hard_sigmoid = clip(0.2 x + 0.5, 0, 1)
  keras@2.2.4:keras/layers/embeddings.py  Embedding.call (gather), compute_mask (inputs != 0)
  keras@2.2.4:keras/engine/training_utils.py  weighted_masked_objective (score * mask / mean(mask), then the mean)
  keras@2.2.4:keras/optimizers.py  SGD (w -= lr * g)
Gradients for the training step are central finite differences of the float64 forward pass (step 1e-6).

Run from the repository root: /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/recurrent/make_recurrent_goldens.py
Writes recurrent.json beside this script; deterministic.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(20240613)
LR = 0.1


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rand(*shape, scale=0.5):
    return f32(rng.uniform(-scale, scale, size=shape))


def T(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.ravel()]}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


ACT = {"tanh": np.tanh, "sigmoid": sigmoid, "hard_sigmoid": hard_sigmoid, "linear": lambda x: x,
       "relu": lambda x: np.maximum(x, 0.0)}

GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def cfg_get(cfg, key, default):
    return cfg[key] if key in cfg else default


def weight_shapes(layer, cfg, input_dim):
    u = cfg["units"]
    g = GATES[layer]
    shapes = [(input_dim, g * u), (u, g * u)]
    if cfg_get(cfg, "use_bias", True):
        if layer == "GRU" and cfg_get(cfg, "reset_after", False):
            shapes.append((2, 3 * u))
        else:
            shapes.append((g * u,))
    return shapes


def step(layer, cfg, w, x_t, states):
    u = cfg["units"]
    act = ACT[cfg_get(cfg, "activation", "tanh")]
    rec = ACT[cfg_get(cfg, "recurrent_activation", "hard_sigmoid")]
    kernel, recurrent = w[0], w[1]
    bias = w[2] if len(w) > 2 else None
    h = states[0]
    if layer == "SimpleRNN":
        z = x_t @ kernel + h @ recurrent
        if bias is not None:
            z = z + bias
        return [act(z)]
    if layer == "LSTM":
        c = states[1]
        blocks = [x_t @ kernel[:, k * u:(k + 1) * u] + (bias[k * u:(k + 1) * u] if bias is not None else 0.0)
                  for k in range(4)]
        i = rec(blocks[0] + h @ recurrent[:, :u])
        f = rec(blocks[1] + h @ recurrent[:, u:2 * u])
        c_new = f * c + i * act(blocks[2] + h @ recurrent[:, 2 * u:3 * u])
        o = rec(blocks[3] + h @ recurrent[:, 3 * u:])
        return [o * act(c_new), c_new]
    # GRU
    reset_after = cfg_get(cfg, "reset_after", False)
    if bias is None:
        input_bias, recurrent_bias = np.zeros(3 * u), None
    elif reset_after:
        input_bias, recurrent_bias = bias[0], bias[1]
    else:
        input_bias, recurrent_bias = bias, None
    x_z = x_t @ kernel[:, :u] + input_bias[:u]
    x_r = x_t @ kernel[:, u:2 * u] + input_bias[u:2 * u]
    x_h = x_t @ kernel[:, 2 * u:] + input_bias[2 * u:]
    rec_z = h @ recurrent[:, :u]
    rec_r = h @ recurrent[:, u:2 * u]
    if reset_after and recurrent_bias is not None:
        rec_z = rec_z + recurrent_bias[:u]
        rec_r = rec_r + recurrent_bias[u:2 * u]
    z = rec(x_z + rec_z)
    r = rec(x_r + rec_r)
    if reset_after:
        rec_h = h @ recurrent[:, 2 * u:]
        if recurrent_bias is not None:
            rec_h = rec_h + recurrent_bias[2 * u:]
        rec_h = r * rec_h
    else:
        rec_h = (r * h) @ recurrent[:, 2 * u:]
    hh = act(x_h + rec_h)
    return [z * h + (1 - z) * hh]


def run_rnn(layer, cfg, w, x, mask=None, initial=None):
    """K.rnn as RNN.call uses it: returns (the layer's outputs list, the last states)."""
    b, steps, _ = x.shape
    u = cfg["units"]
    n_states = 2 if layer == "LSTM" else 1
    states = [s.copy() for s in initial] if initial is not None else [np.zeros((b, u)) for _ in range(n_states)]
    outputs = []
    for k in range(steps):
        t = steps - 1 - k if cfg_get(cfg, "go_backwards", False) else k
        new = step(layer, cfg, w, x[:, t], states)
        if mask is not None:
            keep = mask[:, t][:, None]
            new = [np.where(keep, n, s) for n, s in zip(new, states)]
        states = new
        outputs.append(states[0])
    output = np.stack(outputs, 1) if cfg_get(cfg, "return_sequences", False) else outputs[-1]
    result = [output] + states if cfg_get(cfg, "return_state", False) else [output]
    return result, states


def numeric_grads(loss_fn, params):
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + 1e-6
            up = loss_fn()
            p[idx] = old - 1e-6
            down = loss_fn()
            p[idx] = old
            g[idx] = (up - down) / 2e-6
        grads.append(g)
    return grads


def mse_masked(pred, target, mask=None):
    score = np.mean((pred - target) ** 2, axis=-1)
    if mask is not None:
        m = mask.astype(np.float64)
        score = score * m / np.mean(m)
    return float(np.mean(score))


cases = []


def layer_case(name, layer, cfg, batch=2, steps=5, input_dim=3, initial_state=False, train=True):
    x = rand(batch, steps, input_dim, scale=1.0)
    w = [rand(*s) for s in weight_shapes(layer, cfg, input_dim)]
    case = {"name": name, "layer": layer, "config": cfg, "input": T(x), "weights": [T(v) for v in w]}
    initial = None
    if initial_state:
        initial = [rand(batch, cfg["units"]) for _ in range(2 if layer == "LSTM" else 1)]
        case["initial_state"] = [T(s) for s in initial]
    outputs, _ = run_rnn(layer, cfg, w, x, initial=initial)
    case["outputs"] = [T(o) for o in outputs]
    if train:
        target = rand(*outputs[0].shape, scale=1.0)
        loss = lambda: mse_masked(run_rnn(layer, cfg, w, x, initial=initial)[0][0], target)
        case["train"] = {"target": T(target), "lr": LR, "loss": loss()}
        grads = numeric_grads(loss, w)
        case["train"]["weights_after"] = [T(v - LR * g) for v, g in zip(w, grads)]
    cases.append(case)


def masked_case(name, layer, cfg, train=False, dense_units=2):
    """Embedding(mask_zero=True) -> layer [-> Dense]: zeros in the indices mask their steps (leading, inner, trailing)."""
    vocab, dim = 6, 3
    idx = np.array([[0, 0, 2, 5, 1], [3, 1, 0, 4, 0], [2, 2, 2, 2, 2]])
    emb = rand(vocab, dim, scale=1.0)
    w = [rand(*s) for s in weight_shapes(layer, cfg, dim)]
    mask = idx != 0
    case = {"name": name, "layer": layer, "config": cfg, "indices": T(idx), "embedding": {"input_dim": vocab, "output_dim": dim, "weights": T(emb)},
            "weights": [T(v) for v in w]}
    outputs, _ = run_rnn(layer, cfg, w, emb[idx], mask=mask)
    case["outputs"] = [T(o) for o in outputs]
    if train:
        # Embedding -> layer(return_sequences) -> Dense(dense_units); the loss is masked by the layer's output mask.
        dk, db = rand(cfg["units"], dense_units), rand(dense_units)
        target = rand(idx.shape[0], idx.shape[1], dense_units, scale=1.0)

        def loss():
            seq = run_rnn(layer, cfg, w, emb[idx], mask=mask)[0][0]
            return mse_masked(seq @ dk + db, target, mask)

        params = [emb] + w + [dk, db]
        case["dense"] = {"units": dense_units, "weights": [T(dk), T(db)]}
        case["train"] = {"target": T(target), "lr": LR, "loss": loss()}
        grads = numeric_grads(loss, params)
        case["train"]["weights_after"] = [T(v - LR * g) for v, g in zip(params, grads)]
    cases.append(case)


def stateful_case(name, layer, cfg, batch=2, steps=4, input_dim=3):
    """Two batches through a stateful layer: the second starts from the first's last states."""
    x1, x2 = rand(batch, steps, input_dim, scale=1.0), rand(batch, steps, input_dim, scale=1.0)
    w = [rand(*s) for s in weight_shapes(layer, cfg, input_dim)]
    out1, states = run_rnn(layer, cfg, w, x1)
    out2, _ = run_rnn(layer, cfg, w, x2, initial=states)
    cases.append({"name": name, "layer": layer, "config": cfg, "input": T(x1), "input2": T(x2), "weights": [T(v) for v in w],
                  "outputs": [T(o) for o in out1], "outputs2": [T(o) for o in out2]})


def main():
    VARIANTS = [
        ("SimpleRNN", "SimpleRNN", {}),
        ("LSTM", "LSTM", {}),
        ("GRU", "GRU", {}),
        ("GRU_reset_after", "GRU", {"reset_after": True}),
    ]

    for prefix, layer, extra in VARIANTS:
        base = dict(units=4, **extra)
        layer_case(f"{prefix}_last", layer, dict(base))
        layer_case(f"{prefix}_sequences", layer, dict(base, return_sequences=True))
        layer_case(f"{prefix}_state", layer, dict(base, return_state=True))
        layer_case(f"{prefix}_backwards", layer, dict(base, return_sequences=True, go_backwards=True))
        layer_case(f"{prefix}_nobias", layer, dict(base, use_bias=False), train=False)
        layer_case(f"{prefix}_initial_state", layer, dict(base, return_state=True, return_sequences=True), initial_state=True)
        if layer != "SimpleRNN":
            layer_case(f"{prefix}_sigmoid", layer, dict(base, recurrent_activation="sigmoid", return_sequences=True))
        masked_case(f"{prefix}_masked_sequences", layer, dict(base, return_sequences=True))
        masked_case(f"{prefix}_masked_last", layer, dict(base))
        masked_case(f"{prefix}_masked_backwards", layer, dict(base, go_backwards=True, return_state=True))
        stateful_case(f"{prefix}_stateful", layer, dict(base, stateful=True, return_sequences=True))

    masked_case("LSTM_masked_training", "LSTM", dict(units=4, return_sequences=True), train=True)
    masked_case("GRU_reset_after_masked_training", "GRU", dict(units=4, return_sequences=True, reset_after=True, recurrent_activation="sigmoid"), train=True)
    layer_case("SimpleRNN_relu", "SimpleRNN", dict(units=4, activation="relu", return_sequences=True))

    with open(os.path.join(HERE, "recurrent.json"), "w") as f:
        json.dump(cases, f, indent=None, separators=(",", ":"))
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
