#!/usr/bin/python3
"""Checks a KerasSharp-written model.json + model.h5 the way standalone Keras 2.2.4 / 2.3.1 reads them.

Usage: /usr/bin/python3 check_written_files.py FOLDER          (FOLDER holds model.json and model.h5)
       /usr/bin/python3 check_written_files.py --model FILE    (a whole-model file written by model.Save)

Mirrors keras@2.3.1 keras/engine/saving.py (`load_attributes_from_hdf5_group`,
`load_weights_from_hdf5_group`; 2.2.4 has the same code for these paths) using only numpy + h5py, and
derives every weight shape independently from model.json by walking the Sequential config layer by
layer from the first layer's batch_input_shape (keras/utils/conv_utils.py `conv_output_length` rules).
Prints one line per check and summary statistics per dataset; exits 1 on any failure.

With --model it reads a whole-model file the way keras@2.2.4 `load_model` does (engine/saving.py
`_deserialize_model` through utils/io_utils.py `H5Dict`; 2.3.1 has the same code): `.decode('utf-8')` on
model_config and training_config, the model_weights group's keras_version/backend, layer_names and
weight_names, and `n.decode('utf8')` on each optimizer_weights weight_names entry.
"""
import json
import os
import sys

import h5py
import numpy as np

failures = []


def ok(msg):
    print('PASS  ' + msg)


def fail(msg):
    failures.append(msg)
    print('FAIL  ' + msg)


def info(msg):
    print('INFO  ' + msg)


def check(cond, msg):
    (ok if cond else fail)(msg)
    return cond


# --- keras@2.3.1 engine/saving.py, verbatim logic ---------------------------------------------------
def load_attributes_from_hdf5_group(group, name):
    if name in group.attrs:
        data = [n.decode('utf8') for n in group.attrs[name]]
    else:
        data = []
        chunk_id = 0
        while ('%s%d' % (name, chunk_id)) in group.attrs:
            data.extend([n.decode('utf8') for n in group.attrs['%s%d' % (name, chunk_id)]])
            chunk_id += 1
    return data


# --- low-level description of an attribute's stored HDF5 type --------------------------------------
def attr_type_text(obj, name):
    aid = h5py.h5a.open(obj.id, name.encode())
    t = aid.get_type()
    space = aid.get_space()
    shape = space.shape
    if isinstance(t, h5py.h5t.TypeStringID):
        vlen = t.is_variable_str()
        cset = {h5py.h5t.CSET_ASCII: 'ASCII', h5py.h5t.CSET_UTF8: 'UTF8'}.get(t.get_cset(), '?')
        pad = {h5py.h5t.STR_NULLTERM: 'NULLTERM', h5py.h5t.STR_NULLPAD: 'NULLPAD',
               h5py.h5t.STR_SPACEPAD: 'SPACEPAD'}.get(t.get_strpad(), '?')
        size = 'variable' if vlen else str(t.get_size())
        return 'string(%s, size=%s, cset=%s, pad=%s) shape=%s' % (
            'vlen' if vlen else 'fixed', size, cset, pad, shape), vlen
    return 'class=%d size=%d shape=%s' % (t.get_class(), t.get_size(), shape), False


# --- weight shapes implied by model.json -------------------------------------------------------------
def conv_output_length(n, k, padding, stride, dilation=1):
    if n is None:
        return None
    d = (k - 1) * dilation + 1
    if padding in ('same', 'causal'):
        out = n
    elif padding == 'valid':
        out = n - d + 1
    elif padding == 'full':
        out = n + d - 1
    else:
        raise ValueError('unknown padding %r' % padding)
    return (out + stride - 1) // stride


def pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def expected_weights(class_name, cfg, in_shape):
    """Returns (weights [(suffix, shape)], output shape) for one layer, given its input shape (with batch dim)."""
    name = cfg['name']
    if class_name == 'Conv2D':
        cl = cfg.get('data_format', 'channels_last') == 'channels_last'
        h, w, c = (in_shape[1], in_shape[2], in_shape[3]) if cl else (in_shape[2], in_shape[3], in_shape[1])
        kh, kw = pair(cfg['kernel_size'])
        sh, sw = pair(cfg.get('strides', 1))
        dh, dw = pair(cfg.get('dilation_rate', 1))
        f = cfg['filters']
        oh = conv_output_length(h, kh, cfg['padding'], sh, dh)
        ow = conv_output_length(w, kw, cfg['padding'], sw, dw)
        ws = [('kernel', (kh, kw, c, f))]
        if cfg.get('use_bias', True):
            ws.append(('bias', (f,)))
        return ws, ((None, oh, ow, f) if cl else (None, f, oh, ow))
    if class_name in ('MaxPooling2D', 'AveragePooling2D'):
        cl = cfg.get('data_format', 'channels_last') == 'channels_last'
        h, w, c = (in_shape[1], in_shape[2], in_shape[3]) if cl else (in_shape[2], in_shape[3], in_shape[1])
        ph, pw = pair(cfg['pool_size'])
        sh, sw = pair(cfg.get('strides') or cfg['pool_size'])
        oh = conv_output_length(h, ph, cfg['padding'], sh)
        ow = conv_output_length(w, pw, cfg['padding'], sw)
        return [], ((None, oh, ow, c) if cl else (None, c, oh, ow))
    if class_name == 'BatchNormalization':
        axis = cfg.get('axis', -1)
        if isinstance(axis, list):
            if len(axis) != 1:
                raise ValueError('%s: multi-axis BatchNormalization not handled' % name)
            axis = axis[0]
        dim = in_shape[axis]
        ws = []
        if cfg.get('scale', True):
            ws.append(('gamma', (dim,)))
        if cfg.get('center', True):
            ws.append(('beta', (dim,)))
        ws += [('moving_mean', (dim,)), ('moving_variance', (dim,))]
        return ws, in_shape
    if class_name == 'Dense':
        units = cfg['units']
        ws = [('kernel', (in_shape[-1], units))]
        if cfg.get('use_bias', True):
            ws.append(('bias', (units,)))
        return ws, tuple(in_shape[:-1]) + (units,)
    if class_name == 'Flatten':
        rest = in_shape[1:]
        return [], (None, int(np.prod(rest)) if all(d is not None for d in rest) else None)
    if class_name in ('Activation', 'Dropout', 'ReLU', 'ELU', 'LeakyReLU', 'SpatialDropout2D',
                      'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization'):
        return [], in_shape
    raise ValueError('%s: layer class %s is not handled by this checker' % (name, class_name))


# --- keras@2.2.4 utils/io_utils.py H5Dict.__getitem__ on an h5py group, verbatim logic ---------------
def h5dict_get(group, attr):
    if attr in group.attrs:
        val = group.attrs[attr]
        if type(val).__module__ == np.__name__:
            if val.dtype.type == np.string_:
                val = val.tolist()
        return val
    if attr in group:
        val = group[attr]
        return np.asarray(val) if isinstance(val, h5py.Dataset) else val
    chunk_attr = '%s%d' % (attr, 0)
    if chunk_attr not in group.attrs:
        raise KeyError(attr)
    val = []
    chunk_id = 0
    while chunk_attr in group.attrs:
        val.extend([x.decode('utf8') for x in group.attrs[chunk_attr]])
        chunk_id += 1
        chunk_attr = '%s%d' % (attr, chunk_id)
    return val


