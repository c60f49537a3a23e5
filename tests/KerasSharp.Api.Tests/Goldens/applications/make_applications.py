#!/usr/bin/python3
"""Goldens for keras.applications, from the real keras_applications 1.0.8 source run on stand-in Keras modules.

keras_applications takes its Keras modules as arguments (`backend=, layers=, models=, utils=`), so this script
runs the real VGG16 ... Xception functions, `_obtain_input_shape`, `preprocess_input` and `decode_predictions`
with small pure-python stand-ins (below) that record each layer's name, class and weight shapes and order the
layers as keras@2.2.4 engine/network.py `_map_graph_network` does. No Keras or TensorFlow is needed.

The source is read from the keras-applications git mirror (tag 1.0.8), or from an installed keras_applications of
that version. Run from the repository root:

    /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/applications/make_applications.py

Writes, beside this script:
  architectures.json     per model configuration: layers in model.layers order (name, class, weights as
                         [full name, shape]), parameter count, output shape, and the imagenet weight file
                         (fname, origin, hash) that get_file is asked for
  errors.json            the ValueError text for bad arguments
  preprocess.json        preprocess_input in every mode and data format, on float32 and uint8 input
  decode.json            decode_predictions on two rows of scores
  models/imagenet_class_index.json
                         a generated file in the real one's format ({"i": [wnid, name]}, 1000 classes)
  keras1_style.h5, keras1_style.json
                         a weights file in the layout of the ImageNet files (Keras 1's: no keras_version, names
                         such as conv1_W:0 and bn_conv1_running_std:0) for Conv2D, BatchNormalization,
                         SeparableConv2D, DepthwiseConv2D and Dense, and its values
"""
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import types

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MIRROR = '/work/.mirror/keras-team+keras-applications/repo'
TAG = '1.0.8'


def load_keras_applications():
    try:
        import keras_applications
        if keras_applications.__version__ == TAG:
            return keras_applications
    except ImportError:
        pass
    root = tempfile.mkdtemp()
    package = os.path.join(root, 'keras_applications')
    os.makedirs(package)
    for name in ['__init__', 'imagenet_utils', 'vgg16', 'vgg19', 'resnet50', 'mobilenet', 'mobilenet_v2',
                 'inception_v3', 'xception']:
        source = subprocess.check_output(['git', '-C', MIRROR, 'show', '%s:keras_applications/%s.py' % (TAG, name)])
        with open(os.path.join(package, name + '.py'), 'wb') as f:
            f.write(source)
    # __init__ imports every model module; keep the ones read above.
    init = os.path.join(package, '__init__.py')
    text = open(init).read()
    text = re.sub(r'from \. import (inception_resnet_v2|densenet|nasnet|resnet|resnet_v2|resnext)\n', '', text)
    open(init, 'w').write(text)
    sys.path.insert(0, root)
    return importlib.import_module('keras_applications')


# ---- stand-in Keras: shapes, names, weights and the layer order of keras@2.2.4 ----

_uids = {}


def get_uid(prefix):
    _uids[prefix] = _uids.get(prefix, 0) + 1
    return _uids[prefix]


def to_snake_case(name):  # keras@2.2.4 engine/base_layer.py
    intermediate = re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', name)
    insecure = re.sub('([a-z])([A-Z])', r'\1_\2', intermediate).lower()
    return insecure if insecure[0] != '_' else 'private' + insecure


class Tensor(object):
    def __init__(self, shape, node):
        self.shape = tuple(shape)
        self.node = node


class Node(object):
    def __init__(self, layer, inputs):
        self.layer = layer
        self.inputs = inputs


class Layer(object):
    def __init__(self, name=None, **kwargs):
        self.name = name or '%s_%d' % (to_snake_case(type(self).__name__), get_uid(to_snake_case(type(self).__name__)))
        self.weights = []

    def add_weight(self, name, shape):
        self.weights.append(('%s/%s:0' % (self.name, name), [int(d) for d in shape]))

    def __call__(self, inputs):
        many = isinstance(inputs, list)
        tensors = inputs if many else [inputs]
        shapes = [t.shape for t in tensors]
        if not self.built_once():
            self.build(shapes if many else shapes[0])
        out = self.output_shape(shapes if many else shapes[0])
        return Tensor(out, Node(self, tensors))

    def built_once(self):
        if getattr(self, '_built', False):
            return True
        self._built = True
        return False

    def build(self, shape):
        pass

    def output_shape(self, shape):
        return shape


