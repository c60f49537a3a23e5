"""Keras 2.2.4 whole-model HDF5 files with Embedding, LSTM, GRU, CuDNNLSTM and CuDNNGRU layers, and their predictions.

Layout as keras@2.2.4:keras/engine/saving.py save_model writes it (h5py only, no Keras): root attributes keras_version,
backend, model_config (JSON, Sequential as {"name", "layers"}), a model_weights group with layer_names and one group per
layer holding weight_names and the datasets <layer>/<weight>:0. Layer configs are what each 2.2.4 get_config returns.
CuDNN layers store their weights in cuDNN's layout: each gate's input kernel block in Fortran order
(keras@2.2.4:keras/engine/saving.py _convert_rnn_weights, transpose_input(from_cudnn=False)), each recurrent block
transposed, the bias as [input biases, recurrent biases] (8·units for CuDNNLSTM, 6·units for CuDNNGRU).
Predictions come from the numpy cells of make_recurrent_goldens.py (CuDNN layers: tanh and sigmoid, GRU reset_after).

Run from the repository root: /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/recurrent/make_recurrent_files.py
Writes k224_recurrent.h5, k224_cudnn.h5 and recurrent_files.json beside this script; deterministic.
"""
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_recurrent_goldens import T, f32, run_rnn  # noqa: E402

rng = np.random.RandomState(7)
VLEN_ASCII = h5py.string_dtype('ascii')


def rand(*shape, scale=0.5):
    return f32(rng.uniform(-scale, scale, size=shape))


def glorot():
    return {'class_name': 'VarianceScaling', 'config': {'scale': 1.0, 'mode': 'fan_avg', 'distribution': 'uniform', 'seed': None}}


ORTHOGONAL = {'class_name': 'Orthogonal', 'config': {'gain': 1.0, 'seed': None}}
ZEROS = {'class_name': 'Zeros', 'config': {}}
NONES = {k: None for k in ['kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
                           'kernel_constraint', 'recurrent_constraint', 'bias_constraint']}


def rnn_base(name, return_sequences):
    return {'name': name, 'trainable': True, 'return_sequences': return_sequences, 'return_state': False,
            'go_backwards': False, 'stateful': False, 'unroll': False}


def lstm_config(name, units, return_sequences, recurrent_activation='hard_sigmoid'):
    c = rnn_base(name, return_sequences)
    c.update({'units': units, 'activation': 'tanh', 'recurrent_activation': recurrent_activation, 'use_bias': True,
              'kernel_initializer': glorot(), 'recurrent_initializer': ORTHOGONAL, 'bias_initializer': ZEROS,
              'unit_forget_bias': True, **NONES, 'dropout': 0.0, 'recurrent_dropout': 0.0, 'implementation': 1})
    return c


def gru_config(name, units, return_sequences, reset_after, recurrent_activation='hard_sigmoid'):
    c = rnn_base(name, return_sequences)
    c.update({'units': units, 'activation': 'tanh', 'recurrent_activation': recurrent_activation, 'use_bias': True,
              'kernel_initializer': glorot(), 'recurrent_initializer': ORTHOGONAL, 'bias_initializer': ZEROS,
              **NONES, 'dropout': 0.0, 'recurrent_dropout': 0.0, 'implementation': 1, 'reset_after': reset_after})
    return c


def cudnn_config(name, units, return_sequences, lstm, batch_input_shape=None):
    c = {'name': name, 'trainable': True}
    if batch_input_shape is not None:
        c.update({'batch_input_shape': batch_input_shape, 'dtype': 'float32'})
    c.update({'return_sequences': return_sequences, 'return_state': False, 'go_backwards': False, 'stateful': False,
              'units': units, 'kernel_initializer': glorot(), 'recurrent_initializer': ORTHOGONAL, 'bias_initializer': ZEROS})
    if lstm:
        c['unit_forget_bias'] = True
    c.update(NONES)
    return c


def weights(gates, units, input_dim, bias_shape):
    return [rand(input_dim, gates * units), rand(units, gates * units), rand(*bias_shape)]


def to_cudnn(ws, gates, lstm):
    """Keras's convert_weights(from_cudnn=False), with the bias split unevenly between its input and recurrent halves."""
    kernel, recurrent, bias = ws
    kernels = np.hstack([k.T.reshape(k.shape, order='C') for k in np.hsplit(kernel, gates)])
    recurrents = np.hstack([k.T for k in np.hsplit(recurrent, gates)])
    if lstm:
        first = rand(*bias.shape)
        biases = np.concatenate([first, bias - first])
    else:
        biases = bias.reshape(-1)
    return [kernels, recurrents, biases]


