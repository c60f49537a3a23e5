#!/usr/bin/python3
"""Plain-numpy re-implementation of keras_preprocessing's ImageDataGenerator.apply_transform,
written as the specification a port (KerasSharp, C#) can follow, and checked against the real
keras_preprocessing 1.1.0 / scipy 1.10.1 / PIL 9.4.0 (see README.md).

Run from the repository root:
    /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/image/reference_affine.py

It checks (and prints the max abs error of):
  1. every case of apply_transform.json (recomputed here from "images" + "params") against the file
     and against a fresh keras_preprocessing call (float32 outputs, unrounded);
  2. scipy.ndimage.affine_transform(order=1) vs sample_plane() for each mode on dense 1-D / 2-D
     coordinate probes (including coordinates exactly on the borders and far outside);
  3. random affine parameters on random images, every fill mode;
  4. apply_brightness_shift vs brightness_shift() on many images (must be exactly 0);
  5. apply_channel_shift vs channel_shift() (exact).
Exit status 1 if any check fails.

Notation: images are (H, W, C) channels_last float32; a point is (r, c) = (row, column).
"""
from __future__ import print_function

import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------------------------
# 1. Keras's affine matrix (keras_preprocessing/image/affine_transformations.py
#    apply_affine_transform + transform_matrix_offset_center), in closed form.
# ----------------------------------------------------------------------------------------------

def keras_affine(theta=0.0, tx=0.0, ty=0.0, shear=0.0, zx=1.0, zy=1.0, h=32, w=32):
    """Returns (A (2x2), off (2,)) such that the OUTPUT pixel (r, c) samples the INPUT at
        r_in = A[0,0]*r + A[0,1]*c + off[0]
        c_in = A[1,0]*r + A[1,1]*c + off[1]
    (scipy.ndimage.affine_transform's convention: matrix maps output coords to input coords).

    Keras builds M = Rot(theta) . Shift(tx, ty) . Shear(shear) . Zoom(zx, zy) (3x3 homogeneous,
    each factor only if its parameter is not neutral), with
        Rot   = [[cos t, -sin t, 0], [sin t, cos t, 0], [0, 0, 1]]      t = deg2rad(theta)
        Shift = [[1, 0, tx], [0, 1, ty], [0, 0, 1]]                      tx: rows, ty: columns
        Shear = [[1, -sin s, 0], [0, cos s, 0], [0, 0, 1]]               s = deg2rad(shear)
        Zoom  = [[zx, 0, 0], [0, zy, 0], [0, 0, 1]]                      zx: rows, zy: columns
    then T = Offset(o) . M . Offset(-o) with o = (h/2 + 0.5, w/2 + 0.5)  (16.5, 16.5 for 32x32:
    NOT the pixel centre 15.5 -- a Keras quirk), i.e.
        in = A.(out - o) + o + Rot.(tx, ty),   A = Rot . Shear2x2 . Zoom2x2.
    """
    t = math.radians(theta)
    ct, st = (math.cos(t), math.sin(t)) if theta != 0 else (1.0, 0.0)
    s = math.radians(shear)
    cs, ss = (math.cos(s), math.sin(s)) if shear != 0 else (1.0, 0.0)
    # A = Rot . [[zx, -ss*zy], [0, cs*zy]]
    a00 = ct * zx
    a01 = ct * (-ss * zy) - st * (cs * zy)
    a10 = st * zx
    a11 = st * (-ss * zy) + ct * (cs * zy)
    orow = h / 2.0 + 0.5
    ocol = w / 2.0 + 0.5
    sh_r = ct * tx - st * ty  # Rot . (tx, ty)
    sh_c = st * tx + ct * ty
    off_r = orow + sh_r - (a00 * orow + a01 * ocol)
    off_c = ocol + sh_c - (a10 * orow + a11 * ocol)
    return np.array([[a00, a01], [a10, a11]]), np.array([off_r, off_c])