def conv_length(n, k, padding, stride):
    if n is None:
        return None
    if padding == 'same':
        return (n + stride - 1) // stride
    return (n - k) // stride + 1


def pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


class InputLayer(Layer):
    pass


def Input(shape=None, tensor=None, name=None):
    if name is None:
        name = 'input_%d' % get_uid('input')
    layer = InputLayer(name=name)
    return Tensor((None,) + tuple(shape), Node(layer, []))


class Conv2D(Layer):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', use_bias=True, **kwargs):
        Layer.__init__(self, kwargs.get('name'))
        self.filters, self.kernel, self.strides = filters, pair(kernel_size), pair(strides)
        self.padding, self.use_bias = padding, use_bias

    def build(self, shape):
        self.add_weight('kernel', self.kernel + (shape[-1], self.filters))
        if self.use_bias:
            self.add_weight('bias', (self.filters,))

    def output_shape(self, shape):
        return (shape[0], conv_length(shape[1], self.kernel[0], self.padding, self.strides[0]),
                conv_length(shape[2], self.kernel[1], self.padding, self.strides[1]), self.filters)


class DepthwiseConv2D(Conv2D):
    def __init__(self, kernel_size, strides=(1, 1), padding='valid', depth_multiplier=1, use_bias=True, **kwargs):
        Conv2D.__init__(self, None, kernel_size, strides, padding, use_bias, name=kwargs.get('name'))
        self.depth_multiplier = depth_multiplier

    def build(self, shape):
        self.add_weight('depthwise_kernel', self.kernel + (shape[-1], self.depth_multiplier))
        if self.use_bias:
            self.add_weight('bias', (shape[-1] * self.depth_multiplier,))
        self.filters = shape[-1] * self.depth_multiplier


class SeparableConv2D(Conv2D):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', use_bias=True, depth_multiplier=1,
                 **kwargs):
        Conv2D.__init__(self, filters, kernel_size, strides, padding, use_bias, name=kwargs.get('name'))
        self.depth_multiplier = depth_multiplier

    def build(self, shape):
        self.add_weight('depthwise_kernel', self.kernel + (shape[-1], self.depth_multiplier))
        self.add_weight('pointwise_kernel', (1, 1, shape[-1] * self.depth_multiplier, self.filters))
        if self.use_bias:
            self.add_weight('bias', (self.filters,))


class BatchNormalization(Layer):
    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, name=None):
        Layer.__init__(self, name)
        self.center, self.scale = center, scale

    def build(self, shape):
        if self.scale:
            self.add_weight('gamma', (shape[-1],))
        if self.center:
            self.add_weight('beta', (shape[-1],))
        self.add_weight('moving_mean', (shape[-1],))
        self.add_weight('moving_variance', (shape[-1],))


class Activation(Layer):
    def __init__(self, activation, name=None):
        Layer.__init__(self, name)


class ReLU(Layer):
    def __init__(self, max_value=None, name=None):
        Layer.__init__(self, name)


class Dropout(Layer):
    def __init__(self, rate, name=None):
        Layer.__init__(self, name)


class ZeroPadding2D(Layer):
    def __init__(self, padding=(1, 1), name=None):
        Layer.__init__(self, name)
        if isinstance(padding, int):
            padding = ((padding, padding), (padding, padding))
        elif isinstance(padding[0], int):
            padding = ((padding[0], padding[0]), (padding[1], padding[1]))
        self.padding = padding

    def output_shape(self, shape):
        grow = lambda n, p: None if n is None else n + p[0] + p[1]
        return (shape[0], grow(shape[1], self.padding[0]), grow(shape[2], self.padding[1]), shape[3])


class MaxPooling2D(Layer):
    def __init__(self, pool_size=(2, 2), strides=None, padding='valid', name=None):
        Layer.__init__(self, name)
        self.pool, self.strides, self.padding = pair(pool_size), pair(strides or pool_size), padding

    def output_shape(self, shape):
        return (shape[0], conv_length(shape[1], self.pool[0], self.padding, self.strides[0]),
                conv_length(shape[2], self.pool[1], self.padding, self.strides[1]), shape[3])


class AveragePooling2D(MaxPooling2D):
    pass


