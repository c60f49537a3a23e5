#!/usr/bin/env python3
"""Augmentation throughput of Keras's own ImageDataGenerator (keras_preprocessing), the reference for
`KerasSharp.Bench --augment`.

The tutorial's settings (../shared/reference/cifar10_keras2.py): ImageDataGenerator(rotation_range=15,
width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True), flow(x, y, batch_size=64) on synthetic 32x32x3
float32 images (uniform 0..255). Times next() over all batches of the images (one pass's worth) per round, after one
untimed batch; prints a Markdown section and an HTML comment with the median for bench/run.sh's summary.

keras_preprocessing transforms image by image and channel by channel with scipy.ndimage on one thread (Keras's
fit_generator runs it on `workers` threads, 1 by default and in the tutorial).

Run with Debian's packages: /usr/bin/python3 (python3-keras-preprocessing 1.1.0, python3-numpy, python3-scipy).
"""
import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np
import scipy
import keras_preprocessing
from keras_preprocessing.image import ImageDataGenerator


def env_int(*names, default):
    for name in names:
        text = os.environ.get(name, "").strip()
        if text:
            return int(text)
    return default


def log(message):
    print(message, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=env_int("BENCH_KERAS_AUG_IMAGES", "BENCH_AUG_IMAGES", default=6400),
                        help="synthetic images per round (env BENCH_KERAS_AUG_IMAGES, else BENCH_AUG_IMAGES; 6400)")
    parser.add_argument("--rounds", type=int, default=env_int("BENCH_KERAS_AUG_ROUNDS", "BENCH_AUG_ROUNDS", default=5),
                        help="timed rounds (env BENCH_KERAS_AUG_ROUNDS, else BENCH_AUG_ROUNDS; 5)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=env_int("BENCH_SEED", default=1))
    args = parser.parse_args()
    if args.images <= 0 or args.rounds <= 0 or args.batch_size <= 0:
        parser.error("--images, --rounds and --batch-size must be positive")

    n, batch_size = args.images, args.batch_size
    rng = np.random.RandomState(args.seed)
    x = (rng.random_sample((n, 32, 32, 3)) * 255).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, size=n)]
    np.random.seed(args.seed)  # the transforms draw from numpy's global generator

    datagen = ImageDataGenerator(rotation_range=15, width_shift_range=0.1, height_shift_range=0.1,
                                 horizontal_flip=True)
    iterator = datagen.flow(x, y, batch_size=batch_size)  # shuffle=True, as in the tutorial
    batches = len(iterator)
    log(f"[keras_preprocessing {keras_preprocessing.__version__}] {n} images, batch {batch_size}, "
        f"{batches} batches per round, {args.rounds} rounds")

    next(iterator)  # warm-up: one untimed batch (imports, first allocations)
    rates = []
    for r in range(args.rounds):
        images = 0
        start = time.perf_counter()
        for _ in range(batches):  # a whole pass's worth of batches (it may straddle an epoch boundary)
            batch_x, _ = next(iterator)
            images += batch_x.shape[0]
        seconds = time.perf_counter() - start
        rates.append(images / seconds)
        log(f"[keras_preprocessing] round {r + 1}/{args.rounds}: {rates[-1]:.0f} images/s ({images} images, {seconds:.2f} s)")

    median = statistics.median(rates)
    print("### keras_preprocessing (Python)")
    print()
    print(f"keras_preprocessing {keras_preprocessing.__version__} (Python {platform.python_version()}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}): `ImageDataGenerator(rotation_range=15, width_shift_range=0.1, "
          f"height_shift_range=0.1, horizontal_flip=True).flow(x, y, batch_size={batch_size})`, `next()` over "
          f"{batches} batches ({n:,} synthetic 32×32×3 float32 images, uniform 0..255) per round, {args.rounds} rounds "
          f"after one untimed batch; median. One thread: scipy.ndimage.affine_transform image by image, channel by "
          f"channel (Keras's fit_generator default, workers=1).")
    print()
    print("| what | images/s (median) | ms/batch | rounds (images/s) |")
    print("|---|---:|---:|---|")
    print(f"| keras_preprocessing `datagen.flow(x, y, batch_size={batch_size})` + `next()` | {median:,.0f} | "
          f"{batch_size * 1000 / median:.2f} | {' / '.join(f'{r:,.0f}' for r in rates)} |")
    print()
    print(f"<!-- AUGMENT_KERAS img_s={median:.1f} images={n} rounds={args.rounds} -->")


if __name__ == "__main__":
    main()