def keras_affine_exact(theta=0.0, tx=0.0, ty=0.0, shear=0.0, zx=1.0, zy=1.0, h=32, w=32):
    """The same matrix built exactly as keras does (numpy 3x3 products), for bit-level checks."""
    M = None

    def mul(a, b):
        return b if a is None else np.dot(a, b)
    if theta != 0:
        t = np.deg2rad(theta)
        M = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    if tx != 0 or ty != 0:
        M = mul(M, np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]))
    if shear != 0:
        s = np.deg2rad(shear)
        M = mul(M, np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]]))
    if zx != 1 or zy != 1:
        M = mul(M, np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]]))
    if M is None:
        return None, None
    ox, oy = float(h) / 2 + 0.5, float(w) / 2 + 0.5
    T = np.dot(np.dot(np.array([[1, 0, ox], [0, 1, oy], [0, 0, 1]]), M),
               np.array([[1, 0, -ox], [0, 1, -oy], [0, 0, 1]]))
    return T[:2, :2], T[:2, 2]


# ----------------------------------------------------------------------------------------------
# 2. scipy.ndimage.affine_transform(input_plane, A, off, order=1, mode, cval) -- scipy 1.10.1
#    (scipy/ndimage/src/ni_interpolation.c NI_GeometricTransform + map_coordinate +
#    ni_splines.c get_spline_interpolation_weights), for one 2-D float32 plane.
# ----------------------------------------------------------------------------------------------

def _trunc(v):
    return np.trunc(v)


def map_coordinate(cc, n, mode):
    """Per-axis mapping of a (float64) sample coordinate BEFORE interpolation.
    Returns the mapped coordinate; for 'constant' a coordinate outside [0, n-1] becomes -1
    (=> the whole output pixel is cval)."""
    cc = np.array(cc, dtype=np.float64, copy=True)
    lo = cc < 0
    hi = cc > n - 1
    if mode == 'nearest':
        return cc  # not mapped; neighbour indices are clamped instead (same result as clamping cc)
    if mode == 'constant':
        cc[lo | hi] = -1.0
        return cc
    if mode == 'reflect':  # half-sample symmetric, period 2n:  d c b a | a b c d | d c b a
        sz2 = 2 * n
        v = cc[lo]
        big = v < -sz2
        v[big] = sz2 * _trunc(-v[big] / sz2) + v[big]
        v = np.where(v < -n, v + sz2, -v - 1)  # may land in [-1, 0): neighbours then both -> 0
        cc[lo] = v
        v = cc[hi]
        v = v - sz2 * _trunc(v / sz2)
        v = np.where(v >= n, sz2 - v - 1, v)
        cc[hi] = v
        return cc
    if mode == 'wrap':  # scipy's legacy 'wrap': period n-1 (first and last sample coincide)
        sz = n - 1
        v = cc[lo]
        cc[lo] = v + sz * (_trunc(-v / sz) + 1)
        v = cc[hi]
        cc[hi] = v - sz * _trunc(v / sz)
        return cc
    raise ValueError(mode)


def neighbour_index(idx, n, mode):
    """Integer index of a bilinear neighbour that falls outside 0..n-1 (after map_coordinate)."""
    idx = np.array(idx, dtype=np.int64, copy=True)
    if mode == 'nearest':
        return np.clip(idx, 0, n - 1)
    if mode == 'reflect':
        # (the mapped coordinate is >= -1, so only idx == -1 or idx == n can occur)
        idx = np.where(idx < 0, -idx - 1, idx)
        idx = np.where(idx >= n, 2 * n - idx - 1, idx)
        return idx
    # 'constant' and 'wrap' use mirror (whole-sample) extension for the neighbours; it only ever
    # hits a neighbour whose weight is exactly 0 (mapped coordinate == n-1 exactly).
    idx = np.where(idx < 0, -idx, idx)
    idx = np.where(idx >= n, 2 * n - 2 - idx, idx)
    return idx