class GlobalAveragePooling2D(Layer):
    def output_shape(self, shape):
        return (shape[0], shape[3])


class GlobalMaxPooling2D(GlobalAveragePooling2D):
    pass


class Flatten(Layer):
    def output_shape(self, shape):
        return (shape[0], int(np.prod(shape[1:])))


class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, name=None):
        Layer.__init__(self, name)
        self.units, self.use_bias = units, use_bias

    def build(self, shape):
        self.add_weight('kernel', (shape[-1], self.units))
        if self.use_bias:
            self.add_weight('bias', (self.units,))

    def output_shape(self, shape):
        return shape[:-1] + (self.units,)


class Reshape(Layer):
    def __init__(self, target_shape, name=None):
        Layer.__init__(self, name)
        self.target = tuple(target_shape)

    def output_shape(self, shape):
        return (shape[0],) + self.target


class Add(Layer):
    def output_shape(self, shapes):
        return shapes[0]


class Concatenate(Layer):
    def __init__(self, axis=-1, name=None):
        Layer.__init__(self, name)

    def output_shape(self, shapes):
        return shapes[0][:-1] + (sum(s[-1] for s in shapes),)


def add(inputs, name=None):
    return Add(name=name)(inputs)


def concatenate(inputs, axis=-1, name=None):
    return Concatenate(axis=axis, name=name)(inputs)


class Model(object):
    """The layers of keras@2.2.4 `_map_graph_network`: by decreasing depth, then by the walk's order."""

    def __init__(self, inputs, outputs, name=None):
        self.name = name
        self.output_shape = outputs.shape
        layer_indices, order, finished = {}, [], set()

        def build_map(node):
            if node in finished:
                return
            layer_indices.setdefault(node.layer, len(layer_indices))
            for x in node.inputs:
                build_map(x.node)
            finished.add(node)
            order.append(node)

        build_map(outputs.node)
        node_depth, layer_depth = {}, {}
        for node in reversed(order):
            depth = max(node_depth.setdefault(node, 0), layer_depth.get(node.layer, 0))
            layer_depth[node.layer] = depth
            node_depth[node] = depth
            for x in node.inputs:
                node_depth[x.node] = max(depth + 1, node_depth.get(x.node, 0))
        self.layers = sorted(layer_depth, key=lambda l: (-layer_depth[l], layer_indices[l]))


class WouldDownload(Exception):
    pass


def get_file(fname, origin, cache_subdir='datasets', file_hash=None, md5_hash=None, **kwargs):
    raise WouldDownload({'fname': fname, 'origin': origin, 'file_hash': file_hash or md5_hash,
                         'cache_subdir': cache_subdir})


def get_source_inputs(tensor):
    return tensor


backend = types.SimpleNamespace(
    image_data_format=lambda: 'channels_last', floatx=lambda: 'float32', backend=lambda: 'tensorflow',
    is_keras_tensor=lambda x: isinstance(x, Tensor), int_shape=lambda x: x.shape)
layers = types.SimpleNamespace(**{c.__name__: c for c in [
    Conv2D, DepthwiseConv2D, SeparableConv2D, BatchNormalization, Activation, ReLU, Dropout, ZeroPadding2D,
    MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Dense, Reshape, Add,
    Concatenate]}, Input=Input, add=add, concatenate=concatenate)
models = types.SimpleNamespace(Model=Model)
utils = types.SimpleNamespace(get_file=get_file, get_source_inputs=get_source_inputs)
KERAS = dict(backend=backend, layers=layers, models=models, utils=utils)


# ---- the goldens ----

def describe(model):
    return {
        'model_name': model.name,
        'output_shape': list(model.output_shape),
        'params': sum(int(np.prod(s)) for l in model.layers for _, s in l.weights),
        'layers': [{'name': l.name, 'class': 'InputLayer' if isinstance(l, InputLayer) else type(l).__name__,
                    'weights': [[n, s] for n, s in l.weights]} for l in model.layers],
    }


def build(ka, module, function, **kwargs):
    _uids.clear()  # each model in a fresh session (K.clear_session())
    return getattr(getattr(ka, module), function)(**dict(kwargs, **KERAS))


def download_of(ka, module, function, **kwargs):
    _uids.clear()
    try:
        getattr(getattr(ka, module), function)(weights='imagenet', **dict(kwargs, **KERAS))
    except WouldDownload as e:
        return dict(e.args[0], function=function, arguments={k: list(v) if isinstance(v, tuple) else v
                                                              for k, v in kwargs.items()})
    raise AssertionError('no download for %s %s' % (function, kwargs))