def write_model(path, model_config, layers):
    """layers: [(name, [(weight name, value)])] in model order."""
    with h5py.File(path, 'w') as f:
        f.attrs['keras_version'] = b'2.2.4'
        f.attrs['backend'] = b'tensorflow'
        f.attrs['model_config'] = json.dumps(model_config).encode('utf8')
        mw = f.create_group('model_weights')
        mw.attrs['layer_names'] = np.asarray([n.encode('utf8') for n, _ in layers])
        mw.attrs['backend'] = b'tensorflow'
        mw.attrs['keras_version'] = b'2.2.4'
        for name, ws in layers:
            g = mw.create_group(name)
            g.attrs['weight_names'] = np.asarray([w.encode('utf8') for w, _ in ws])
            for w, v in ws:
                g.create_dataset(w, data=np.asarray(v, dtype=np.float32))


out = {}

# ---- Embedding(mask_zero) -> LSTM -> GRU(reset_after=True, sigmoid) -> GRU(reset_after=False) ----------------------
vocab, dim, steps = 10, 3, 5
emb = rand(vocab, dim, scale=1.0)
lstm_w = weights(4, 4, dim, (16,))
gru_ra_w = weights(3, 3, 4, (2, 9))
gru_w = weights(3, 2, 3, (6,))
idx = np.array([[0, 0, 4, 9, 1], [5, 2, 7, 0, 0], [3, 3, 3, 3, 3]])
mask = idx != 0
lstm_cfg = lstm_config('lstm_1', 4, True)
gru_ra_cfg = gru_config('gru_1', 3, True, True, 'sigmoid')
gru_cfg = gru_config('gru_2', 2, False, False)
h = run_rnn('LSTM', lstm_cfg, lstm_w, emb[idx], mask=mask)[0][0]
h = run_rnn('GRU', gru_ra_cfg, gru_ra_w, h, mask=mask)[0][0]
y = run_rnn('GRU', gru_cfg, gru_w, h, mask=mask)[0][0]
embedding_cfg = {'name': 'embedding_1', 'trainable': True, 'batch_input_shape': [None, steps], 'dtype': 'float32',
                 'input_dim': vocab, 'output_dim': dim,
                 'embeddings_initializer': {'class_name': 'RandomUniform', 'config': {'minval': -0.05, 'maxval': 0.05, 'seed': None}},
                 'embeddings_regularizer': None, 'activity_regularizer': None, 'embeddings_constraint': None,
                 'mask_zero': True, 'input_length': steps}
config = {'class_name': 'Sequential', 'config': {'name': 'sequential_1', 'layers': [
    {'class_name': 'Embedding', 'config': embedding_cfg},
    {'class_name': 'LSTM', 'config': lstm_cfg},
    {'class_name': 'GRU', 'config': gru_ra_cfg},
    {'class_name': 'GRU', 'config': gru_cfg}]}}
names = lambda layer, ws: [(f'{layer}/{n}:0', v) for n, v in zip(['kernel', 'recurrent_kernel', 'bias'], ws)]
write_model(os.path.join(HERE, 'k224_recurrent.h5'), config, [
    ('embedding_1', [('embedding_1/embeddings:0', emb)]),
    ('lstm_1', names('lstm_1', lstm_w)),
    ('gru_1', names('gru_1', gru_ra_w)),
    ('gru_2', names('gru_2', gru_w))])
out['k224_recurrent'] = {'file': 'recurrent/k224_recurrent.h5', 'x': T(idx), 'predictions': T(y),
                         'weights': [T(emb)] + [T(v) for v in lstm_w + gru_ra_w + gru_w]}

# ---- CuDNNLSTM -> CuDNNGRU ------------------------------------------------------------------------------------------
x = rand(2, 4, 3, scale=1.0)
cu_lstm_w = weights(4, 4, 3, (16,))
cu_gru_w = weights(3, 2, 4, (2, 6))
h = run_rnn('LSTM', dict(units=4, recurrent_activation='sigmoid', return_sequences=True), cu_lstm_w, x)[0][0]
y = run_rnn('GRU', dict(units=2, recurrent_activation='sigmoid', reset_after=True), cu_gru_w, h)[0][0]
config = {'class_name': 'Sequential', 'config': {'name': 'sequential_1', 'layers': [
    {'class_name': 'CuDNNLSTM', 'config': cudnn_config('cu_dnnlstm_1', 4, True, True, [None, 4, 3])},
    {'class_name': 'CuDNNGRU', 'config': cudnn_config('cu_dnngru_1', 2, False, False)}]}}
write_model(os.path.join(HERE, 'k224_cudnn.h5'), config, [
    ('cu_dnnlstm_1', names('cu_dnnlstm_1', to_cudnn(cu_lstm_w, 4, True))),
    ('cu_dnngru_1', names('cu_dnngru_1', to_cudnn(cu_gru_w, 3, False)))])
out['k224_cudnn'] = {'file': 'recurrent/k224_cudnn.h5', 'x': T(x), 'predictions': T(y),
                     'weights': [T(v) for v in cu_lstm_w + cu_gru_w]}

with open(os.path.join(HERE, 'recurrent_files.json'), 'w') as f:
    json.dump(out, f, indent=None, separators=(',', ':'))
print('wrote', ', '.join(out))
