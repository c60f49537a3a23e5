#!/usr/bin/python3
"""HDF5 files in Keras 2's exact layouts for the layers of issue 14, and what a loader must predict from them.

  mobilenet_k220.h5   a whole model as Keras 2.2.0's `model.save()` writes it (keras@2.2.0 keras/engine/saving.py
                      save_model: vlen ASCII root attrs `keras_version`, `backend`, `model_config`; group
                      `model_weights` with fixed-length S<n> `layer_names`/`weight_names`, datasets
                      `<layer>/<layer>/<weight>:0`): a functional model shaped like keras_applications' MobileNet
                      (conv1_pad, conv1 stride 2 without bias, BatchNormalization, `Activation('relu6')` as that MobileNet
                      saves its custom function, DepthwiseConv2D without bias, a pointwise Conv2D, `ReLU(6.)` as the
                      2.2.4 MobileNet writes it, global pooling, Reshape, Dropout, conv_preds, softmax, Reshape).
  layers14_weights.h5 `model.save_weights()` of a Sequential (keras@2.2.4 save_weights_to_hdf5_group) with
                      Conv2DTranspose (kernel (kh, kw, filters, in)), PReLU (alpha (1, 1, C) with shared_axes [1, 2]),
                      SeparableConv2D (depthwise_kernel (kh, kw, in, mult), pointwise_kernel (1, 1, in*mult, filters),
                      bias) and DepthwiseConv2D (depthwise_kernel, bias); its model JSON is in weight_files_14.json.
  weight_files_14.json  inputs and predictions, computed in numpy float64 from the stored float32 weights with the
                      reference functions of make_goldens_14.py (BatchNormalization at inference:
                      (x - mean) / sqrt(var + 1e-3) * gamma + beta, keras@2.2.4:keras/layers/normalization.py).

Only h5py and numpy write anything. Run from anywhere:  /usr/bin/python3 make_weight_files_14.py
"""
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_goldens_14 import T, conv, conv2d_transpose, depthwise  # noqa: E402

rng = np.random.RandomState(2202)
f32 = np.float32
VLEN_ASCII = h5py.string_dtype('ascii')


def w(*shape, lo=-0.5, hi=0.5):
    return rng.uniform(lo, hi, shape).astype(f32)


def var_scaling():
    return {'class_name': 'VarianceScaling', 'config': {'scale': 1.0, 'mode': 'fan_avg', 'distribution': 'uniform', 'seed': None}}


def none_keys(*keys):
    return {k: None for k in keys}


def conv2d(name, filters, kernel, strides, padding, use_bias):
    return {'name': name, 'class_name': 'Conv2D', 'config': dict(
        name=name, trainable=True, filters=filters, kernel_size=kernel, strides=strides, padding=padding,
        data_format='channels_last', dilation_rate=[1, 1], activation='linear', use_bias=use_bias,
        kernel_initializer=var_scaling(), bias_initializer={'class_name': 'Zeros', 'config': {}},
        **none_keys('kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'))}


def batchnorm(name):
    return {'name': name, 'class_name': 'BatchNormalization', 'config': {
        'name': name, 'trainable': True, 'axis': -1, 'momentum': 0.99, 'epsilon': 0.001, 'center': True, 'scale': True,
        'beta_initializer': {'class_name': 'Zeros', 'config': {}}, 'gamma_initializer': {'class_name': 'Ones', 'config': {}},
        'moving_mean_initializer': {'class_name': 'Zeros', 'config': {}},
        'moving_variance_initializer': {'class_name': 'Ones', 'config': {}},
        'beta_regularizer': None, 'gamma_regularizer': None, 'beta_constraint': None, 'gamma_constraint': None}}


def simple(name, cls, **cfg):
    return {'name': name, 'class_name': cls, 'config': dict(name=name, trainable=True, **cfg)}


def bn_weights(c):
    return [w(c, lo=0.5, hi=1.5), w(c, lo=-0.2, hi=0.2), w(c, lo=-0.3, hi=0.3), w(c, lo=0.5, hi=1.5)]


def bn(x, gamma, beta, mean, var):
    return (x - mean) / np.sqrt(var + 1e-3) * gamma + beta


def write_weights(group, names, weights, weight_names):
    """keras save_weights_to_hdf5_group: fixed-length S<n> names; weightless layers get an empty float64 array."""
    group.attrs['layer_names'] = np.asarray([n.encode('utf8') for n in names])
    for name in names:
        g = group.create_group(name)
        wn = weight_names.get(name, [])
        g.attrs['weight_names'] = np.asarray([('%s/%s:0' % (name, n)).encode('utf8') for n in wn]) if wn else np.zeros(0)
        for n, v in zip(wn, weights.get(name, [])):
            g.create_dataset('%s/%s:0' % (name, n), data=v)


def d64(a):
    return np.asarray(a, dtype=np.float64)


out = {}