MODELS = [
    # (case, module, function, arguments, Keras's documented parameter count or None)
    ('vgg16', 'vgg16', 'VGG16', {}, 138357544),
    ('vgg16_notop', 'vgg16', 'VGG16', {'include_top': False}, None),
    ('vgg16_notop_max', 'vgg16', 'VGG16', {'include_top': False, 'pooling': 'max', 'input_shape': (48, 64, 3)}, None),
    ('vgg19', 'vgg19', 'VGG19', {}, 143667240),
    ('vgg19_notop', 'vgg19', 'VGG19', {'include_top': False}, None),
    ('resnet50', 'resnet50', 'ResNet50', {}, 25636712),
    ('resnet50_notop', 'resnet50', 'ResNet50', {'include_top': False}, None),
    ('resnet50_notop_avg', 'resnet50', 'ResNet50', {'include_top': False, 'pooling': 'avg', 'input_shape': (64, 64, 3)}, None),
    ('mobilenet', 'mobilenet', 'MobileNet', {}, 4253864),
    ('mobilenet_notop', 'mobilenet', 'MobileNet', {'include_top': False}, None),
    ('mobilenet_025_128_notop', 'mobilenet', 'MobileNet', {'include_top': False, 'alpha': 0.25, 'input_shape': (128, 128, 3)}, None),
    ('mobilenet_050_dm2_160_10', 'mobilenet', 'MobileNet', {'alpha': 0.5, 'depth_multiplier': 2, 'input_shape': (160, 160, 3), 'classes': 10}, None),
    ('mobilenet_v2', 'mobilenet_v2', 'MobileNetV2', {}, 3538984),
    ('mobilenet_v2_notop', 'mobilenet_v2', 'MobileNetV2', {'include_top': False}, None),
    ('mobilenet_v2_035_96_notop', 'mobilenet_v2', 'MobileNetV2', {'include_top': False, 'alpha': 0.35, 'input_shape': (96, 96, 3)}, None),
    ('mobilenet_v2_140', 'mobilenet_v2', 'MobileNetV2', {'alpha': 1.4}, None),
    ('mobilenet_v2_notop_odd', 'mobilenet_v2', 'MobileNetV2', {'include_top': False, 'alpha': 0.35, 'input_shape': (75, 99, 3), 'pooling': 'max'}, None),
    ('inception_v3', 'inception_v3', 'InceptionV3', {}, 23851784),
    ('inception_v3_notop', 'inception_v3', 'InceptionV3', {'include_top': False}, None),
    ('xception', 'xception', 'Xception', {}, 22910480),
    ('xception_notop', 'xception', 'Xception', {'include_top': False}, None),
]

DOWNLOADS = [
    ('vgg16', 'vgg16', 'VGG16', {}), ('vgg16_notop', 'vgg16', 'VGG16', {'include_top': False}),
    ('vgg19', 'vgg19', 'VGG19', {}), ('vgg19_notop', 'vgg19', 'VGG19', {'include_top': False}),
    ('resnet50', 'resnet50', 'ResNet50', {}), ('resnet50_notop', 'resnet50', 'ResNet50', {'include_top': False}),
    ('mobilenet', 'mobilenet', 'MobileNet', {}),
    ('mobilenet_025_128_notop', 'mobilenet', 'MobileNet', {'include_top': False, 'alpha': 0.25, 'input_shape': (128, 128, 3)}),
    ('mobilenet_075_160', 'mobilenet', 'MobileNet', {'alpha': 0.75, 'input_shape': (160, 160, 3)}),
    ('mobilenet_050_notop_100', 'mobilenet', 'MobileNet', {'include_top': False, 'alpha': 0.5, 'input_shape': (100, 100, 3)}),
    ('mobilenet_v2', 'mobilenet_v2', 'MobileNetV2', {}),
    ('mobilenet_v2_035_96_notop', 'mobilenet_v2', 'MobileNetV2', {'include_top': False, 'alpha': 0.35, 'input_shape': (96, 96, 3)}),
    ('mobilenet_v2_130_notop', 'mobilenet_v2', 'MobileNetV2', {'include_top': False, 'alpha': 1.3}),
    ('inception_v3', 'inception_v3', 'InceptionV3', {}), ('inception_v3_notop', 'inception_v3', 'InceptionV3', {'include_top': False}),
    ('xception', 'xception', 'Xception', {}), ('xception_notop', 'xception', 'Xception', {'include_top': False}),
]

