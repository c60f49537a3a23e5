#!/usr/bin/python3
"""Writes small IMDB and Reuters archives in the formats of Keras's real files, and the expected loader outputs.

* datasets/imdb.npz: 'x_train', 'x_test' object arrays (dtype=object) of Python lists of word ranks, 'y_train',
  'y_test' int64 labels, as np.savez writes them (object arrays pickled with protocol 3).
* datasets/reuters.npz: 'x' (object array of lists) and 'y' (int64). Its .npy members are written by hand with a
  Python 2 style pickle (protocol 2, str as SHORT_BINSTRING), as numpy under Python 2 wrote the files of 2015-2017.
* datasets/imdb_word_index.json, datasets/reuters_word_index.json: word -> rank dictionaries.
* text_datasets.json: for each argument combination, what keras@2.2.4:keras/datasets/{imdb,reuters}.py load_data
  returns (re-implemented below with np.random.seed / np.random.shuffle, as Keras 2.2.4 does), or the error.
* text_datasets_raw.json: the arrays of both archives as np.load(allow_pickle=True) reads them.
* random_state.json: numpy's legacy RandomState: the first raw 32-bit MT19937 outputs after seed(s), and
  np.random.shuffle(np.arange(n)) for several seeds and lengths (full lists up to 1000, else first/last 20 values
  and the sha256 of the int64 little-endian permutation).

Run from the repository root: /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/datasets/make_text_datasets.py
"""
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
    """Protocol 2 with str and bytes written as Python 2 str (SHORT_BINSTRING / BINSTRING), as cPickle did."""
    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj):
        raw = obj.encode('latin1') if isinstance(obj, str) else obj
        n = len(raw)
        if n < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([n]) + raw)
        else:
            self.write(pickle.BINSTRING + struct.pack('<i', n) + raw)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str
    dispatch[str] = save_py2_str


def object_array(lists):
    a = np.empty(len(lists), dtype=object)
    for i, l in enumerate(lists):
        a[i] = list(l)
    return a


def npy_py2(array):
    """A version 1.0 .npy file whose data is the Python 2 pickle of the array (object dtype) or its raw bytes."""
    header = "{'descr': %r, 'fortran_order': False, 'shape': %r, }" % (
        np.lib.format.dtype_to_descr(array.dtype), array.shape)
    header += ' ' * (63 - (10 + len(header)) % 64) + '\n'  # total header a multiple of 64, as numpy pads it
    out = io.BytesIO()
    out.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1'))
    if array.dtype == object:
        Py2Pickler(out, protocol=2).dump(array)
    else:
        out.write(array.tobytes())
    return out.getvalue()


def npy(array):
    """The .npy member np.savez writes (object arrays pickled with protocol 3)."""
    out = io.BytesIO()
    np.lib.format.write_array(out, array, allow_pickle=True)
    return out.getvalue()


def write_zip(path, members):
    # As np.savez lays out its archive, with a fixed timestamp so that reruns write identical bytes.
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)


def sequences(rng, count, max_len, vocab):
    return [[int(w) for w in rng.randint(1, vocab + 1, size=rng.randint(1, max_len + 1))] for _ in range(count)]


# --- Keras 2.2.4 load_data, in numpy --------------------------------------------------------------------------

