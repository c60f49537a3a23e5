#!/usr/bin/python3
"""The fine-tuning recipe under Keras 2.3.1 semantics, in numpy (no Keras, no TensorFlow).

Run from the repository root:
    /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/training/make_fine_tuning.py

Model: Dense(3, activation='tanh', input_shape=(4,)) -> Dense(1, activation='sigmoid'), loss binary_crossentropy,
RMSprop(lr=0.01) (rho 0.9, epsilon 1e-7). Labels are given with shape (6,), as the IMDB tutorials pass them: Keras 2's
_standardize_user_data expands a rank-1 target to (6, 1) (keras@2.2.4 engine/training_utils.py
standardize_single_array), so the loss sees the output's shape.

Recipe (keras.io "fine-tuning"): freeze the first layer, compile, train_on_batch twice; unfreeze, compile again,
train_on_batch twice. Keras 2 creates the RMSprop accumulators in get_updates, which runs again after each compile
(keras@2.3.1 keras/optimizers.py RMSprop.get_updates), so the second phase starts from zero accumulators for every
weight; a frozen weight gets no gradient and no update.

Formulas: keras@2.3.1 keras/backend/tensorflow_backend.py binary_crossentropy (clip to [1e-7, 1-1e-7], logit,
sigmoid cross-entropy), keras/losses.py binary_crossentropy (mean over the last axis), the batch mean of the
per-sample loss, RMSprop: a = rho*a + (1-rho)*g^2; p -= lr*g / (sqrt(a) + eps).
"""
import json
import os

import numpy as np

EPS = 1e-7
LR, RHO = 0.01, 0.9


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def T(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": [int(s) for s in a.shape], "data": [float(v) for v in a.ravel()]}


rng = np.random.RandomState(11)
x = f32(rng.uniform(-1, 1, size=(6, 4)))
y = f32([1, 0, 1, 1, 0, 0])  # shape (6,)
W = {"w1": f32(rng.uniform(-0.8, 0.8, size=(4, 3))), "b1": f32(rng.uniform(-0.2, 0.2, size=(3,))),
     "w2": f32(rng.uniform(-0.8, 0.8, size=(3, 1))), "b2": f32(rng.uniform(-0.2, 0.2, size=(1,)))}
initial = {k: v.copy() for k, v in W.items()}


def forward_backward(W):
    h = np.tanh(x @ W["w1"] + W["b1"])
    z = h @ W["w2"] + W["b2"]
    p = 1 / (1 + np.exp(-z))
    t = y.reshape(-1, 1)  # the standardized (6, 1) target
    pc = np.clip(p, EPS, 1 - EPS)
    logit = np.log(pc / (1 - pc))
    loss = np.mean(np.maximum(logit, 0) - logit * t + np.log1p(np.exp(-np.abs(logit))))
    n = x.shape[0]
    dz = (p - t) / n  # d loss / d z (p is inside the clip range here)
    assert np.all((p > EPS) & (p < 1 - EPS))
    dh = dz @ W["w2"].T * (1 - h ** 2)
    grads = {"w2": h.T @ dz, "b2": dz.sum(0), "w1": x.T @ dh, "b1": dh.sum(0)}
    return loss, grads


def phase(W, trainable, steps):
    acc = {k: np.zeros_like(W[k]) for k in trainable}  # new accumulators at compile
    losses = []
    for _ in range(steps):
        loss, g = forward_backward(W)
        losses.append(float(loss))
        for k in trainable:
            acc[k] = RHO * acc[k] + (1 - RHO) * g[k] ** 2
            W[k] = W[k] - LR * g[k] / (np.sqrt(acc[k]) + EPS)
    return losses


losses_frozen = phase(W, ["w2", "b2"], 2)
after_frozen = {k: v.copy() for k, v in W.items()}
losses_unfrozen = phase(W, ["w1", "b1", "w2", "b2"], 2)
order = ["w1", "b1", "w2", "b2"]
out = {
    "x": T(x), "y": T(y),
    "initial": [T(initial[k]) for k in order],
    "losses_frozen": losses_frozen, "after_frozen": [T(after_frozen[k]) for k in order],
    "losses_unfrozen": losses_unfrozen, "after_unfrozen": [T(W[k]) for k in order],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fine_tuning.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