ERRORS = [
    # (case, module, function, arguments)
    ('too_small', 'vgg16', 'VGG16', {'weights': None, 'include_top': False, 'input_shape': (16, 16, 3)}),
    ('too_small_inception', 'inception_v3', 'InceptionV3', {'weights': None, 'include_top': False, 'input_shape': (74, 80, 3)}),
    ('too_small_xception', 'xception', 'Xception', {'weights': None, 'include_top': False, 'input_shape': (100, 70, 3)}),
    ('too_small_mobilenet', 'mobilenet', 'MobileNet', {'weights': None, 'include_top': False, 'input_shape': (31, 31, 3)}),
    ('imagenet_top_shape', 'vgg16', 'VGG16', {'input_shape': (200, 200, 3)}),
    ('imagenet_top_channels', 'resnet50', 'ResNet50', {'input_shape': (224, 224, 1)}),
    ('imagenet_channels', 'vgg19', 'VGG19', {'include_top': False, 'input_shape': (64, 64, 1)}),
    ('top_needs_static_shape', 'resnet50', 'ResNet50', {'weights': None, 'input_shape': (None, None, 3)}),
    ('rank', 'vgg16', 'VGG16', {'weights': None, 'include_top': False, 'input_shape': (64, 64)}),
    ('imagenet_classes', 'vgg16', 'VGG16', {'classes': 10}),
    ('imagenet_classes_mobilenet', 'mobilenet', 'MobileNet', {'classes': 10}),
    ('bad_weights', 'xception', 'Xception', {'weights': 'no/such/file.h5'}),
    ('mobilenet_alpha', 'mobilenet', 'MobileNet', {'alpha': 0.3}),
    ('mobilenet_depth_multiplier', 'mobilenet', 'MobileNet', {'depth_multiplier': 2}),
    ('mobilenet_v2_alpha', 'mobilenet_v2', 'MobileNetV2', {'alpha': 0.6}),
]


