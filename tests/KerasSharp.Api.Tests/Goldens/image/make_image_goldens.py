#!/usr/bin/python3
"""Reference goldens for KerasSharp's ImageDataGenerator (Keras 2 / keras_preprocessing semantics).

Run from the repository root (Debian python: python3-keras-preprocessing, python3-scipy, python3-pil):
    /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/image/make_image_goldens.py

Unlike ../make_goldens.py, these values come from the REAL library: keras_preprocessing 1.1.0
(`keras_preprocessing.image.ImageDataGenerator`, which standalone Keras 2.3.1 re-exports as
`keras.preprocessing.image.ImageDataGenerator`) on top of scipy.ndimage and PIL.  The versions are
written into every JSON file ("versions") and must match the README for the numbers to be the same.

Writes, next to this script:
    apply_transform.json        ImageDataGenerator(fill_mode, cval).apply_transform(x, params)
    random_transform_stats.json ImageDataGenerator(**config).get_random_transform((32, 32, 3)) x 10000
    fit_stats.json              ImageDataGenerator(...).fit(x) -> mean / std / principal_components,
                                and .standardize(x[i])

Input: the first test images of the official CIFAR-10 binary version (test_batch.bin; records of
3073 bytes = 1 label byte, then 1024 R, 1024 G, 1024 B bytes, each a row-major 32x32 plane), read
from $KERAS_HOME/datasets/cifar-10-batches-bin, ~/.keras/datasets/..., ../shared/datasets/... (next
to the repository) or /work/shared/datasets/..., converted to (32, 32, 3) float32 0..255,
channels_last.

Deterministic: no randomness except np.random with fixed seeds (section b); rerunning rewrites
identical files.  See reference_affine.py for a numpy re-implementation of apply_transform (and the
exact scipy.ndimage / PIL semantics) that is checked against these files.
"""
from __future__ import print_function

import json
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.linalg
import PIL
import keras_preprocessing
from keras_preprocessing.image import ImageDataGenerator

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(OUT_DIR, '..', '..', '..', '..'))

VERSIONS = {
    'keras_preprocessing': keras_preprocessing.__version__,
    'scipy': scipy.__version__,
    'PIL': PIL.__version__,
    'numpy': np.__version__,
}
EXPECTED_VERSIONS = {'keras_preprocessing': '1.1.0', 'scipy': '1.10.1', 'PIL': '9.4.0'}

DECIMALS = 4  # apply_transform outputs and standardize outputs are rounded to 4 decimals


# ----------------------------------------------------------------------------------------------
# CIFAR-10 (binary version)
# ----------------------------------------------------------------------------------------------

def cifar_test_batch_path():
    candidates = []
    if os.environ.get('KERAS_HOME'):
        candidates.append(os.path.join(os.environ['KERAS_HOME'], 'datasets'))
    candidates.append(os.path.join(os.path.expanduser('~'), '.keras', 'datasets'))
    candidates.append(os.path.join(REPO_ROOT, '..', 'shared', 'datasets'))
    candidates.append('/work/shared/datasets')
    for d in candidates:
        p = os.path.join(d, 'cifar-10-batches-bin', 'test_batch.bin')
        if os.path.isfile(p):
            return p
    raise IOError('CIFAR-10 test_batch.bin not found; looked in: ' + ', '.join(candidates))


def load_cifar_test(n):
    """First n test images as (n, 32, 32, 3) float32 in 0..255 (channels_last), and labels."""
    raw = np.fromfile(cifar_test_batch_path(), dtype=np.uint8)
    rec = raw.reshape(-1, 3073)[:n]
    labels = rec[:, 0].astype(np.int64)
    # bytes 1..3072: R plane, G plane, B plane, each row-major 32x32 -> (n, 3, 32, 32) -> NHWC
    x = rec[:, 1:].reshape(n, 3, 32, 32).transpose(0, 2, 3, 1).astype(np.float32)
    return x, labels


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------

def tensor(a, decimals=None, as_int=False):
    a = np.asarray(a)
    flat = a.reshape(-1)
    if as_int:
        data = [int(v) for v in flat]
    elif decimals is None and a.dtype == np.float32:
        # shortest repr that round-trips to the same float32 (parse as float32 -> exact value)
        data = [float(repr(np.float32(v))) for v in flat]
    elif decimals is None:
        data = [float('%.12g' % v) for v in flat]  # float64 references: 12 significant digits
    else:
        data = [round(float(v), decimals) + 0.0 for v in flat]  # + 0.0: no "-0.0"
    return {'shape': list(a.shape), 'data': data}


