#!/usr/bin/python3
"""Writes small MNIST, Fashion-MNIST, CIFAR-100 and Boston Housing files in the formats of Keras's real files, and
what Keras 2.2.4's load_data returns for them.

* datasets/mnist.npz: np.savez_compressed (the real file is deflated too) of 'x_train', 'x_test' uint8 (n, 28, 28)
  and 'y_train', 'y_test' uint8 (n,); 30 images of each digit in each set, in a shuffled order. The images are
  zero but for a 6x6 patch of noise at a place that depends on the digit, so a model can learn something.
* datasets/fashion-mnist/{train,t10k}-{labels-idx1,images-idx3}-ubyte.gz: the idx files (big-endian int32 magic
  2049 for labels, 2051 for images, then the count, for images rows and columns 28, then the uint8 values), gzipped
  with mtime 0 so that reruns write identical bytes; 20 training and 10 test images.
* datasets/cifar-100-python/{train,test}: dicts pickled as Python 2's cPickle wrote the real files (protocol 2,
  keys and the array's raw bytes as Python 2 str): 'filenames', 'batch_label', 'fine_labels', 'coarse_labels',
  'data' (uint8, (n, 3072), the red, green and blue planes in turn); 6 training and 4 test images.
* datasets/boston_housing.npz: np.savez (the real file is not compressed) of 'x' float64 (23, 13) and 'y' float64
  (23,), 23 rows so that the order is random_state.json's shuffle of length 23 for seed 113.
* array_datasets.json: for each argument combination, what keras@2.2.4:keras/datasets/{mnist,fashion_mnist,
  cifar100,boston_housing}.py load_data returns (re-implemented below in numpy, cifar.load_batch included), or the
  error: every array as {dtype, shape, sha256 of its C-ordered bytes}, with 'values' (flat) where it is small and
  'samples' ([flat index, value], a few) where it is not. 'raw' holds the boston archive's x and y as stored.

Run from the repository root: /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/datasets/make_array_datasets.py
"""
import gzip
import hashlib
import io
import json
import os
import pickle
import struct
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'datasets')