def main():
    ka = load_keras_applications()
    assert ka.__version__ == TAG, ka.__version__

    architectures = {}
    for case, module, function, kwargs, published in MODELS:
        d = describe(build(ka, module, function, weights=None, **kwargs))
        d.update(module=module, function=function, arguments={k: list(v) if isinstance(v, tuple) else v
                                                               for k, v in kwargs.items()})
        if published is not None:
            assert d['params'] == published, (case, d['params'], published)
        architectures[case] = d
    downloads = {case: download_of(ka, module, function, **kwargs) for case, module, function, kwargs in DOWNLOADS}

    errors = {}
    for case, module, function, kwargs in ERRORS:
        try:
            build(ka, module, function, **kwargs)
        except ValueError as e:
            errors[case] = {'module': module, 'function': function, 'message': str(e),
                            'arguments': {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}}
        else:
            raise AssertionError(case)

    # preprocess_input: every mode and data format, float32 and uint8 input, one 3D image.
    rng = np.random.RandomState(14)
    images = rng.randint(0, 256, size=(2, 3, 4, 3)).astype(np.uint8)
    preprocess = []
    for mode in ['caffe', 'tf', 'torch']:
        for data_format in ['channels_last', 'channels_first']:
            for dtype in ['float32', 'uint8']:
                x = images if data_format == 'channels_last' else images.transpose(0, 3, 1, 2)
                x = np.ascontiguousarray(x).astype(dtype)
                y = ka.imagenet_utils.preprocess_input(x.copy(), data_format=data_format, mode=mode, backend=backend)
                preprocess.append({'mode': mode, 'data_format': data_format, 'dtype': dtype,
                                   'input': {'shape': list(x.shape), 'data': x.astype(np.float64).ravel().tolist()},
                                   'output': {'shape': list(y.shape), 'data': y.astype(np.float64).ravel().tolist()},
                                   'output_dtype': str(y.dtype)})
        x = images[0].astype(np.float32)
        y = ka.imagenet_utils.preprocess_input(x.copy(), data_format='channels_last', mode=mode, backend=backend)
        preprocess.append({'mode': mode, 'data_format': 'channels_last', 'dtype': 'float32',
                           'input': {'shape': list(x.shape), 'data': x.astype(np.float64).ravel().tolist()},
                           'output': {'shape': list(y.shape), 'data': y.astype(np.float64).ravel().tolist()},
                           'output_dtype': str(y.dtype)})

    # A class index in the real file's format: 1000 classes, "index": [wnid, description].
    models_dir = os.path.join(HERE, 'models')
    os.makedirs(models_dir, exist_ok=True)
    index = {str(i): ['n%08d' % (1440764 + 7 * i), 'class_%03d' % i] for i in range(1000)}
    index_path = os.path.join(models_dir, 'imagenet_class_index.json')
    with open(index_path, 'w') as f:
        json.dump(index, f)

    scores = rng.dirichlet(np.ones(1000), size=2).astype(np.float32)
    ka.imagenet_utils.CLASS_INDEX = None
    decode_utils = types.SimpleNamespace(get_file=lambda *a, **k: index_path)
    decode = {'preds': {'shape': list(scores.shape), 'data': scores.astype(np.float64).ravel().tolist()}, 'top': {}}
    for top in [5, 3, 1]:
        result = ka.imagenet_utils.decode_predictions(scores, top=top, utils=decode_utils)
        decode['top'][str(top)] = [[[c, d, float(s)] for c, d, s in row] for row in result]
    try:
        ka.imagenet_utils.decode_predictions(scores[:, :10], utils=decode_utils)
    except ValueError as e:
        decode['shape_error'] = str(e)

    def write(name, value, compact=False):
        with open(os.path.join(HERE, name), 'w') as f:
            if compact:
                # One layer per line: readable diffs, small file.
                f.write('{\n')
                items = list(value.items())
                for k, (case, d) in enumerate(items):
                    head = {key: d[key] for key in d if key != 'layers'}
                    f.write('%s: %s, "layers": [\n' % (json.dumps(case), json.dumps(head)[:-1]))
                    f.write(',\n'.join(json.dumps(l) for l in d['layers']))
                    f.write(']}' + (',' if k < len(items) - 1 else '') + '\n')
                f.write('}\n')
            else:
                json.dump(value, f, indent=1)
                f.write('\n')

    # A Keras 1 weights file as keras@1.2 topology.save_weights_to_hdf5_group wrote them: layer_names, and per layer
    # weight_names (W, b; BatchNormalization's gamma, beta, running_mean, running_std) with its datasets.
    keras1 = [('input_1', []),
              ('conv1', [('conv1_W:0', (3, 3, 3, 4)), ('conv1_b:0', (4,))]),
              ('bn_conv1', [('bn_conv1_gamma:0', (4,)), ('bn_conv1_beta:0', (4,)), ('bn_conv1_running_mean:0', (4,)),
                            ('bn_conv1_running_std:0', (4,))]),
              ('sep', [('sep_depthwise_kernel:0', (3, 3, 4, 1)), ('sep_pointwise_kernel:0', (1, 1, 4, 5)), ('sep_b:0', (5,))]),
              ('dw', [('dw_depthwise_kernel:0', (3, 3, 5, 1))]),
              ('pool', []),
              ('fc', [('fc_W:0', (5, 2)), ('fc_b:0', (2,))])]
    values = {}
    with h5py.File(os.path.join(HERE, 'keras1_style.h5'), 'w') as f:
        f.attrs['layer_names'] = [name.encode('utf8') for name, _ in keras1]
        for name, weights in keras1:
            g = f.create_group(name)
            g.attrs['weight_names'] = [w.encode('utf8') for w, _ in weights]
            for w, shape in weights:
                v = rng.uniform(0.5, 1.5, size=shape).astype(np.float32)
                g.create_dataset(w, data=v)
                values[w] = {'shape': list(shape), 'data': v.astype(np.float64).ravel().tolist()}
    write('keras1_style.json', values)

    for case, d in architectures.items():
        d['imagenet_file'] = downloads.get(case)
    write('architectures.json', architectures, compact=True)
    write('downloads.json', downloads)
    write('errors.json', errors)
    write('preprocess.json', preprocess)
    write('decode.json', decode)
    for case, d in architectures.items():
        print('%-28s %12d params  %-26s %4d layers' % (case, d['params'], d['output_shape'], len(d['layers'])))


if __name__ == '__main__':
    main()