def sample_plane(plane, A, off, mode, cval=0.0, out_shape=None):
    """Bilinear (order=1) resampling of one 2-D plane, exactly as scipy 1.10.1 does it."""
    plane = np.asarray(plane)
    H, W = plane.shape
    oh, ow = out_shape if out_shape is not None else (H, W)
    r, c = np.meshgrid(np.arange(oh, dtype=np.float64), np.arange(ow, dtype=np.float64),
                       indexing='ij')
    # coordinate arithmetic order of NI_GeometricTransform (float64):
    #     icoor = ((0 + r*A[k,0]) + c*A[k,1]) + off[k]
    cr = ((0.0 + r * A[0, 0]) + c * A[0, 1]) + off[0]
    cc = ((0.0 + r * A[1, 0]) + c * A[1, 1]) + off[1]
    mr = map_coordinate(cr, H, mode)
    mc = map_coordinate(cc, W, mode)
    if mode == 'constant':
        outside = (mr <= -1.0) | (mc <= -1.0)  # any axis outside [0, n-1] -> cval
        mr = np.where(outside, 0.0, mr)
        mc = np.where(outside, 0.0, mc)
    r0 = np.floor(mr)
    c0 = np.floor(mc)
    fr = mr - r0
    fc = mc - c0
    # get_spline_interpolation_weights(order=1): w0 = 1 - f; w1 = 1 - w0 (not f!)
    wr0 = 1.0 - fr
    wr1 = 1.0 - wr0
    wc0 = 1.0 - fc
    wc1 = 1.0 - wc0
    r0 = r0.astype(np.int64)
    c0 = c0.astype(np.int64)
    ir0, ir1 = neighbour_index(r0, H, mode), neighbour_index(r0 + 1, H, mode)
    ic0, ic1 = neighbour_index(c0, W, mode), neighbour_index(c0 + 1, W, mode)
    p = plane.astype(np.float64)
    # accumulation order: t = 0; for (i, j) in (0,0),(0,1),(1,0),(1,1): t += (a[i,j]*wr_i)*wc_j
    t = 0.0 + (p[ir0, ic0] * wr0) * wc0
    t = t + (p[ir0, ic1] * wr0) * wc1
    t = t + (p[ir1, ic0] * wr1) * wc0
    t = t + (p[ir1, ic1] * wr1) * wc1
    if mode == 'constant':
        t = np.where(outside, float(cval), t)
    return t.astype(plane.dtype)  # output array has the input's dtype (float32 here)


def apply_affine(x, theta=0.0, tx=0.0, ty=0.0, shear=0.0, zx=1.0, zy=1.0, fill_mode='nearest',
                 cval=0.0, exact_matrix=False):
    if theta == 0 and tx == 0 and ty == 0 and shear == 0 and zx == 1 and zy == 1:
        return x  # keras skips ndimage entirely
    h, w = x.shape[0], x.shape[1]
    f = keras_affine_exact if exact_matrix else keras_affine
    A, off = f(theta, tx, ty, shear, zx, zy, h, w)
    return np.stack([sample_plane(x[:, :, k], A, off, fill_mode, cval) for k in range(x.shape[2])],
                    axis=2)


# ----------------------------------------------------------------------------------------------
# 3. channel shift, flips, brightness
# ----------------------------------------------------------------------------------------------

def channel_shift(x, intensity):
    """affine_transformations.apply_channel_shift: ONE min/max over the whole image (all channels,
    taken after the affine step), then every channel: clip(x + intensity, min, max).
    float32 arithmetic: x + float32(intensity)."""
    x = np.asarray(x, dtype=np.float32)
    lo, hi = x.min(), x.max()
    return np.clip(x + np.float32(intensity), lo, hi).astype(np.float32)


def flip_h(x):  # flip_axis(x, col_axis)
    return x[:, ::-1, :]


def flip_v(x):  # flip_axis(x, row_axis)
    return x[::-1, :, :]


def brightness_shift(x, factor):
    """affine_transformations.apply_brightness_shift = utils.array_to_img(x, scale=True) ->
    PIL.ImageEnhance.Brightness(img).enhance(factor) -> utils.img_to_array (float32).
    3-channel images only (RGB); 1-channel ('L') and 4-channel ('RGBA', alpha kept) differ."""
    x = np.asarray(x, dtype=np.float32).copy()
    # array_to_img(scale=True), all float32:
    x = x + max(-np.min(x), 0)          # shift only if the minimum is negative
    x_max = np.max(x)
    if x_max != 0:
        x = x / x_max                   # float32 division
    x = x * np.float32(255)             # float32 multiply
    u8 = x.astype(np.uint8)             # truncation toward 0 (values are in [0, 255])
    # Image.blend(black, img, factor) (libImaging/Blend.c, alpha is a C float):
    #   out = (UINT8)(0 + alpha * v), alpha*v in float32, truncated; clipped to [0, 255]
    #   when alpha > 1 (alpha == 0 / 1 are copies, which the formula also gives).
    alpha = np.float32(factor)
    v = alpha * u8.astype(np.float32)   # float32 product
    v = np.clip(v, 0, 255)
    return np.trunc(v).astype(np.uint8).astype(np.float32)