class Py2Pickler(pickle._Pickler):
    """Protocol 2 with bytes written as Python 2 str (SHORT_BINSTRING / BINSTRING), as cPickle did."""
    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj):
        n = len(obj)
        if n < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([n]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack('<i', n) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def write_npz(path, arrays, compressed):
    # As np.savez / np.savez_compressed lay out the archive, with a fixed timestamp so that reruns write identical bytes.
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED) as z:
        for name, a in arrays.items():
            out = io.BytesIO()
            np.lib.format.write_array(out, a)
            info = zipfile.ZipInfo(name + '.npy', date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
            z.writestr(info, out.getvalue())


def write_gzip(path, data):
    with open(path, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0) as f:
            f.write(data)


def mnist_like(rng, per_class):
    labels = np.repeat(np.arange(10), per_class)
    rng.shuffle(labels)
    x = np.zeros((len(labels), 28, 28), np.uint8)
    for i, d in enumerate(labels):
        r, c = 2 + 2 * (d // 4) + rng.randint(0, 3), 2 + 5 * (d % 4) + rng.randint(0, 3)
        x[i, r:r + 6, c:c + 6] = rng.randint(64, 256, size=(6, 6))
    return x, labels.astype(np.uint8)


# --- Keras 2.2.4 load_data, in numpy --------------------------------------------------------------------------

def mnist_load(path):
    f = np.load(path)
    x_train, y_train = f['x_train'], f['y_train']
    x_test, y_test = f['x_test'], f['y_test']
    f.close()
    return (x_train, y_train), (x_test, y_test)


def fashion_load(folder):
    files = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz',
             't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz']
    paths = [os.path.join(folder, f) for f in files]
    with gzip.open(paths[0], 'rb') as lbpath:
        y_train = np.frombuffer(lbpath.read(), np.uint8, offset=8)
    with gzip.open(paths[1], 'rb') as imgpath:
        x_train = np.frombuffer(imgpath.read(), np.uint8, offset=16).reshape(len(y_train), 28, 28)
    with gzip.open(paths[2], 'rb') as lbpath:
        y_test = np.frombuffer(lbpath.read(), np.uint8, offset=8)
    with gzip.open(paths[3], 'rb') as imgpath:
        x_test = np.frombuffer(imgpath.read(), np.uint8, offset=16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)


def load_batch(fpath, label_key='labels'):
    with open(fpath, 'rb') as f:
        d = pickle.load(f, encoding='bytes')
        d = {k.decode('utf8'): v for k, v in d.items()}
    data = d['data']
    labels = d[label_key]
    data = data.reshape(data.shape[0], 3, 32, 32)
    return data, labels


def cifar100_load(folder, label_mode='fine'):
    if label_mode not in ['fine', 'coarse']:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`.')
    x_train, y_train = load_batch(os.path.join(folder, 'train'), label_key=label_mode + '_labels')
    x_test, y_test = load_batch(os.path.join(folder, 'test'), label_key=label_mode + '_labels')
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    # K.image_data_format() == 'channels_last'
    x_train = x_train.transpose(0, 2, 3, 1)
    x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)


def boston_load(path, test_split=0.2, seed=113):
    if not 0 <= test_split < 1:
        raise AssertionError('0 <= test_split < 1')
    with np.load(path) as f:
        x = f['x']
        y = f['y']
    np.random.seed(seed)
    indices = np.arange(len(x))
    np.random.shuffle(indices)
    x = x[indices]
    y = y[indices]
    x_train = np.array(x[:int(len(x) * (1 - test_split))])
    y_train = np.array(y[:int(len(x) * (1 - test_split))])
    x_test = np.array(x[int(len(x) * (1 - test_split)):])
    y_test = np.array(y[int(len(x) * (1 - test_split)):])
    return (x_train, y_train), (x_test, y_test)


def describe(a):
    a = np.ascontiguousarray(a)
    out = {'dtype': a.dtype.name, 'shape': list(a.shape), 'sha256': hashlib.sha256(a.tobytes()).hexdigest()}
    flat = a.reshape(-1)
    if flat.size <= 400:
        out['values'] = flat.tolist()
    else:
        picks = np.random.RandomState(flat.size).randint(0, flat.size, size=12)
        picks = [int(i) for i in picks] + [int(np.argmax(flat)), flat.size - 1]
        out['samples'] = [[i, flat[i].item()] for i in picks]
    return out


def case(name, dataset, args, load):
    entry = {'name': name, 'dataset': dataset, 'args': args}
    try:
        (xtr, ytr), (xte, yte) = load()
        entry.update(x_train=describe(xtr), y_train=describe(ytr), x_test=describe(xte), y_test=describe(yte))
    except (ValueError, AssertionError) as e:
        entry['error'] = type(e).__name__ + ': ' + str(e)
    return entry


def main():
    os.makedirs(DATA, exist_ok=True)
    rng = np.random.RandomState(20240614)

    mnist_path = os.path.join(DATA, 'mnist.npz')
    x_train, y_train = mnist_like(rng, 30)
    x_test, y_test = mnist_like(rng, 30)
    # mnist_siamese pairs the first 256 samples (the test's cut): each digit needs at least two of them.
    assert all((y_train[:256] == d).sum() >= 2 and (y_test[:256] == d).sum() >= 2 for d in range(10))
    write_npz(mnist_path, dict(x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test), compressed=True)

    fashion = os.path.join(DATA, 'fashion-mnist')
    os.makedirs(fashion, exist_ok=True)
    for prefix, n in [('train', 20), ('t10k', 10)]:
        labels = rng.randint(0, 10, size=n).astype(np.uint8)
        images = rng.randint(0, 256, size=(n, 28, 28)).astype(np.uint8)
        write_gzip(os.path.join(fashion, prefix + '-labels-idx1-ubyte.gz'), struct.pack('>ii', 2049, n) + labels.tobytes())
        write_gzip(os.path.join(fashion, prefix + '-images-idx3-ubyte.gz'),
                   struct.pack('>iiii', 2051, n, 28, 28) + images.tobytes())

    cifar = os.path.join(DATA, 'cifar-100-python')
    os.makedirs(cifar, exist_ok=True)
    for name, n in [('train', 6), ('test', 4)]:
        fine = [int(v) for v in rng.randint(0, 100, size=n)]
        batch = {b'filenames': [b'img_%d.png' % k for k in range(n)], b'batch_label': b'small ' + name.encode(),
                 b'fine_labels': fine, b'coarse_labels': [f // 5 for f in fine],
                 b'data': rng.randint(0, 256, size=(n, 3072)).astype(np.uint8)}
        out = io.BytesIO()
        Py2Pickler(out, protocol=2).dump(batch)
        with open(os.path.join(cifar, name), 'wb') as f:
            f.write(out.getvalue())

    boston_path = os.path.join(DATA, 'boston_housing.npz')
    x = np.round(rng.uniform(0, 100, size=(23, 13)), 5)
    y = np.round(rng.uniform(5, 50, size=23), 1)
    write_npz(boston_path, dict(x=x, y=y), compressed=False)

    cases = [
        case('mnist', 'mnist', {}, lambda: mnist_load(mnist_path)),
        case('fashion_mnist', 'fashion_mnist', {}, lambda: fashion_load(fashion)),
        case('cifar100_fine', 'cifar100', {}, lambda: cifar100_load(cifar)),
        case('cifar100_coarse', 'cifar100', {'label_mode': 'coarse'}, lambda: cifar100_load(cifar, 'coarse')),
        case('cifar100_other_label_mode', 'cifar100', {'label_mode': 'medium'}, lambda: cifar100_load(cifar, 'medium')),
    ]
    for name, args in [('boston_default', {}), ('boston_test_split_half', {'test_split': 0.5}),
                       ('boston_test_split_zero', {'test_split': 0.0}), ('boston_test_split_third', {'test_split': 1 / 3}),
                       ('boston_seed', {'seed': 7}), ('boston_seed_max', {'seed': 2 ** 32 - 1}),
                       ('boston_all_arguments', {'test_split': 0.3, 'seed': 2018}),
                       ('boston_test_split_one', {'test_split': 1.0}), ('boston_test_split_negative', {'test_split': -0.1})]:
        cases.append(case(name, 'boston_housing', args, lambda args=args: boston_load(boston_path, **args)))
    golden = {'cases': cases, 'raw': {'boston_housing': {'x': x.tolist(), 'y': y.tolist()}}}
    with open(os.path.join(HERE, 'array_datasets.json'), 'w') as f:
        json.dump(golden, f, indent=1)
    print('wrote', DATA, 'array_datasets.json')


if __name__ == '__main__':
    main()