# ---- mobilenet_k220.h5 -----------------------------------------------------------------------------------------
x = rng.uniform(-1, 1, (2, 8, 8, 3)).astype(f32)
weights = {
    'conv1': [w(3, 3, 3, 4)], 'conv1_bn': bn_weights(4),
    'conv_dw_1': [w(3, 3, 4, 1)], 'conv_dw_1_bn': bn_weights(4),
    'conv_pw_1': [w(1, 1, 4, 6)], 'conv_pw_1_bn': bn_weights(6),
    'conv_preds': [w(1, 1, 6, 3), w(3, lo=-0.1, hi=0.1)],
}
names = {'conv1': ['kernel'], 'conv_dw_1': ['depthwise_kernel'], 'conv_pw_1': ['kernel'], 'conv_preds': ['kernel', 'bias']}
for n in ('conv1_bn', 'conv_dw_1_bn', 'conv_pw_1_bn'):
    names[n] = ['gamma', 'beta', 'moving_mean', 'moving_variance']
P = {k: [d64(v) for v in vs] for k, vs in weights.items()}
h = np.pad(d64(x), ((0, 0), (0, 1), (0, 1), (0, 0)))
h = conv(h, P['conv1'][0], (2, 2), 'valid', (1, 1))[0]
h = np.clip(bn(h, *P['conv1_bn']), 0, 6)
h = depthwise(h, P['conv_dw_1'][0], (1, 1), 'same', (1, 1))[0]
h = np.clip(bn(h, *P['conv_dw_1_bn']), 0, 6)
h = conv(h, P['conv_pw_1'][0], (1, 1), 'same', (1, 1))[0]
h = np.clip(bn(h, *P['conv_pw_1_bn']), 0, 6)
h = h.mean(axis=(1, 2)).reshape(2, 1, 1, 6)
h = conv(h, P['conv_preds'][0], (1, 1), 'same', (1, 1))[0] + P['conv_preds'][1]
e = np.exp(h - h.max(axis=-1, keepdims=True))
pred = (e / e.sum(axis=-1, keepdims=True)).reshape(2, 3)

dw_cfg = dict(kernel_size=[3, 3], strides=[1, 1], padding='same', data_format='channels_last', dilation_rate=[1, 1],
              activation='linear', use_bias=False, bias_initializer={'class_name': 'Zeros', 'config': {}},
              bias_regularizer=None, activity_regularizer=None, bias_constraint=None, depth_multiplier=1,
              depthwise_initializer=var_scaling(), depthwise_regularizer=None, depthwise_constraint=None)
