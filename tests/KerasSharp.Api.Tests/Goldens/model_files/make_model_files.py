#!/usr/bin/python3
"""Writes whole-model HDF5 files in the exact layouts two other Keras versions save, and their expected behaviour.

  k216_adam.h5            standalone Keras 2.1.6 `model.save()` of a model compiled with Adam (keras@2.1.6
                          keras/models.py save_model): vlen ASCII root attrs, list-form Sequential config,
                          optimizer_weights = [iterations] + ms + vs + vhats (keras@2.1.6 optimizers.py Adam:
                          vhats are K.zeros(1) each when amsgrad is off), names training/Adam/Variable_N:0.
  tfk210_metrics.keras    tf.keras 2.10 `model.save('x.keras')` before Keras 3 (an HDF5 file named .keras;
                          keras@v2.10.0 saving/hdf5_format.py save_model_to_hdf5 + saving_utils.model_metadata):
                          InputLayer entry, metrics and weighted_metrics as MeanMetricWrapper objects nested
                          per output ([[...]]), OptimizerV2 Adam config with `name`, optimizer_weights
                          Adam/iter:0 then all m then all v (no vhat), a top_level_model_weights group.
  model_files.json        inputs and what KerasSharp must compute from the files, in numpy float64 from the
                          stored float32 values: predictions, evaluate() with sample weights, and the weights after
                          one train_on_batch (the Adam update of keras@2.1.6 / tf.keras 2.10, which agree:
                          lr_t = lr*sqrt(1-b2^t)/(1-b1^t), p -= lr_t*m/(sqrt(v)+eps), t = iterations+1).

Only h5py and numpy are used. Run from anywhere:  /usr/bin/python3 make_model_files.py
The output is deterministic (fixed seed); rerunning rewrites identical files.
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(1234)
f32 = np.float32

# Model: Dense(5, relu, input 4) -> Dense(3, softmax); a batch of 6 samples.
W1 = rng.uniform(-0.8, 0.8, (4, 5)).astype(f32)
b1 = rng.uniform(-0.1, 0.1, (5,)).astype(f32)
W2 = rng.uniform(-0.8, 0.8, (5, 3)).astype(f32)
b2 = rng.uniform(-0.1, 0.1, (3,)).astype(f32)
params = [W1, b1, W2, b2]
x = rng.uniform(-1, 1, (6, 4)).astype(f32)
y = np.eye(3, dtype=f32)[[0, 1, 2, 1, 0, 2]]
sample_weight = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 1.5], dtype=f32)


def forward(ps):
    w1, c1, w2, c2 = [p.astype(np.float64) for p in ps]
    pre = x.astype(np.float64) @ w1 + c1
    h = np.maximum(pre, 0)
    z = h @ w2 + c2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return pre, h, e / e.sum(axis=1, keepdims=True)


def gradients(ps):
    """d mean(categorical_crossentropy)/d params (no probability is near the 1e-7 clip, checked below)."""
    pre, h, p = forward(ps)
    assert p.min() > 1e-6 and p.max() < 1 - 1e-6
    g = (p - y) / len(x)
    dh = (g @ ps[2].astype(np.float64).T) * (pre > 0)
    return [x.astype(np.float64).T @ dh, dh.sum(0), h.T @ g, g.sum(0)]


def adam_step(ps, ms, vs, iterations, lr, b1_, b2_, eps):
    t = iterations + 1
    lr_t = lr * np.sqrt(1 - b2_ ** t) / (1 - b1_ ** t)
    out = []
    for p, g, m, v in zip(ps, gradients(ps), ms, vs):
        m_t = b1_ * m.astype(np.float64) + (1 - b1_) * g
        v_t = b2_ * v.astype(np.float64) + (1 - b2_) * g * g
        out.append(p.astype(np.float64) - lr_t * m_t / (np.sqrt(v_t) + eps))
    return out


def tensor(a):
    a = np.asarray(a, dtype=np.float64)
    return {'shape': list(a.shape), 'data': [float(v) for v in a.reshape(-1)]}


def f32_value(v):
    """A float32 hyper-parameter as Keras writes it (K.get_value of a float32 variable, then json)."""
    return float(f32(v))


def moments(seed):
    r = np.random.RandomState(seed)
    ms = [r.normal(0, 0.05, p.shape).astype(f32) for p in params]
    vs = [r.uniform(1e-4, 4e-3, p.shape).astype(f32) for p in params]
    return ms, vs


def dense_config_216(name, units, activation, input_dim=None):
    cfg = {'name': name, 'trainable': True}
    if input_dim is not None:
        cfg.update({'batch_input_shape': [None, input_dim], 'dtype': 'float32'})
    cfg.update({'units': units, 'activation': activation, 'use_bias': True,
                'kernel_initializer': {'class_name': 'VarianceScaling', 'config': {
                    'scale': 1.0, 'mode': 'fan_avg', 'distribution': 'uniform', 'seed': None}},
                'bias_initializer': {'class_name': 'Zeros', 'config': {}},
                'kernel_regularizer': None, 'bias_regularizer': None, 'activity_regularizer': None,
                'kernel_constraint': None, 'bias_constraint': None})
    return {'class_name': 'Dense', 'config': cfg}


def dense_config_210(name, units, activation):
    return {'class_name': 'Dense', 'config': {
        'name': name, 'trainable': True, 'dtype': 'float32', 'units': units, 'activation': activation,
        'use_bias': True, 'kernel_initializer': {'class_name': 'GlorotUniform', 'config': {'seed': None}},
        'bias_initializer': {'class_name': 'Zeros', 'config': {}}, 'kernel_regularizer': None,
        'bias_regularizer': None, 'activity_regularizer': None, 'kernel_constraint': None, 'bias_constraint': None}}


def write_layers(group, names, weight_names):
    """keras save_weights_to_hdf5_group: fixed-length S<n> NULLPAD names (np.asarray of bytes)."""
    group.attrs['layer_names'] = np.asarray([n.encode('utf8') for n in names])
    for name, wnames in zip(names, weight_names):
        g = group.create_group(name)
        g.attrs['weight_names'] = np.asarray([w.encode('utf8') for w in wnames])
    for (name, wnames), values in zip(zip(names, weight_names), [params[:2], params[2:]]):
        for w, v in zip(wnames, values):
            group[name].create_dataset(w, data=v)


def write_optimizer(f, names, values):
    g = f.create_group('optimizer_weights')
    g.attrs['weight_names'] = np.asarray([n.encode('utf8') for n in names])
    for n, v in zip(names, values):
        g.create_dataset(n, data=v)


VLEN_ASCII = h5py.string_dtype('ascii')
cases = {'x': tensor(x), 'y': tensor(y), 'sample_weight': tensor(sample_weight)}

# ---- Keras 2.1.6 ------------------------------------------------------------------------------------------
lr_216 = 0.01
ms, vs = moments(7)
iterations_216 = 3
path = os.path.join(HERE, 'k216_adam.h5')
with h5py.File(path, 'w') as f:
    # h5py 2 stored Python 3 bytes scalars as variable-length ASCII; written explicitly so h5py 3 does the same.
    f.attrs.create('keras_version', b'2.1.6', dtype=VLEN_ASCII)
    f.attrs.create('backend', b'tensorflow', dtype=VLEN_ASCII)
    model_config = {'class_name': 'Sequential', 'config': [
        dense_config_216('dense_1', 5, 'relu', input_dim=4), dense_config_216('dense_2', 3, 'softmax')]}
    f.attrs.create('model_config', json.dumps(model_config).encode('utf8'), dtype=VLEN_ASCII)
    mw = f.create_group('model_weights')
    mw.attrs.create('keras_version', b'2.1.6', dtype=VLEN_ASCII)
    mw.attrs.create('backend', b'tensorflow', dtype=VLEN_ASCII)
    write_layers(mw, ['dense_1', 'dense_2'], [['dense_1/kernel:0', 'dense_1/bias:0'], ['dense_2/kernel:0', 'dense_2/bias:0']])
    training_config = {
        'optimizer_config': {'class_name': 'Adam', 'config': {
            'lr': f32_value(lr_216), 'beta_1': f32_value(0.9), 'beta_2': f32_value(0.999), 'decay': 0.0,
            'epsilon': 1e-07, 'amsgrad': False}},
        'loss': 'categorical_crossentropy', 'metrics': ['accuracy'], 'sample_weight_mode': None, 'loss_weights': None}
    f.attrs.create('training_config', json.dumps(training_config).encode('utf8'), dtype=VLEN_ASCII)
    # K.zeros without a name: TensorFlow names them Variable, Variable_1, ... under the training/Adam scope.
    slots = ms + vs + [np.zeros(1, f32) for _ in params]
    names = ['Adam/iterations:0'] + ['training/Adam/Variable%s:0' % ('' if i == 0 else '_%d' % i) for i in range(len(slots))]
    write_optimizer(f, names, [np.int64(iterations_216)] + slots)
cases['k216_adam'] = {
    'file': 'model_files/k216_adam.h5', 'iterations': iterations_216,
    'predictions': tensor(forward(params)[2]),
    'weights_after_step': [tensor(p) for p in adam_step(
        params, ms, vs, iterations_216, f32_value(lr_216), f32_value(0.9), f32_value(0.999), 1e-7)]}

# ---- tf.keras 2.10 ----------------------------------------------------------------------------------------
ms, vs = moments(11)
iterations_210 = 12
lr_210 = 0.002
path = os.path.join(HERE, 'tfk210_metrics.keras')
with h5py.File(path, 'w') as f:
    model_config = {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': [
        {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 4], 'dtype': 'float32', 'sparse': False,
                                                 'ragged': False, 'name': 'dense_input'}},
        dense_config_210('dense', 5, 'relu'), dense_config_210('dense_1', 3, 'softmax')]}}
    metric = {'class_name': 'MeanMetricWrapper', 'config': {'name': 'accuracy', 'dtype': 'float32', 'fn': 'categorical_accuracy'}}
    weighted = {'class_name': 'MeanMetricWrapper', 'config': {'name': 'weighted_accuracy', 'dtype': 'float32', 'fn': 'categorical_accuracy'}}
    training_config = {
        'loss': 'categorical_crossentropy', 'metrics': [[metric]], 'weighted_metrics': [[weighted]], 'loss_weights': None,
        'optimizer_config': {'class_name': 'Adam', 'config': {
            'name': 'Adam', 'learning_rate': f32_value(lr_210), 'decay': 0.0, 'beta_1': f32_value(0.9),
            'beta_2': f32_value(0.999), 'epsilon': 1e-07, 'amsgrad': False}}}
    # saving_utils.model_metadata then `f.attrs[k] = json.dumps(v).encode('utf8')` or `= v` for the strings.
    for key, value in (('keras_version', '2.10.0'), ('backend', 'tensorflow'), ('model_config', model_config),
                       ('training_config', training_config)):
        f.attrs[key] = json.dumps(value).encode('utf8') if isinstance(value, dict) else value
    mw = f.create_group('model_weights')
    write_layers(mw, ['dense', 'dense_1'], [['dense/kernel:0', 'dense/bias:0'], ['dense_1/kernel:0', 'dense_1/bias:0']])
    mw.attrs['backend'] = 'tensorflow'.encode('utf8')
    mw.attrs['keras_version'] = '2.10.0'.encode('utf8')
    top = mw.create_group('top_level_model_weights')
    top.attrs['weight_names'] = np.asarray([])
    variables = ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias']
    names = ['Adam/iter:0'] + ['Adam/%s/m:0' % v for v in variables] + ['Adam/%s/v:0' % v for v in variables]
    write_optimizer(f, names, [np.int64(iterations_210)] + ms + vs)
_, _, p = forward(params)
losses = -(y * np.log(p)).sum(1)
hits = (p.argmax(1) == y.argmax(1)).astype(np.float64)
cases['tfk210_metrics'] = {
    'file': 'model_files/tfk210_metrics.keras', 'iterations': iterations_210,
    'predictions': tensor(p),
    # KerasSharp's weighted loss is Keras 2.3.1's sum(l*w)/batch size (docs/differences.md); accuracy unweighted;
    # weighted_accuracy sum(hit*w)/sum(w).
    'evaluate_with_sample_weight': [float((losses * sample_weight).sum() / len(x)), float(hits.mean()),
                                    float((hits * sample_weight).sum() / sample_weight.sum())],
    'weights_after_step': [tensor(q) for q in adam_step(
        params, ms, vs, iterations_210, f32_value(lr_210), f32_value(0.9), f32_value(0.999), 1e-7)]}

with open(os.path.join(HERE, 'model_files.json'), 'w') as fh:
    json.dump(cases, fh, indent=1)
    fh.write('\n')
print('wrote k216_adam.h5, tfk210_metrics.keras, model_files.json in', HERE)