def check_model_file(path):
    """keras@2.2.4 engine/saving.py _deserialize_model, reading only (no Keras)."""
    info('h5py %s, numpy %s, HDF5 %s' % (h5py.__version__, np.__version__, h5py.version.hdf5_version))
    info('file %s' % path)
    f = h5py.File(path, 'r')
    for key in sorted(f.attrs.keys()):
        info('root attr %s stored as %s' % (key, attr_type_text(f, key)[0]))
    try:
        model_config = json.loads(h5dict_get(f, 'model_config').decode('utf-8'))
        ok("model_config .decode('utf-8') and json.loads")
    except (AttributeError, KeyError, ValueError) as e:
        fail("model_config .decode('utf-8'): %s: %s" % (type(e).__name__, e))
        return
    for key in ('keras_version', 'backend'):
        try:
            ok("root attr %s .decode('utf8') -> %r" % (key, h5dict_get(f, key).decode('utf8')))
        except (AttributeError, KeyError) as e:
            fail("root attr %s .decode('utf8'): %s: %s" % (key, type(e).__name__, e))
    if not check(model_config.get('class_name') == 'Sequential', 'model_config is a Sequential model'):
        return
    cfg = model_config['config']
    layers = cfg['layers'] if isinstance(cfg, dict) else cfg
    shape = tuple(layers[0]['config']['batch_input_shape'])
    expected = []  # (layer name, [(suffix, shape)])
    for l in layers:
        ws, shape = expected_weights(l['class_name'], l['config'], shape)
        expected.append((l['config']['name'], ws))
    weighted = [(n, ws) for n, ws in expected if ws]
    info('model_config: %d layers, %d with weights' % (len(expected), len(weighted)))

    g = h5dict_get(f, 'model_weights')
    for key in ('keras_version', 'backend'):
        try:
            ok("model_weights %s .decode('utf8') -> %r" % (key, h5dict_get(g, key).decode('utf8')))
        except (AttributeError, KeyError) as e:
            fail("model_weights %s .decode('utf8'): %s: %s" % (key, type(e).__name__, e))
    layer_names = h5dict_get(g, 'layer_names')
    info('model_weights layer_names stored as %s' % attr_type_text(g, 'layer_names')[0])
    check(all(isinstance(n, bytes) for n in layer_names), 'layer_names come back as bytes (%d names)' % len(layer_names))
    check([n.decode('utf8') for n in layer_names] == [n for n, _ in expected], 'layer_names equal model_config layer order')
    filtered = []
    for name in layer_names:
        weight_names = h5dict_get(g[name], 'weight_names')
        if len(weight_names):
            filtered.append((name, weight_names))
    check(len(filtered) == len(weighted), '%d layers with weights, model_config implies %d' % (len(filtered), len(weighted)))
    trainable = []  # shapes of model.trainable_weights, in Keras order
    for (name, weight_names), (_, ws) in zip(filtered, weighted):
        info('/model_weights/%s weight_names stored as %s' % (name.decode('utf8'), attr_type_text(g[name], 'weight_names')[0]))
        values = [np.asarray(g[name][wn]) for wn in weight_names]
        check([v.shape for v in values] == [s for _, s in ws],
              '%s weights %s have the shapes model_config implies' % (name.decode('utf8'), [wn.decode('utf8') for wn in weight_names]))
        trainable += [s for suffix, s in ws if not suffix.startswith('moving_')]

    try:
        training_config = json.loads(h5dict_get(f, 'training_config').decode('utf-8'))
        ok("training_config .decode('utf-8') -> %s" % json.dumps(training_config, sort_keys=True))
    except (AttributeError, KeyError, ValueError) as e:
        fail("training_config .decode('utf-8'): %s: %s" % (type(e).__name__, e))
        return
    opt = training_config['optimizer_config']['class_name']
    og = h5dict_get(f, 'optimizer_weights')
    info('optimizer_weights weight_names stored as %s' % attr_type_text(og, 'weight_names')[0])
    try:
        names = [n.decode('utf8') for n in h5dict_get(og, 'weight_names')]
        ok("optimizer_weights weight_names: every n.decode('utf8') works (%d names)" % len(names))
    except AttributeError as e:
        fail("optimizer_weights weight_names n.decode('utf8'): %s" % e)
        return
    values = [np.asarray(h5dict_get(og, n)) for n in names]
    # keras@2.3.1 optimizers.py: self.weights = [iterations] + one slot list per kind, each over the trainable weights.
    kinds = {'SGD': ['moments'], 'RMSprop': ['accumulators'], 'Adagrad': ['accumulators'],
             'Adadelta': ['accumulators', 'delta_accumulators'], 'Adam': ['ms', 'vs', 'vhats'],
             'Adamax': ['ms', 'us']}.get(opt)
    if kinds is None:
        fail('optimizer %s is not handled by this checker' % opt)
        return
    amsgrad = training_config['optimizer_config']['config'].get('amsgrad')
    want = [()]
    for kind in kinds:
        want += [(1,) if kind == 'vhats' and not amsgrad else s for s in trainable]
    check(values[0].shape == () and values[0].dtype.kind == 'i', '%s iterations is an integer scalar (%s)' % (names[0], values[0].dtype))
    check([v.shape for v in values] == want,
          '%d optimizer weights with the shapes of keras@2.3.1 %s.get_weights(): iterations, %s' % (len(values), opt, ' + '.join(kinds)))
    print()
    for n, v in zip(names, values):
        print('STATS %-50s %-18s %18.6f' % (n, str(v.shape), float(np.asarray(v, np.float64).sum())))
    f.close()


