"""Reference values for KerasSharp's Bidirectional wrapper.

Keras 2.2.4's keras/layers/wrappers.py Bidirectional.call re-implemented in numpy on the recurrent cells of
../recurrent/make_recurrent_goldens.py (same formulas, float64, float32-representable inputs): the forward layer
reads the sequence as given, the backward one is the same config with go_backwards flipped; with return_sequences
the backward outputs are reversed in time (K.reverse(y_rev, 1)); then merge_mode concat (last axis), sum, mul, ave or
None (the two outputs as a list); with return_state the forward states, then the backward states, follow. Weights are
the forward layer's, then the backward layer's. A mask (Embedding mask_zero) reaches both directions. The training
step is SGD (lr 0.1) on a mean squared error, gradients by central finite differences.

Run from the repository root:
/usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/wrappers/make_bidirectional_goldens.py
Writes bidirectional.json beside this script; deterministic.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "recurrent"))
import make_recurrent_goldens as r  # noqa: E402  (its main() is not run on import)

rng = np.random.RandomState(424242)
r.rng = rng
LR = 0.1


def bidirectional(layer, cfg, w_fwd, w_bwd, merge_mode, x, mask=None, initial=None):
    n_states = 2 if layer == "LSTM" else 1
    fwd_init = initial[:n_states] if initial else None
    bwd_init = initial[n_states:] if initial else None
    y, fwd_states = r.run_rnn(layer, cfg, w_fwd, x, mask=mask, initial=fwd_init)
    y_rev, bwd_states = r.run_rnn(layer, dict(cfg, go_backwards=not cfg.get("go_backwards", False)), w_bwd, x, mask=mask, initial=bwd_init)
    y, y_rev = y[0], y_rev[0]
    if cfg.get("return_sequences", False):
        y_rev = y_rev[:, ::-1]
    if merge_mode == "concat":
        out = [np.concatenate([y, y_rev], -1)]
    elif merge_mode == "sum":
        out = [y + y_rev]
    elif merge_mode == "ave":
        out = [(y + y_rev) / 2]
    elif merge_mode == "mul":
        out = [y * y_rev]
    else:
        out = [y, y_rev]
    if cfg.get("return_state", False):
        out = out + fwd_states + bwd_states
    return out


cases = []


def case(name, layer, cfg, merge_mode, masked=False, initial_state=False, train=False, batch=2, steps=5, input_dim=3):
    entry = {"name": name, "layer": layer, "config": cfg, "merge_mode": merge_mode}
    mask = None
    if masked:
        vocab = 6
        idx = np.array([[0, 0, 2, 5, 1], [3, 1, 0, 4, 0]])
        emb = r.rand(vocab, input_dim, scale=1.0)
        x = emb[idx]
        mask = idx != 0
        entry["indices"] = r.T(idx)
        entry["embedding"] = {"input_dim": vocab, "output_dim": input_dim, "weights": r.T(emb)}
    else:
        x = r.rand(batch, steps, input_dim, scale=1.0)
        entry["input"] = r.T(x)
    w_fwd = [r.rand(*s) for s in r.weight_shapes(layer, cfg, input_dim)]
    w_bwd = [r.rand(*s) for s in r.weight_shapes(layer, cfg, input_dim)]
    entry["weights"] = [r.T(v) for v in w_fwd + w_bwd]
    initial = None
    if initial_state:
        initial = [r.rand(batch, cfg["units"]) for _ in range(2 * (2 if layer == "LSTM" else 1))]
        entry["initial_state"] = [r.T(s) for s in initial]
    outputs = bidirectional(layer, cfg, w_fwd, w_bwd, merge_mode, x, mask=mask, initial=initial)
    entry["outputs"] = [r.T(o) for o in outputs]
    if train:
        target = r.rand(*outputs[0].shape, scale=1.0)
        out_mask = mask if cfg.get("return_sequences", False) else None

        def loss():
            return r.mse_masked(bidirectional(layer, cfg, w_fwd, w_bwd, merge_mode, x, mask=mask, initial=initial)[0], target, out_mask)

        params = w_fwd + w_bwd
        entry["train"] = {"target": r.T(target), "lr": LR, "loss": loss()}
        grads = r.numeric_grads(loss, params)
        entry["train"]["weights_after"] = [r.T(v - LR * g) for v, g in zip(params, grads)]
    cases.append(entry)


def main():
    for mode in ["concat", "sum", "mul", "ave", None]:
        case(f"LSTM_sequences_{mode}", "LSTM", {"units": 3, "return_sequences": True}, mode)
        case(f"LSTM_last_{mode}", "LSTM", {"units": 3}, mode)
    case("GRU_sequences_concat", "GRU", {"units": 3, "return_sequences": True}, "concat")
    case("GRU_reset_after_last_ave", "GRU", {"units": 3, "reset_after": True, "recurrent_activation": "sigmoid"}, "ave")
    case("SimpleRNN_sequences_sum", "SimpleRNN", {"units": 3, "return_sequences": True}, "sum")
    case("LSTM_state_concat", "LSTM", {"units": 3, "return_state": True}, "concat")
    case("LSTM_state_None", "LSTM", {"units": 3, "return_state": True, "return_sequences": True}, None)
    case("LSTM_initial_state_concat", "LSTM", {"units": 3, "return_sequences": True}, "concat", initial_state=True)
    case("LSTM_masked_sequences_concat", "LSTM", {"units": 3, "return_sequences": True}, "concat", masked=True)
    case("GRU_masked_last_sum", "GRU", {"units": 3}, "sum", masked=True)
    case("LSTM_training_concat", "LSTM", {"units": 3, "return_sequences": True}, "concat", train=True)
    case("GRU_training_masked_last_concat", "GRU", {"units": 3}, "concat", masked=True, train=True)
    with open(os.path.join(HERE, "bidirectional.json"), "w") as f:
        json.dump(cases, f, indent=None, separators=(",", ":"))
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