chain = [
    {'name': 'input_1', 'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 8, 8, 3], 'dtype': 'float32', 'sparse': False, 'name': 'input_1'}},
    simple('conv1_pad', 'ZeroPadding2D', padding=[[0, 1], [0, 1]], data_format='channels_last'),
    conv2d('conv1', 4, [3, 3], [2, 2], 'valid', False),
    batchnorm('conv1_bn'),
    simple('conv1_relu', 'Activation', activation='relu6'),
    {'name': 'conv_dw_1', 'class_name': 'DepthwiseConv2D', 'config': dict(name='conv_dw_1', trainable=True, **dw_cfg)},
    batchnorm('conv_dw_1_bn'),
    simple('conv_dw_1_relu', 'Activation', activation='relu6'),
    conv2d('conv_pw_1', 6, [1, 1], [1, 1], 'same', False),
    batchnorm('conv_pw_1_bn'),
    simple('conv_pw_1_relu', 'ReLU', max_value=6.0, negative_slope=0.0, threshold=0.0),
    simple('global_average_pooling2d_1', 'GlobalAveragePooling2D', data_format='channels_last'),
    simple('reshape_1', 'Reshape', target_shape=[1, 1, 6]),
    simple('dropout', 'Dropout', rate=0.001, noise_shape=None, seed=None),
    conv2d('conv_preds', 3, [1, 1], [1, 1], 'same', True),
    simple('act_softmax', 'Activation', activation='softmax'),
    simple('reshape_2', 'Reshape', target_shape=[3]),
]
for prev, layer in zip(chain, chain[1:]):
    layer['inbound_nodes'] = [[[prev['name'], 0, 0, {}]]]
chain[0]['inbound_nodes'] = []
model_config = {'class_name': 'Model', 'config': {'name': 'mobilenet_0.25_8', 'layers': chain,
                                                  'input_layers': [['input_1', 0, 0]], 'output_layers': [['reshape_2', 0, 0]]}}
with h5py.File(os.path.join(HERE, 'mobilenet_k220.h5'), 'w') as f:
    f.attrs.create('keras_version', b'2.2.0', dtype=VLEN_ASCII)
    f.attrs.create('backend', b'tensorflow', dtype=VLEN_ASCII)
    f.attrs.create('model_config', json.dumps(model_config).encode('utf8'), dtype=VLEN_ASCII)
    mw = f.create_group('model_weights')
    mw.attrs.create('keras_version', b'2.2.0', dtype=VLEN_ASCII)
    mw.attrs.create('backend', b'tensorflow', dtype=VLEN_ASCII)
    write_weights(mw, [l['name'] for l in chain], weights, names)
out['mobilenet_k220'] = {'file': 'layers14/mobilenet_k220.h5', 'x': T(x), 'predictions': T(pred)}

# ---- layers14_weights.h5 ---------------------------------------------------------------------------------------
x = rng.uniform(-1, 1, (2, 5, 5, 2)).astype(f32)
weights = {
    'conv2d_transpose_1': [w(3, 3, 3, 2), w(3, lo=-0.1, hi=0.1)],
    'p_re_lu_1': [w(1, 1, 3)],
    'separable_conv2d_1': [w(3, 3, 3, 2), w(1, 1, 6, 4), w(4, lo=-0.1, hi=0.1)],
    'depthwise_conv2d_1': [w(2, 2, 4, 2), w(8, lo=-0.1, hi=0.1)],
}
names = {'conv2d_transpose_1': ['kernel', 'bias'], 'p_re_lu_1': ['alpha'],
         'separable_conv2d_1': ['depthwise_kernel', 'pointwise_kernel', 'bias'], 'depthwise_conv2d_1': ['depthwise_kernel', 'bias']}
P = {k: [d64(v) for v in vs] for k, vs in weights.items()}
h = conv2d_transpose(d64(x), P['conv2d_transpose_1'][0], (2, 2), 'same', (1, 1), (1, 1))[0] + P['conv2d_transpose_1'][1]
h = np.maximum(h, 0) - P['p_re_lu_1'][0] * np.maximum(-h, 0)
h = depthwise(h, P['separable_conv2d_1'][0], (2, 2), 'valid', (1, 1))[0]
h = conv(h, P['separable_conv2d_1'][1], (1, 1), 'valid', (1, 1))[0] + P['separable_conv2d_1'][2]
h = depthwise(h, P['depthwise_conv2d_1'][0], (1, 1), 'valid', (1, 1))[0] + P['depthwise_conv2d_1'][1]
pred = h.mean(axis=(1, 2))
layers = [
    simple('conv2d_transpose_1', 'Conv2DTranspose', batch_input_shape=[None, 5, 5, 2], dtype='float32', filters=3,
           kernel_size=[3, 3], strides=[2, 2], padding='same', data_format='channels_last', dilation_rate=[1, 1],
           activation='linear', use_bias=True, kernel_initializer=var_scaling(),
           bias_initializer={'class_name': 'Zeros', 'config': {}}, kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, output_padding=[1, 1]),
    simple('p_re_lu_1', 'PReLU', alpha_initializer={'class_name': 'Zeros', 'config': {}}, alpha_regularizer=None,
           alpha_constraint=None, shared_axes=[1, 2]),
    simple('separable_conv2d_1', 'SeparableConv2D', filters=4, kernel_size=[3, 3], strides=[2, 2], padding='valid',
           data_format='channels_last', dilation_rate=[1, 1], activation='linear', use_bias=True,
           bias_initializer={'class_name': 'Zeros', 'config': {}}, bias_regularizer=None, activity_regularizer=None,
           bias_constraint=None, depth_multiplier=2, depthwise_initializer=var_scaling(),
           pointwise_initializer=var_scaling(), depthwise_regularizer=None, pointwise_regularizer=None,
           depthwise_constraint=None, pointwise_constraint=None),
    simple('depthwise_conv2d_1', 'DepthwiseConv2D', kernel_size=[2, 2], strides=[1, 1], padding='valid',
           data_format='channels_last', dilation_rate=[1, 1], activation='linear', use_bias=True,
           bias_initializer={'class_name': 'Zeros', 'config': {}}, bias_regularizer=None, activity_regularizer=None,
           bias_constraint=None, depth_multiplier=2, depthwise_initializer=var_scaling(), depthwise_regularizer=None,
           depthwise_constraint=None),
    simple('global_average_pooling2d_1', 'GlobalAveragePooling2D', data_format='channels_last'),
]
model_json = {'class_name': 'Sequential', 'config': {'name': 'sequential_1', 'layers': layers},
              'keras_version': '2.2.4', 'backend': 'tensorflow'}
with h5py.File(os.path.join(HERE, 'layers14_weights.h5'), 'w') as f:
    f.attrs.create('keras_version', b'2.2.4', dtype=VLEN_ASCII)
    f.attrs.create('backend', b'tensorflow', dtype=VLEN_ASCII)
    write_weights(f, [l['name'] for l in layers], weights, names)
out['layers14_weights'] = {'file': 'layers14/layers14_weights.h5', 'model_json': json.dumps(model_json), 'x': T(x), 'predictions': T(pred)}

with open(os.path.join(HERE, 'weight_files_14.json'), 'w') as fh:
    json.dump(out, fh, indent=1)
    fh.write('\n')
print('wrote mobilenet_k220.h5, layers14_weights.h5, weight_files_14.json in', HERE)