def main(folder):
    json_path = os.path.join(folder, 'model.json')
    h5_path = os.path.join(folder, 'model.h5')
    info('h5py %s, numpy %s, HDF5 %s' % (h5py.__version__, np.__version__, h5py.version.hdf5_version))
    info('folder %s' % folder)

    # ---- model.json ----
    with open(json_path) as fh:
        model = json.load(fh)
    info('model.json: class_name=%s keras_version=%s backend=%s' % (
        model.get('class_name'), model.get('keras_version'), model.get('backend')))
    if not check(model.get('class_name') == 'Sequential', 'model.json is a Sequential model'):
        return
    cfg = model['config']
    # Keras 2.2.0+ writes {'name', 'layers'}; earlier Keras 2 wrote the bare list. 2.3.1 reads both.
    layers = cfg['layers'] if isinstance(cfg, dict) else cfg
    json_names = [l['config']['name'] for l in layers]
    bis = layers[0]['config'].get('batch_input_shape')
    if not check(bis is not None, 'first layer has batch_input_shape %s' % (bis,)):
        return
    shape = tuple(bis)
    expected = {}  # layer name -> [(suffix, shape)]
    for l in layers:
        try:
            ws, out = expected_weights(l['class_name'], l['config'], shape)
        except (ValueError, KeyError, IndexError) as e:
            fail('cannot derive shapes: %s' % e)
            return
        info('json  %-22s %-20s in=%-22s out=%-22s weights=%s' % (
            l['config']['name'], l['class_name'], shape, out, [s for _, s in ws]))
        expected[l['config']['name']] = ws
        shape = out
    json_weighted = [n for n in json_names if expected[n]]
    expected_total = sum(int(np.prod(s)) for n in json_names for _, s in expected[n])
    info('json  %d layers, %d with weights, %d parameters implied' % (
        len(json_names), len(json_weighted), expected_total))

    # ---- model.h5 ----
    f = h5py.File(h5_path, 'r')
    info('h5 root attrs: %s' % sorted(f.attrs.keys()))
    for key in ('keras_version', 'backend'):
        if not check(key in f.attrs, 'root attr %s present' % key):
            continue
        desc, vlen = attr_type_text(f, key)
        info('root attr %s stored as %s' % (key, desc))
        v = f.attrs[key]
        check(isinstance(v, bytes), 'root attr %s read by h5py as bytes (%s), so .decode works' % (key, type(v).__name__))
        try:
            text = v.decode('utf8')
            ok('root attr %s .decode(\'utf8\') -> %r' % (key, text))
            if model.get(key) is not None:
                check(text == model.get(key), 'root attr %s equals model.json %s' % (key, key))
        except AttributeError as e:
            fail('root attr %s .decode: %s' % (key, e))

    if 'layer_names' in f.attrs:
        desc, vlen = attr_type_text(f, 'layer_names')
        info('root attr layer_names stored as %s' % desc)
        arr = f.attrs['layer_names']
        check(not vlen and getattr(arr, 'dtype', None) is not None and arr.dtype.kind == 'S',
              'layer_names is a fixed-length bytes array (dtype %s)' % getattr(arr, 'dtype', type(arr)))
    else:
        check(any(k.startswith('layer_names') for k in f.attrs), 'root attr layer_names (or chunked layer_names0..) present')
    try:
        layer_names = load_attributes_from_hdf5_group(f, 'layer_names')
        ok('layer_names: every element .decode(\'utf8\') -> %d names' % len(layer_names))
    except AttributeError as e:
        fail('layer_names: .decode failed (%s)' % e)
        return
    check(layer_names == json_names, 'layer_names equals model.json layer order (all %d layers)' % len(json_names))

    # load_weights_from_hdf5_group: filter the file's layers that have weight_names.
    filtered = []
    total = 0
    stats = []
    for name in layer_names:
        if not check(name in f, 'group /%s exists' % name):
            continue
        g = f[name]
        if 'weight_names' not in g.attrs:
            fail('/%s has no weight_names attribute' % name)
            continue
        desc, vlen = attr_type_text(g, 'weight_names')
        raw = g.attrs['weight_names']
        try:
            weight_names = load_attributes_from_hdf5_group(g, 'weight_names')
        except AttributeError as e:
            fail('/%s weight_names .decode failed (%s); stored as %s' % (name, e, desc))
            continue
        if not weight_names:
            check(isinstance(raw, np.ndarray) and raw.size == 0 and raw.dtype == np.float64,
                  '/%s weight_names is an empty float64 array (stored as %s)' % (name, desc))
            check(len(g.keys()) == 0, '/%s has no members' % name)
            check(not expected.get(name), '/%s weightless, as model.json implies' % name)
            continue
        check(not vlen and raw.dtype.kind == 'S',
              '/%s weight_names fixed-length bytes, .decode ok: %s  [%s]' % (name, weight_names, desc))
        filtered.append(name)
        exp = expected.get(name, [])
        check(len(weight_names) == len(exp),
              '/%s has %d weights, model.json implies %d' % (name, len(weight_names), len(exp)))
        for i, wn in enumerate(weight_names):
            if not check(wn in g and isinstance(g[wn], h5py.Dataset), '/%s/%s dataset exists at group[name]' % (name, wn)):
                continue
            ds = g[wn]
            val = np.asarray(ds)  # what Keras does: np.asarray(g[weight_name])
            check(ds.dtype == np.float32, '/%s/%s dtype float32 (%s)' % (name, wn, ds.dtype))
            if i < len(exp):
                suffix, eshape = exp[i]
                check(wn == '%s/%s:0' % (name, suffix),
                      '/%s weight %d named %r (expected %r)' % (name, i, wn, '%s/%s:0' % (name, suffix)))
                check(tuple(val.shape) == tuple(eshape),
                      '/%s/%s shape %s == model.json-implied %s' % (name, wn, tuple(val.shape), tuple(eshape)))
            check(bool(np.all(np.isfinite(val))), '/%s/%s all values finite' % (name, wn))
            total += val.size
            v64 = val.astype(np.float64)
            stats.append((name + '/' + wn, tuple(val.shape), round(float(v64.sum()), 6),
                          round(float(np.abs(v64).mean()), 6) if val.size else 0.0))
        extra = set()
        g.visititems(lambda n, o: extra.add(n) if isinstance(o, h5py.Dataset) else None)
        extra -= set(weight_names)
        check(not extra, '/%s holds no datasets beyond weight_names%s' % (name, (' (extra: %s)' % sorted(extra)) if extra else ''))

    check(filtered == json_weighted,
          'layers with weights in the file %s match model.json weighted layers in order' % filtered)
    check(total == expected_total, 'total parameters in file %d == model.json-implied %d' % (total, expected_total))

    print()
    print('STATS %-66s %-18s %18s %14s' % ('dataset', 'shape', 'sum', 'mean|x|'))
    for n, s, sm, ma in stats:
        print('STATS %-66s %-18s %18.6f %14.6f' % (n, str(s), sm, ma))
    f.close()


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--model':
        run, arg = check_model_file, sys.argv[2]
    elif len(sys.argv) == 2:
        run, arg = main, sys.argv[1]
    else:
        print(__doc__)
        sys.exit(2)
    try:
        run(arg)
    except Exception as e:  # any crash reading the files is a failure too
        fail('unexpected error: %s: %s' % (type(e).__name__, e))
    print()
    if failures:
        print('RESULT: FAIL (%d failures)' % len(failures))
        for m in failures:
            print('  - ' + m)
        sys.exit(1)
    print('RESULT: PASS')