def write_json(name, obj):
    path = os.path.join(OUT_DIR, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print('wrote %s (%d bytes)' % (path, os.path.getsize(path)))


# ----------------------------------------------------------------------------------------------
# a. apply_transform cases
# ----------------------------------------------------------------------------------------------

# (name, image_index, params, fill_mode, cval).  params use the keys of
# ImageDataGenerator.get_random_transform's dict (transform_parameters):
#   theta (deg), tx (rows, "height shift", pixels), ty (columns, "width shift", pixels),
#   shear (deg), zx (rows), zy (columns), flip_horizontal, flip_vertical,
#   channel_shift_intensity, brightness.
FILLS = [('nearest', 0.0), ('constant', 0.0), ('constant', 128.0), ('reflect', 0.0), ('wrap', 0.0)]


def fill_tag(mode, cval):
    return mode if mode != 'constant' else 'constant%d' % int(cval)


def build_cases():
    cases = []

    def add(name, img, params, fill_mode='nearest', cval=0.0):
        cases.append((name, img, params, fill_mode, cval))

    add('flip_horizontal', 0, {'flip_horizontal': True})
    add('flip_vertical', 1, {'flip_vertical': True})
    add('flip_both', 2, {'flip_horizontal': True, 'flip_vertical': True})
    for i, (m, c) in enumerate(FILLS):
        add('shift_int_tx3_ty-2_' + fill_tag(m, c), i % 3, {'tx': 3.0, 'ty': -2.0}, m, c)
    add('rotate_90_nearest', 0, {'theta': 90.0})
    add('rotate_-90_nearest', 1, {'theta': -90.0})
    k = 0
    for theta in (15.0, 33.0, -40.0):
        for m, c in FILLS:
            add('rotate_%g_%s' % (theta, fill_tag(m, c)), k % 3, {'theta': theta}, m, c)
            k += 1
    for i, (m, c) in enumerate(FILLS):
        add('shift_frac_tx2.5_ty-1.3_' + fill_tag(m, c), (i + 1) % 3, {'tx': 2.5, 'ty': -1.3}, m, c)
    add('shear_20_nearest', 2, {'shear': 20.0})
    add('shear_20_constant0', 0, {'shear': 20.0}, 'constant', 0.0)
    add('zoom_zx0.8_zy1.2_nearest', 1, {'zx': 0.8, 'zy': 1.2})
    add('zoom_zx1.3_zy1.3_nearest', 2, {'zx': 1.3, 'zy': 1.3})
    add('zoom_zx1.3_zy1.3_constant0', 0, {'zx': 1.3, 'zy': 1.3}, 'constant', 0.0)
    add('zoom_zx1.3_zy1.3_reflect', 1, {'zx': 1.3, 'zy': 1.3}, 'reflect')
    add('zoom_zx1.3_zy1.3_wrap', 2, {'zx': 1.3, 'zy': 1.3}, 'wrap')
    # the CIFAR-10 tutorial augmentation (rotation_range=15, shifts 0.1, horizontal_flip)
    add('tutorial_theta15_tx3_ty-3_fliph', 0,
        {'theta': 15.0, 'tx': 3.0, 'ty': -3.0, 'flip_horizontal': True})
    add('channel_shift_30', 1, {'channel_shift_intensity': 30.0})
    add('channel_shift_-50', 2, {'channel_shift_intensity': -50.0})
    add('brightness_0.5', 0, {'brightness': 0.5})
    add('brightness_1.4', 1, {'brightness': 1.4})
    add('brightness_0.73', 2, {'brightness': 0.73})
    everything = {'theta': 12.0, 'tx': -2.2, 'ty': 1.7, 'shear': 8.0, 'zx': 0.9, 'zy': 1.1,
                  'flip_horizontal': True, 'flip_vertical': True,
                  'channel_shift_intensity': 25.0, 'brightness': 1.2}
    add('all_combined_nearest', 2, dict(everything))
    add('all_combined_reflect', 0, dict(everything), 'reflect')
    add('all_combined_constant64', 1, dict(everything), 'constant', 64.0)
    return cases


CASES = build_cases()


def keras_apply_transform(x, params, fill_mode, cval):
    """keras_preprocessing.image.ImageDataGenerator.apply_transform (image_data_generator.py):
    apply_affine_transform (affine_transformations.py; scipy.ndimage.affine_transform order=1 per
    channel) -> apply_channel_shift -> flip_axis(cols) -> flip_axis(rows) -> apply_brightness_shift."""
    gen = ImageDataGenerator(fill_mode=fill_mode, cval=cval)  # channels_last, interpolation_order=1
    return gen.apply_transform(x.copy(), dict(params))


def make_apply_transform(images):
    out_cases = []
    for name, img, params, fill_mode, cval in CASES:
        y = keras_apply_transform(images[img], params, fill_mode, cval)
        assert y.shape == (32, 32, 3)
        out_cases.append({
            'name': name,
            'image_index': img,
            'params': params,
            'fill_mode': fill_mode,
            'cval': cval,
            'output': tensor(y, DECIMALS),
        })
    return {
        'description': 'keras_preprocessing.image.ImageDataGenerator(fill_mode=fill_mode, cval=cval)'
                       '.apply_transform(images[image_index] as float32 (32,32,3) channels_last, params); '
                       'outputs rounded to %d decimals' % DECIMALS,
        'versions': VERSIONS,
        'images': [tensor(images[i], as_int=True) for i in range(3)],
        'cases': out_cases,
    }


# ----------------------------------------------------------------------------------------------
# b. get_random_transform statistics
# ----------------------------------------------------------------------------------------------

RANDOM_CONFIGS = [
    {'rotation_range': 15},
    {'width_shift_range': 0.1},
    {'height_shift_range': 0.1},
    {'width_shift_range': 4},
    {'height_shift_range': [-2, 5]},
    {'shear_range': 10},
    {'zoom_range': 0.2},
    {'zoom_range': [0.5, 1.5]},
    {'horizontal_flip': True},
    {'vertical_flip': True},
    {'channel_shift_range': 20},
    {'brightness_range': [0.7, 1.3]},
    # the CIFAR-10 tutorial generator, all draws together
    {'rotation_range': 15, 'width_shift_range': 0.1, 'height_shift_range': 0.1,
     'horizontal_flip': True},
]
PARAM_KEYS = ['theta', 'tx', 'ty', 'shear', 'zx', 'zy', 'flip_horizontal', 'flip_vertical',
              'channel_shift_intensity', 'brightness']
N_DRAWS = 10000
SEED = 1234
MAX_DISCRETE = 32  # a parameter with at most this many distinct values also gets values/counts


def param_stats(vals):
    if all(v is None for v in vals):
        return {'all_none': True}
    a = np.array([float(v) for v in vals], dtype=np.float64)
    s = {'min': float(a.min()), 'max': float(a.max()), 'mean': float(a.mean()),
         'std': float(a.std())}
    distinct, counts = np.unique(a, return_counts=True)
    if len(distinct) <= MAX_DISCRETE:
        s['values'] = [float(v) for v in distinct]
        s['counts'] = [int(c) for c in counts]
    return s


def make_random_stats():
    out = []
    for config in RANDOM_CONFIGS:
        gen = ImageDataGenerator(**config)
        np.random.seed(SEED)
        draws = [gen.get_random_transform((32, 32, 3)) for _ in range(N_DRAWS)]
        stats = {k: param_stats([d[k] for d in draws]) for k in PARAM_KEYS}
        out.append({'config': config, 'stats': stats})
    return {
        'description': 'ImageDataGenerator(**config).get_random_transform((32, 32, 3)) drawn %d times '
                       'after np.random.seed(%d); per parameter min/max/mean/std (population), and '
                       'the sorted distinct values with counts when there are at most %d; '
                       '{"all_none": true} where the parameter is None (channel shift / brightness off)'
                       % (N_DRAWS, SEED, MAX_DISCRETE),
        'versions': VERSIONS,
        'n': N_DRAWS,
        'img_shape': [32, 32, 3],
        'configs': out,
    }


# ----------------------------------------------------------------------------------------------
# c. fit / standardize
# ----------------------------------------------------------------------------------------------

def zca_f64(xc32, eps):
    """The formula of ImageDataGenerator.fit's zca_whitening branch, in float64 (keras runs it in
    float32, which is badly conditioned for the 8x8 crop: see README)."""
    flat = xc32.astype(np.float64).reshape(xc32.shape[0], -1)
    sigma = np.dot(flat.T, flat) / flat.shape[0]
    u, s, _ = scipy.linalg.svd(sigma)
    return (u * (1. / np.sqrt(s[np.newaxis] + eps))).dot(u.T), s


def make_fit_stats(x200):
    x = np.ascontiguousarray(x200[:, :8, :8, :]).astype(np.float32)  # (200, 8, 8, 3)
    cases = []

    def fitted(kwargs, xs):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # zca_whitening overrides ... (see below)
            gen = ImageDataGenerator(**kwargs)
            gen.fit(xs)  # ImageDataGenerator.fit: works on a float32 copy of xs
        return gen

    def arr(a):
        return None if a is None else tensor(a)

    def effective(g):
        return {'featurewise_center': bool(g.featurewise_center),
                'featurewise_std_normalization': bool(g.featurewise_std_normalization),
                'zca_whitening': bool(g.zca_whitening),
                'samplewise_center': bool(g.samplewise_center),
                'samplewise_std_normalization': bool(g.samplewise_std_normalization)}

    # 1) the requested config.  NOTE ImageDataGenerator.__init__: zca_whitening=True forces
    #    featurewise_center=True and featurewise_std_normalization=False (with a warning), so
    #    std stays None and neither fit nor standardize divides by std.
    #    2) same on the 2x2 crop x[:, :2, :2, :] (12 features: well conditioned, so the float32
    #    keras numbers agree with float64 math to ~1e-3).
    kw1 = dict(featurewise_center=True, featurewise_std_normalization=True, zca_whitening=True,
               zca_epsilon=1e-6)
    for name, crop in (('featurewise_zca_8x8', 8), ('featurewise_zca_2x2', 2)):
        xs = np.ascontiguousarray(x[:, :crop, :crop, :])
        g = fitted(kw1, xs)
        s_out = g.standardize(xs[0].copy())
        # float64 reference of the same formulas, from keras's float32-centred data
        xc32 = xs - g.mean  # ImageDataGenerator.fit: x -= self.mean (float32)
        pc64, eig64 = zca_f64(xc32, kw1['zca_epsilon'])
        s64 = (xs[0] - g.mean).astype(np.float64).reshape(1, -1).dot(pc64).reshape(xs[0].shape)
        cases.append({'name': name, 'x_crop': [crop, crop], 'kwargs': kw1, 'effective': effective(g),
                      'mean': arr(g.mean), 'std': arr(g.std),
                      'principal_components': arr(g.principal_components),
                      'principal_components_f64': tensor(pc64),
                      'sigma_singular_values_f64': tensor(eig64),
                      'standardize_index': 0,
                      'standardize_output': tensor(s_out, DECIMALS),
                      'standardize_output_f64': tensor(s64, DECIMALS)})

    # 3) featurewise center + std without ZCA (so that std is really fitted and used)
    kw2 = dict(featurewise_center=True, featurewise_std_normalization=True)
    g2 = fitted(kw2, x)
    s2 = g2.standardize(x[0].copy())
    cases.append({'name': 'featurewise_center_std', 'x_crop': [8, 8], 'kwargs': kw2,
                  'effective': effective(g2),
                  'mean': arr(g2.mean), 'std': arr(g2.std), 'principal_components': None,
                  'standardize_index': 0, 'standardize_output': tensor(s2, DECIMALS)})

    # 4) rescale + samplewise (no fit needed): ImageDataGenerator.standardize
    kw3 = dict(rescale=1. / 255, samplewise_center=True, samplewise_std_normalization=True)
    g3 = ImageDataGenerator(**kw3)
    s3 = g3.standardize(x[1].copy())
    cases.append({'name': 'rescale_samplewise', 'x_crop': [8, 8], 'kwargs': kw3,
                  'effective': effective(g3),
                  'mean': None, 'std': None, 'principal_components': None,
                  'standardize_index': 1, 'standardize_output': tensor(s3, 6)})

    return {
        'description': 'x = first 200 CIFAR-10 test images cropped to x[:, :8, :8, :] (float32, '
                       'written as ints); each case uses x[:, :h, :w, :] with [h, w] = x_crop; '
                       'ImageDataGenerator(**kwargs).fit(that); mean/std have shape (1,1,3) and are the '
                       'exact float32 values (null when not fitted); principal_components (hwc,hwc) '
                       'float32 as keras computes them, principal_components_f64 the same formula in '
                       'float64; standardize_output = gen.standardize(crop[standardize_index].copy()) '
                       '(4 decimals; 6 for rescale_samplewise)',
        'versions': VERSIONS,
        'x': tensor(x, as_int=True),
        'cases': cases,
    }


def main():
    for k, v in EXPECTED_VERSIONS.items():
        if VERSIONS[k] != v:
            print('WARNING: %s %s (goldens were made with %s)' % (k, VERSIONS[k], v), file=sys.stderr)
    x, _ = load_cifar_test(200)
    write_json('apply_transform.json', make_apply_transform(x[:3]))
    write_json('random_transform_stats.json', make_random_stats())
    write_json('fit_stats.json', make_fit_stats(x))


if __name__ == '__main__':
    main()
