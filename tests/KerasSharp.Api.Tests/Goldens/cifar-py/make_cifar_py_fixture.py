#!/usr/bin/python3
"""Writes a tiny CIFAR-10 'python version' folder (cifar-10-batches-py) in the byte format of the real one.

The official files were written by Python 2's cPickle (protocol 2): a dict whose str keys and the array's raw bytes
are Python 2 strings (BINSTRING / SHORT_BINSTRING opcodes), and 'data' a numpy uint8 array of shape (n, 3072)
(1024 red, 1024 green, 1024 blue values per image, row-major). Python 3 would pickle bytes differently (via
_codecs.encode), so this script emits Python 2 strings itself. Each batch holds 3 images whose
pixels and labels are given by simple formulas that the C# test recomputes.

Run from the repository root: /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/cifar-py/make_cifar_py_fixture.py
"""
import io
import os
import pickle
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'datasets', 'cifar-10-batches-py')


class Py2Pickler(pickle._Pickler):
    """Protocol 2 with bytes written as Python 2 str (what cPickle wrote for the CIFAR files)."""
    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj):
        n = len(obj)
        if n < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([n]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack('<i', n) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def batch(index, n):
    # pixel value of image k, channel c, row r, col col: (index*50 + k*7 + c*30 + r + 2*col) % 256
    k, c, r, col = np.meshgrid(np.arange(n), np.arange(3), np.arange(32), np.arange(32), indexing='ij')
    data = ((index * 50 + k * 7 + c * 30 + r + 2 * col) % 256).astype(np.uint8).reshape(n, 3072)
    labels = [(index + k) % 10 for k in range(n)]
    return {b'batch_label': b'testing batch %d' % index, b'labels': labels, b'data': data,
            b'filenames': [b'img_%d_%d.png' % (index, k) for k in range(n)]}


def main():
    os.makedirs(OUT, exist_ok=True)
    names = ['data_batch_%d' % i for i in range(1, 6)] + ['test_batch']
    for i, name in enumerate(names, start=1):
        buf = io.BytesIO()
        Py2Pickler(buf, protocol=2).dump(batch(i, 3))
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(buf.getvalue())
    # Check the files read back the way Keras reads them (encoding='bytes').
    with open(os.path.join(OUT, 'data_batch_2'), 'rb') as f:
        d = pickle.load(f, encoding='bytes')
    assert d[b'data'].shape == (3, 3072) and d[b'data'].dtype == np.uint8 and d[b'labels'] == [2, 3, 4]
    print('wrote', OUT)


if __name__ == '__main__':
    main()