def remove_long(maxlen, xs, labels):
    kept = [(x, y) for x, y in zip(xs, labels) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def index_and_cut(xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from, imdb):
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    if maxlen:
        xs, labels = remove_long(maxlen, xs, labels)
        if imdb and not xs:
            raise ValueError('After filtering for sequences shorter than maxlen=' + str(maxlen)
                             + ', no sequence was kept. Increase maxlen.')
    if not num_words:
        num_words = max([max(x) for x in xs])
    if oov_char is not None:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    return xs, labels


def imdb_load(f, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3):
    x_train, labels_train, x_test, labels_test = f['x_train'], f['y_train'], f['x_test'], f['y_test']
    np.random.seed(seed)
    indices = np.arange(len(x_train))
    np.random.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    np.random.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    xs = np.concatenate([x_train, x_test])
    labels = np.concatenate([labels_train, labels_test])
    xs, labels = index_and_cut(xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from, True)
    idx = len(x_train)  # the count before maxlen filtering, as Keras 2.2.4 splits
    return (xs[:idx], labels[:idx]), (xs[idx:], labels[idx:])


def reuters_load(f, num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1, oov_char=2,
                 index_from=3):
    xs, labels = f['x'], f['y']
    np.random.seed(seed)
    indices = np.arange(len(xs))
    np.random.shuffle(indices)
    xs, labels = xs[indices], labels[indices]
    xs, labels = index_and_cut(xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from, False)
    idx = int(len(xs) * (1 - test_split))
    return (xs[:idx], labels[:idx]), (xs[idx:], labels[idx:])


IMDB_CASES = [
    ('imdb_default', {}),
    ('imdb_num_words', {'num_words': 20}),
    ('imdb_skip_top', {'skip_top': 5}),
    ('imdb_num_words_skip_top', {'num_words': 25, 'skip_top': 6}),
    ('imdb_maxlen', {'maxlen': 9}),
    ('imdb_maxlen_split_before_filtering', {'maxlen': 14}),
    ('imdb_maxlen_zero_is_none', {'maxlen': 0}),
    ('imdb_num_words_zero_is_none', {'num_words': 0}),
    ('imdb_seed', {'seed': 7}),
    ('imdb_seed_zero', {'seed': 0}),
    ('imdb_no_start_char', {'start_char': None}),
    ('imdb_no_start_no_index', {'start_char': None, 'index_from': 0}),
    ('imdb_oov_none', {'num_words': 20, 'skip_top': 4, 'oov_char': None}),
    ('imdb_custom_chars', {'start_char': 5, 'oov_char': 9, 'index_from': 10, 'num_words': 30}),
    ('imdb_all_arguments', {'num_words': 22, 'skip_top': 3, 'maxlen': 12, 'seed': 2018, 'start_char': 0,
                            'oov_char': 1, 'index_from': 2}),
    ('imdb_maxlen_keeps_nothing', {'maxlen': 2}),
]

REUTERS_CASES = [
    ('reuters_default', {}),
    ('reuters_num_words', {'num_words': 20}),
    ('reuters_skip_top', {'skip_top': 5}),
    ('reuters_maxlen', {'maxlen': 8}),
    ('reuters_test_split_half', {'test_split': 0.5}),
    ('reuters_test_split_zero', {'test_split': 0.0}),
    ('reuters_test_split_third', {'test_split': 1 / 3}),
    ('reuters_seed', {'seed': 4294967295}),
    ('reuters_no_start_char', {'start_char': None}),
    ('reuters_oov_none', {'num_words': 18, 'skip_top': 2, 'oov_char': None}),
    ('reuters_all_arguments', {'num_words': 21, 'skip_top': 2, 'maxlen': 10, 'test_split': 0.25, 'seed': 5,
                               'start_char': 7, 'oov_char': 3, 'index_from': 4}),
    ('reuters_maxlen_keeps_nothing', {'maxlen': 2}),
    ('reuters_maxlen_keeps_nothing_with_num_words', {'maxlen': 2, 'num_words': 10}),
]


def run_cases(cases, load, path, dataset):
    out = []
    for name, args in cases:
        case = {'name': name, 'dataset': dataset, 'args': args}
        with np.load(path, allow_pickle=True) as f:
            try:
                (xtr, ytr), (xte, yte) = load(f, **args)
                case.update(x_train=[list(map(int, x)) for x in xtr], y_train=[int(y) for y in ytr],
                            x_test=[list(map(int, x)) for x in xte], y_test=[int(y) for y in yte])
            except ValueError as e:
                case['error'] = str(e)
        out.append(case)
    return out


def random_state_goldens():
    raw = []
    for seed in [0, 1, 113, 5489, 2 ** 31, 2 ** 32 - 1]:
        bg = np.random.MT19937()
        bg._legacy_seeding(seed)
        # The legacy RandomState(seed) holds this very generator state.
        assert (np.random.RandomState(seed).get_state()[1] == bg.state['state']['key']).all()
        raw.append({'seed': seed, 'outputs': [int(v) for v in bg.random_raw(12)]})
    shuffles = []
    for seed, lengths in [(113, [0]), (113, [1]), (113, [2]), (113, [10]), (0, [100]), (1, [1000]),
                          (2 ** 32 - 1, [17]), (113, [20, 13]), (113, [12, 9]), (113, [23]), (113, [25000, 25000]), (113, [11228]),
                          (7, [70000]), (2018, [65537, 5])]:
        np.random.seed(seed)
        perms = []
        for n in lengths:
            p = np.arange(n)
            np.random.shuffle(p)
            entry = {'length': n}
            if n <= 1000:
                entry['permutation'] = [int(v) for v in p]
            else:
                entry['first'] = [int(v) for v in p[:20]]
                entry['last'] = [int(v) for v in p[-20:]]
                entry['sha256'] = hashlib.sha256(p.astype('<i8').tobytes()).hexdigest()
            perms.append(entry)
        shuffles.append({'seed': seed, 'shuffles': perms})
    return {'raw': raw, 'shuffles': shuffles}


def main():
    os.makedirs(DATA, exist_ok=True)
    rng = np.random.RandomState(20240613)

    imdb_path = os.path.join(DATA, 'imdb.npz')
    imdb = dict(x_train=object_array(sequences(rng, 12, 14, 40)), y_train=rng.randint(0, 2, size=12).astype(np.int64),
                x_test=object_array(sequences(rng, 9, 14, 40)), y_test=rng.randint(0, 2, size=9).astype(np.int64))
    write_zip(imdb_path, {name + '.npy': npy(a) for name, a in imdb.items()})

    reuters_path = os.path.join(DATA, 'reuters.npz')
    x = object_array(sequences(rng, 23, 12, 35))
    y = rng.randint(0, 46, size=23).astype(np.int64)
    write_zip(reuters_path, {'x.npy': npy_py2(x), 'y.npy': npy_py2(y)})
    with np.load(reuters_path, allow_pickle=True) as f:  # numpy reads it back as it reads a Python 2 file
        assert [list(v) for v in f['x']] == [list(v) for v in x] and (f['y'] == y).all()

    words = ['the', 'and', 'a', 'of', 'to', 'is', 'br', 'in', 'it', 'i', 'this', 'that', "it's", 'café', 'film']
    with open(os.path.join(DATA, 'imdb_word_index.json'), 'w') as f:
        json.dump({w: i + 1 for i, w in enumerate(words)}, f)
    with open(os.path.join(DATA, 'reuters_word_index.json'), 'w') as f:
        json.dump({w: i + 1 for i, w in enumerate(['the', 'of', 'to', 'in', 'said', 'and', 'a', 'mln', '3'])}, f)

    cases = run_cases(IMDB_CASES, imdb_load, imdb_path, 'imdb') + run_cases(REUTERS_CASES, reuters_load,
                                                                            reuters_path, 'reuters')
    with open(os.path.join(HERE, 'text_datasets.json'), 'w') as f:
        json.dump(cases, f, indent=1)
    raw = {}
    for name, path in [('imdb', imdb_path), ('reuters', reuters_path)]:
        with np.load(path, allow_pickle=True) as f:
            raw[name] = {key: [list(map(int, x)) for x in f[key]] if f[key].dtype == object else [int(v) for v in f[key]]
                         for key in f.files}
    with open(os.path.join(HERE, 'text_datasets_raw.json'), 'w') as f:
        json.dump(raw, f, indent=1)
    with open(os.path.join(HERE, 'random_state.json'), 'w') as f:
        json.dump(random_state_goldens(), f, indent=1)
    print('wrote', DATA, 'text_datasets.json', 'random_state.json')


if __name__ == '__main__':
    main()
