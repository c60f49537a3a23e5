#!/usr/bin/python3
"""Writes small test images with PIL and what keras_preprocessing 1.1's image utilities (Keras 2.2.4/2.3.1's
keras.preprocessing.image: load_img, img_to_array, array_to_img) return for them, with PIL 9.4 doing the decoding
and resampling.

* rgb.png (13x9 RGB), rgba.png (11x7 RGBA, alpha from 0 to 255), grey.png (10x6 L): noise over a gradient, so that
  every resampling filter's rounding shows; photo.jpg (16x12 RGB, quality 90): a smooth picture, for the JPEG cases.
* image_utils.json:
  - load: for every file, color_mode (rgb, rgba, grayscale), target_size (None, a smaller, a larger and a mixed one)
    and interpolation (nearest, bilinear, bicubic, hamming, box, lanczos), img_to_array(load_img(...)) as
    {file, color_mode, target_size, interpolation, shape, mode, size, values (flat, C order)}.
  - grayscale_flag: load_img(path, grayscale=True) for rgb.png (the deprecated argument).
  - img_to_array: the rgb.png image as channels_first, and as float64 / uint8 (dtype=).
  - array_to_img: for a few float arrays, the image's mode, size and bytes (np.asarray), with scale True and False,
    channels_first and _last.

Run from the repository root: /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/image_utils/make_image_utils_goldens.py
"""
import json
import os
import warnings

import numpy as np
import PIL
from PIL import Image
import keras_preprocessing
from keras_preprocessing.image import utils

HERE = os.path.dirname(os.path.abspath(__file__))


def write_images():
    rng = np.random.RandomState(14)
    yy, xx = np.mgrid[0:9, 0:13]
    rgb = np.stack([xx * 19, yy * 28, (xx + yy) * 12], -1) + rng.randint(-40, 41, (9, 13, 3))
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), 'RGB').save(os.path.join(HERE, 'rgb.png'))

    yy, xx = np.mgrid[0:7, 0:11]
    rgba = np.stack([255 - xx * 20, yy * 35, xx * yy * 4, np.zeros_like(xx)], -1) + rng.randint(-30, 31, (7, 11, 4))
    rgba[..., 3] = rng.randint(0, 256, (7, 11))
    rgba[0, :, 3] = 0      # fully transparent row
    rgba[-1, :, 3] = 255   # fully opaque row
    Image.fromarray(np.clip(rgba, 0, 255).astype(np.uint8), 'RGBA').save(os.path.join(HERE, 'rgba.png'))

    yy, xx = np.mgrid[0:6, 0:10]
    grey = xx * 25 + yy * 10 + rng.randint(-50, 51, (6, 10))
    Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8), 'L').save(os.path.join(HERE, 'grey.png'))

    yy, xx = np.mgrid[0:12, 0:16]
    photo = np.stack([xx * 16, yy * 20, 128 + 100 * np.sin(xx / 3.0) * np.cos(yy / 4.0)], -1)
    Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8), 'RGB').save(os.path.join(HERE, 'photo.jpg'), quality=90)


def flat(a):
    return [int(v) if float(v).is_integer() else float(v) for v in np.asarray(a).ravel()]


def main():
    write_images()
    out = {'versions': {'PIL': PIL.__version__, 'keras_preprocessing': keras_preprocessing.__version__,
                        'numpy': np.__version__},
           'load': [], 'img_to_array': [], 'array_to_img': []}
    for name in ['rgb.png', 'rgba.png', 'grey.png', 'photo.jpg']:
        path = os.path.join(HERE, name)
        for color_mode in ['rgb', 'rgba', 'grayscale']:
            for target_size in [None, (4, 5), (15, 20), (7, 25)]:
                for interpolation in (['nearest'] if target_size is None else
                                      ['nearest', 'bilinear', 'bicubic', 'hamming', 'box', 'lanczos']):
                    img = utils.load_img(path, color_mode=color_mode, target_size=target_size,
                                         interpolation=interpolation)
                    x = utils.img_to_array(img)
                    out['load'].append({'file': name, 'color_mode': color_mode,
                                        'target_size': list(target_size) if target_size else None,
                                        'interpolation': interpolation, 'mode': img.mode, 'size': list(img.size),
                                        'shape': list(x.shape), 'values': flat(x)})

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        x = utils.img_to_array(utils.load_img(os.path.join(HERE, 'rgb.png'), grayscale=True))
    out['grayscale_flag'] = {'warning': str(caught[0].message), 'shape': list(x.shape), 'values': flat(x)}

    img = utils.load_img(os.path.join(HERE, 'rgb.png'))
    for data_format, dtype in [('channels_first', 'float32'), ('channels_last', 'float64'), ('channels_last', 'uint8')]:
        x = utils.img_to_array(img, data_format=data_format, dtype=dtype)
        out['img_to_array'].append({'data_format': data_format, 'dtype': str(x.dtype), 'shape': list(x.shape),
                                    'values': flat(x)})
    grey = utils.load_img(os.path.join(HERE, 'grey.png'), color_mode='grayscale')
    x = utils.img_to_array(grey, data_format='channels_first')
    out['img_to_array'].append({'file': 'grey.png', 'data_format': 'channels_first', 'dtype': str(x.dtype),
                                'shape': list(x.shape), 'values': flat(x)})

    rng = np.random.RandomState(7)
    arrays = [
        ('rgb', rng.uniform(-3, 5, (3, 4, 3)), 'channels_last'),
        ('rgba', rng.uniform(0, 2, (2, 5, 4)), 'channels_last'),
        ('grey', rng.uniform(-1, 1, (4, 3, 1)), 'channels_last'),
        ('first', rng.uniform(0, 1, (3, 2, 5)), 'channels_first'),
        ('bytes', rng.randint(0, 256, (3, 3, 3)).astype(np.float64) + 0.75, 'channels_last'),
        ('zeros', np.zeros((2, 2, 3)), 'channels_last'),
    ]
    for label, a, data_format in arrays:
        for scale in [True, False]:
            if not scale and label not in ('bytes', 'zeros'):
                continue
            img = utils.array_to_img(a, data_format=data_format, scale=scale)
            out['array_to_img'].append({'name': label, 'data_format': data_format, 'scale': scale,
                                        'input_shape': list(a.shape), 'input': flat(a), 'mode': img.mode,
                                        'size': list(img.size), 'bytes': flat(np.asarray(img))})

    with open(os.path.join(HERE, 'image_utils.json'), 'w') as f:
        json.dump(out, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