def apply_transform(x, params, fill_mode='nearest', cval=0.0, exact_matrix=False):
    """ImageDataGenerator.apply_transform order: affine -> channel shift -> horizontal flip ->
    vertical flip -> brightness."""
    x = np.asarray(x, dtype=np.float32)
    x = apply_affine(x, params.get('theta', 0), params.get('tx', 0), params.get('ty', 0),
                     params.get('shear', 0), params.get('zx', 1), params.get('zy', 1),
                     fill_mode, cval, exact_matrix)
    if params.get('channel_shift_intensity') is not None:
        x = channel_shift(x, params['channel_shift_intensity'])
    if params.get('flip_horizontal', False):
        x = flip_h(x)
    if params.get('flip_vertical', False):
        x = flip_v(x)
    if params.get('brightness') is not None:
        x = brightness_shift(x, params['brightness'])
    return x


# ----------------------------------------------------------------------------------------------
# checks
# ----------------------------------------------------------------------------------------------

def main():
    from scipy import ndimage
    from keras_preprocessing.image import ImageDataGenerator
    from keras_preprocessing.image import affine_transformations as kat

    ok = True

    def report(name, err, tol):
        nonlocal ok
        good = err <= tol
        ok = ok and good
        print('%-62s max abs err %-12.6g %s' % (name, err, 'OK' if good else 'FAIL (tol %g)' % tol))

    # 1. the golden cases
    with open(os.path.join(HERE, 'apply_transform.json')) as f:
        g = json.load(f)
    imgs = [np.array(im['data'], dtype=np.float32).reshape(im['shape']) for im in g['images']]
    worst_file = worst_keras = worst_exact = 0.0
    for case in g['cases']:
        x = imgs[case['image_index']]
        mine = apply_transform(x, case['params'], case['fill_mode'], case['cval'])
        mine_exact = apply_transform(x, case['params'], case['fill_mode'], case['cval'], True)
        gen = ImageDataGenerator(fill_mode=case['fill_mode'], cval=case['cval'])
        ref = gen.apply_transform(x.copy(), dict(case['params']))
        gold = np.array(case['output']['data']).reshape(case['output']['shape'])
        e_file = np.abs(mine - gold).max()
        e_keras = np.abs(mine.astype(np.float64) - ref).max()
        e_exact = np.abs(mine_exact.astype(np.float64) - ref).max()
        worst_file, worst_keras = max(worst_file, e_file), max(worst_keras, e_keras)
        worst_exact = max(worst_exact, e_exact)
        if e_keras > 1e-3 or e_file > 1e-3:
            print('   case %s: vs file %g, vs keras %g' % (case['name'], e_file, e_keras))
    report('apply_transform.json cases (%d) vs file (4 decimals)' % len(g['cases']), worst_file, 1e-3)
    report('apply_transform.json cases vs keras_preprocessing (float32)', worst_keras, 1e-3)
    report('  same, matrix built by numpy 3x3 products like keras', worst_exact, 1e-3)

    # 2. scipy modes on dense probes (1-D along columns, and 2-D)
    rng = np.random.RandomState(0)
    for n in (5, 6, 32):
        plane = rng.uniform(-50, 200, size=(n, n)).astype(np.float32)
        s = np.concatenate([np.arange(-3 * n, 3 * n, 0.125),
                            rng.uniform(-3 * n, 3 * n, 2000),
                            np.array([-1e-9, -1e-15, 1e-15, n - 1 - 1e-12, n - 1, n - 1 + 1e-12,
                                      -(n - 1), -2 * (n - 1), 2 * n, -2 * n, -n, n])])
        for mode in ('nearest', 'constant', 'reflect', 'wrap'):
            worst = 0.0
            # output (3, 3) samples input rows/cols sv + {0,1,2} (and a sheared/rotated grid)
            for sv in s:
                for A, off in ((np.eye(2), np.array([2.0, sv])), (np.eye(2), np.array([sv, 1.0])),
                               (np.array([[0.7, 0.4], [-0.3, 1.1]]), np.array([sv, -sv]))):
                    ref = ndimage.affine_transform(plane, A, off, order=1, mode=mode, cval=-7.5,
                                                   output_shape=(3, 3))
                    mine = sample_plane(plane, A, off, mode, -7.5, out_shape=(3, 3))
                    worst = max(worst, float(np.abs(mine.astype(np.float64) - ref).max()))
            report('ndimage.affine_transform probes n=%d mode=%s' % (n, mode), worst, 0.0)

    # 3. random affine parameters, every fill mode (keras_preprocessing apply_affine_transform)
    worst = {m: 0.0 for m in ('nearest', 'constant', 'reflect', 'wrap')}
    for trial in range(60):
        h, w = [(32, 32), (17, 23), (8, 8)][trial % 3]
        x = rng.uniform(0, 255, size=(h, w, 3)).astype(np.float32)
        p = dict(theta=rng.uniform(-180, 180), tx=rng.uniform(-10, 10), ty=rng.uniform(-10, 10),
                 shear=rng.uniform(-30, 30), zx=rng.uniform(0.5, 1.6), zy=rng.uniform(0.5, 1.6))
        for mode in worst:
            ref = kat.apply_affine_transform(x, row_axis=0, col_axis=1, channel_axis=2,
                                             fill_mode=mode, cval=33.0, order=1, **p)
            mine = apply_affine(x, fill_mode=mode, cval=33.0, **p)
            worst[mode] = max(worst[mode], float(np.abs(mine.astype(np.float64) - ref).max()))
    for mode, e in worst.items():
        report('random affine params (60 images) mode=%s' % mode, e, 1e-3)
    # integer shifts must be exact copies
    x = rng.uniform(0, 255, size=(32, 32, 3)).astype(np.float32)
    e = 0.0
    for tx in range(-5, 6):
        for ty in range(-5, 6):
            for mode in ('nearest', 'constant', 'reflect', 'wrap'):
                ref = kat.apply_affine_transform(x, tx=tx, ty=ty, fill_mode=mode, cval=3.0)
                mine = apply_affine(x, tx=tx, ty=ty, fill_mode=mode, cval=3.0)
                e = max(e, float(np.abs(mine.astype(np.float64) - ref).max()))
    report('integer shifts -5..5 x -5..5, all modes (bit-exact)', e, 0.0)

    # 4. brightness: must be exact
    e = 0.0
    factors = [0.0, 0.1, 0.5, 0.73, 0.7, 0.9, 0.999, 1.0, 1.001, 1.2, 1.3, 1.4, 2.0, 3.7, -0.5] + \
        list(rng.uniform(0.5, 1.5, 40))
    images = [im.copy() for im in imgs] + [
        rng.uniform(0, 255, (8, 8, 3)).astype(np.float32),
        rng.uniform(-1, 1, (8, 8, 3)).astype(np.float32),          # negative minimum -> shift
        rng.uniform(0, 1, (8, 8, 3)).astype(np.float32),           # max < 1 -> stretch to 255
        np.round(rng.uniform(0, 200, (8, 8, 3))).astype(np.float32),
        np.zeros((4, 4, 3), np.float32),                           # max == 0: no division
        np.arange(256, dtype=np.float32).reshape(16, 16, 1).repeat(3, axis=2),
    ]
    for im in images:
        for fct in factors:
            ref = kat.apply_brightness_shift(im.copy(), fct)
            mine = brightness_shift(im, fct)
            e = max(e, float(np.abs(mine - ref).max()))
    report('apply_brightness_shift (%d images x %d factors)' % (len(images), len(factors)), e, 0.0)

    # 5. channel shift: exact
    e = 0.0
    for im in images:
        for inten in (30.0, -50.0, 0.0, 7.25, rng.uniform(-20, 20)):
            ref = kat.apply_channel_shift(im.copy(), inten, 2)
            e = max(e, float(np.abs(channel_shift(im, inten) - ref).max()))
    report('apply_channel_shift', e, 0.0)

    print('ALL OK' if ok else 'SOME CHECKS FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
