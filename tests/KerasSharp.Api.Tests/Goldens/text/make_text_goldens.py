#!/usr/bin/python3
"""Reference goldens for KerasSharp's keras.preprocessing.text and keras.preprocessing.sequence.

Run from the repository root (Debian python: python3-keras-preprocessing, python3-numpy):
    /usr/bin/python3 tests/KerasSharp.Api.Tests/Goldens/text/make_text_goldens.py

The values come from the REAL library: keras_preprocessing 1.1.0 (what standalone Keras 2.3.1 re-exports as
keras.preprocessing.text / keras.preprocessing.sequence), on corpus.txt (training texts) and queries.txt (texts with
out-of-vocabulary words) beside this script.

The script re-executes itself with PYTHONHASHSEED=0: Python's str hash (used by one_hot and hashing_trick's
default) and the iteration order of the sets behind Tokenizer.word_docs are then fixed, so rerunning rewrites
identical files. The global `random` module is seeded before every skipgrams call that draws from it.

Writes, next to this script:
    tokenizer.json  Tokenizer: every method and mode, with/without num_words and oov_token, char_level, to_json
    text.json       text_to_word_sequence, one_hot, hashing_trick ('md5' and Python's hash with PYTHONHASHSEED=0)
    sequence.json   pad_sequences, make_sampling_table, skipgrams, TimeseriesGenerator
"""
import json
import os
import random
import re
import sys

if os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
import keras_preprocessing
from keras_preprocessing import sequence as S
from keras_preprocessing import text as T

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {'keras_preprocessing': keras_preprocessing.__version__, 'numpy': np.__version__,
            'python': sys.version.split()[0], 'hash': sys.hash_info.algorithm}
assert keras_preprocessing.__version__ == '1.1.0', keras_preprocessing.__version__


def lines(name):
    with open(os.path.join(OUT_DIR, name), encoding='utf-8') as f:
        return [line.rstrip('\n') for line in f]


def arr(a):
    a = np.asarray(a)
    return {'shape': list(a.shape), 'dtype': str(a.dtype), 'data': a.reshape(-1).tolist()}


def error(fn):
    try:
        fn()
    except (ValueError, TypeError) as e:
        return str(e)
    raise AssertionError('expected an error')


MODES = ['binary', 'count', 'tfidf', 'freq']
TEXTS = lines('corpus.txt')
QUERIES = lines('queries.txt')


def tokenizer_state(tok):
    return {
        'document_count': tok.document_count,
        'word_counts': [[w, c] for w, c in tok.word_counts.items()],  # an OrderedDict: order matters
        'word_docs': dict(tok.word_docs),  # filled from a set: compare as a dictionary
        'index_docs': {str(k): v for k, v in tok.index_docs.items()},
        'word_index': [[w, i] for w, i in tok.word_index.items()],
        'index_word': [[i, w] for i, w in tok.index_word.items()],
    }


def tokenizer_case(name, kwargs, fit_texts=TEXTS, queries=QUERIES):
    tok = T.Tokenizer(**kwargs)
    tok.fit_on_texts(fit_texts)
    sequences = tok.texts_to_sequences(queries)
    assert sequences == list(tok.texts_to_sequences_generator(queries))
    # indices past the vocabulary (and 0) are dropped, or become the oov token
    probe = [[1, 2, 3, 4, 5, 6, 7, 8], [0, 99, 2, 2], []] + sequences
    case = {
        'name': name, 'kwargs': kwargs, 'fit_texts': fit_texts, 'queries': queries,
        'state': tokenizer_state(tok),
        'texts_to_sequences': sequences,
        'train_sequences': tok.texts_to_sequences(fit_texts),
        'probe_sequences': probe,
        'sequences_to_texts': tok.sequences_to_texts(probe),
        'texts_to_matrix': {m: arr(tok.texts_to_matrix(queries, mode=m)) for m in MODES},
        'sequences_to_matrix': {m: arr(tok.sequences_to_matrix(probe, mode=m)) for m in MODES},
        'to_json': tok.to_json(),
    }
    # tokenizer_from_json reads it back into a tokenizer that gives the same answers
    back = T.tokenizer_from_json(case['to_json'])
    assert back.texts_to_sequences(queries) == sequences
    assert back.to_json() == case['to_json']
    return case


def tokenizer_goldens():
    cases = [
        tokenizer_case('default', {}),
        tokenizer_case('num_words_5', {'num_words': 5}),
        tokenizer_case('oov', {'oov_token': '<OOV>'}),
        tokenizer_case('num_words_6_oov', {'num_words': 6, 'oov_token': '<OOV>'}),
        # the oov token is also a word of the texts: dict(zip(...)) keeps its first position and its later index
        tokenizer_case('oov_is_a_word', {'oov_token': 'dog'}),
        tokenizer_case('char_level', {'char_level': True}),
        tokenizer_case('char_level_num_words_oov', {'char_level': True, 'num_words': 8, 'oov_token': '~'}),
        tokenizer_case('no_lower_custom_filters_split',
                       {'lower': False, 'filters': '.!?', 'split': ',', 'num_words': 10}),
        tokenizer_case('multi_char_split', {'split': '--', 'filters': ' .'},
                       fit_texts=['a--b.c d--a', '--b----c--', 'a.a'], queries=['a b c', 'c--d--a']),
        # one word a document: word_docs' order is first-seen order, so to_json is deterministic in any language
        tokenizer_case('one_word_documents', {'num_words': 3, 'oov_token': '?'},
                       fit_texts=['apple', 'Banana!', 'apple', 'cherry', 'Café', 'apple', 'banana', '\ttab\t'],
                       queries=['apple banana cherry durian', 'café']),
    ]
    # lists of tokens instead of texts (no filtering; lowercased)
    tok = T.Tokenizer(num_words=4)
    token_lists = [['The', 'cat', 'sat'], ['the', 'Dog,', 'sat'], ['sat']]
    tok.fit_on_texts(token_lists)
    token_case = {'name': 'token_lists', 'kwargs': {'num_words': 4}, 'fit_token_lists': token_lists,
                  'state': tokenizer_state(tok),
                  'texts_to_sequences': tok.texts_to_sequences([['cat', 'SAT', 'dog,', 'bird']]),
                  'texts_to_matrix_count': arr(tok.texts_to_matrix([['sat', 'the', 'sat']], mode='count'))}

    # fit_on_sequences alone: enough for sequences_to_matrix with num_words (tfidf uses index_docs)
    seqs = [[1, 2, 2, 3], [3, 4], [], [1, 1, 1, 5]]
    tok = T.Tokenizer(num_words=6)
    tok.fit_on_sequences(seqs)
    seq_case = {'name': 'fit_on_sequences', 'kwargs': {'num_words': 6}, 'sequences': seqs,
                'document_count': tok.document_count,
                'index_docs': {str(k): v for k, v in tok.index_docs.items()},
                'sequences_to_matrix': {m: arr(tok.sequences_to_matrix(seqs + [[5, 9, 0]], mode=m)) for m in MODES},
                'probe': seqs + [[5, 9, 0]]}
    # fit_on_texts after fit_on_sequences: index_docs keeps the sequence counts, overwritten per word index
    tok.fit_on_texts(TEXTS[:3])
    seq_case['then_fit_on_texts'] = {'texts': TEXTS[:3], 'state': tokenizer_state(tok)}

    errors = {
        'tfidf_before_fit': error(lambda: T.Tokenizer(num_words=10).texts_to_matrix(['a b'], mode='tfidf')),
        'matrix_without_dimension': error(lambda: T.Tokenizer().sequences_to_matrix([[1, 2]], mode='binary')),
        'texts_to_matrix_without_dimension': error(lambda: T.Tokenizer().texts_to_matrix(['a b'], mode='tfidf')),
        'unknown_mode': error(lambda: T.Tokenizer(num_words=3).sequences_to_matrix([[1, 2]], mode='onehot')),
    }
    return {'versions': VERSIONS, 'texts': TEXTS, 'queries': QUERIES, 'cases': cases,
            'token_lists': token_case, 'fit_on_sequences': seq_case, 'errors': errors}


def text_goldens():
    inputs = TEXTS + QUERIES + ['東京 Tokyo 東京', 'ΩMEGA omega Ωmega', '', '   ', 'a\tb\nc',
                                 "ΟΔΟΣ. ΣΑΣ Σ aΣb ΑΣ'Α ΑΣ\u0301 İstanbul 𐐀BC"]  # str.lower's special cases
    words = {
        'default': [T.text_to_word_sequence(t) for t in inputs],
        'no_lower': [T.text_to_word_sequence(t, lower=False) for t in inputs],
        'filters_split': [T.text_to_word_sequence(t, filters='aeiou', split='t') for t in inputs],
        'multi_char_split': [T.text_to_word_sequence(t, filters=',', split=', ') for t in inputs],
    }
    md5 = {str(n): [T.hashing_trick(t, n, hash_function='md5') for t in inputs] for n in (2, 7, 1000, 2 ** 31 - 1)}
    md5_options = [T.hashing_trick(t, 50, hash_function='md5', filters='', lower=False, split='a') for t in inputs]
    python_hash = {str(n): [T.hashing_trick(t, n) for t in inputs] for n in (3, 100, 2 ** 31 - 1)}
    one_hot = {str(n): [T.one_hot(t, n) for t in inputs] for n in (5, 100)}
    hashes = {w: hash(w) for t in inputs for w in T.text_to_word_sequence(t)}
    errors = {'empty_separator': error(lambda: T.text_to_word_sequence('a b', split=''))}
    return {'versions': VERSIONS, 'inputs': inputs, 'text_to_word_sequence': words, 'md5': md5,
            'md5_options': md5_options, 'python_hash': python_hash, 'one_hot': one_hot, 'hashes': hashes,
            'errors': errors}


def pad_goldens():
    seqs = [[1, 2, 3], [4, 5], [], [6, 7, 8, 9, 10], [11]]
    cases = []
    for maxlen in (None, 1, 3, 7):
        for padding in ('pre', 'post'):
            for truncating in ('pre', 'post'):
                for value, dtype in ((0., 'int32'), (-1, 'int32'), (2.7, 'int32'), (-2.7, 'int64'),
                                     (0.5, 'float32'), (-1.25, 'float64')):
                    out = S.pad_sequences(seqs, maxlen=maxlen, dtype=dtype, padding=padding,
                                          truncating=truncating, value=value)
                    cases.append({'maxlen': maxlen, 'padding': padding, 'truncating': truncating, 'value': value,
                                  'dtype': dtype, 'sequences': seqs, 'output': arr(out)})
    default = S.pad_sequences(seqs)
    all_empty = S.pad_sequences([[], []])
    all_empty_maxlen = S.pad_sequences([[], []], maxlen=2, value=3)
    floats = S.pad_sequences([[0.5, 1.5], [2.25]], dtype='float32', padding='post')
    floats_int = S.pad_sequences([[0.5, 1.7], [-2.25]])  # int32 truncates toward zero
    inner = [[[1, 2], [3, 4]], [], [[5, 6]]]
    inner_out = S.pad_sequences(inner, maxlen=3, value=-1)
    errors = {
        'padding': error(lambda: S.pad_sequences(seqs, padding='middle')),
        'truncating': error(lambda: S.pad_sequences(seqs, truncating='middle')),
        'inner_shape': error(lambda: S.pad_sequences([[[1, 2], [3, 4]], [[1, 2, 3]]])),
        'inner_shape_vs_scalar': error(lambda: S.pad_sequences([[1, 2], [[1, 2]]])),
    }
    return {'cases': cases, 'default': arr(default), 'default_sequences': seqs, 'all_empty': arr(all_empty),
            'all_empty_maxlen': arr(all_empty_maxlen), 'floats': arr(floats), 'floats_int': arr(floats_int),
            'inner': inner, 'inner_output': arr(inner_out), 'errors': errors}


def skipgram_goldens():
    cases = []
    seq_a = [1, 2, 3, 4, 5, 6]
    seq_b = [3, 0, 7, 7, 1, 0, 2, 9, 4]
    table = S.make_sampling_table(10, sampling_factor=0.05)

    def case(name, sequence, vocabulary_size, random_seed=None, **kwargs):
        if random_seed is not None:
            random.seed(random_seed)
        couples, labels = S.skipgrams(sequence, vocabulary_size, **kwargs)
        c = {'name': name, 'sequence': sequence, 'vocabulary_size': vocabulary_size, 'random_seed': random_seed,
             'kwargs': {k: v for k, v in kwargs.items() if k != 'sampling_table'},
             'couples': couples, 'labels': labels}
        if 'sampling_table' in kwargs:
            c['sampling_table'] = kwargs['sampling_table'].tolist()
        cases.append(c)

    case('positives_only', seq_a, 7, negative_samples=0., shuffle=False)
    case('window_1_zeros', seq_b, 10, window_size=1, negative_samples=0., shuffle=False)
    case('window_2_categorical', seq_b, 10, window_size=2, negative_samples=0., shuffle=False, categorical=True)
    case('negatives', seq_a, 7, random_seed=11, window_size=2, shuffle=False)
    case('negatives_half_categorical', seq_b, 10, random_seed=5, window_size=3, negative_samples=0.5,
         shuffle=False, categorical=True)
    case('negatives_2', seq_b, 1000, random_seed=3, window_size=1, negative_samples=2., shuffle=False)
    case('sampling_table', seq_b, 10, random_seed=2, window_size=2, sampling_table=table, shuffle=False)
    case('shuffle_seed', seq_a, 7, random_seed=4, window_size=2, shuffle=True, seed=123)
    case('shuffle_no_seed', seq_b, 10, random_seed=9, window_size=2, shuffle=True, categorical=True)
    case('empty', [], 5, random_seed=1)
    case('only_zeros', [0, 0], 5, random_seed=1, shuffle=False)
    # after skipgrams(shuffle=True) the global random state is the one seeded with the shuffle seed
    random.seed(9)
    S.skipgrams(seq_b, 10, window_size=2, shuffle=True, categorical=True)
    after = [random.random() for _ in range(3)]
    # the draws behind skipgrams, from a known seed
    random.seed(12345)
    draws = {'random': [random.random() for _ in range(5)], 'randint_1_9': [random.randint(1, 9) for _ in range(10)],
             'randint_big': [random.randint(1, 2 ** 40) for _ in range(3)]}
    lst = list(range(10))
    random.shuffle(lst)
    draws['shuffle_range_10'] = lst
    random.seed(2 ** 70 + 5)
    draws['big_seed_random'] = [random.random() for _ in range(2)]
    random.seed(-3)
    draws['negative_seed_random'] = [random.random() for _ in range(2)]
    return {'cases': cases, 'random_after_shuffle_no_seed': after, 'draws': draws}


def timeseries_goldens():
    data = np.array([[i, 100 + i] for i in range(30)])
    targets = np.array([[10 * i] for i in range(30)])
    flat = np.arange(20) * 3
    cases = []

    def case(name, d, t, **kwargs):
        g = S.TimeseriesGenerator(d, t, **kwargs)
        batches = [g[i] for i in range(len(g))]
        cases.append({'name': name, 'data': arr(d), 'targets': arr(t), 'kwargs': kwargs, 'len': len(g),
                      'batches': [{'x': arr(x), 'y': arr(y)} for x, y in batches]})

    case('doc_example', np.array([[i] for i in range(50)]), np.array([[i] for i in range(50)]),
         length=10, sampling_rate=2, batch_size=2)
    case('default_batch', data, targets, length=5)
    case('stride_3', data, targets, length=4, stride=3, batch_size=3)
    case('sampling_rate_3', data, targets, length=7, sampling_rate=3, batch_size=4)
    case('start_end', data, targets, length=3, start_index=5, end_index=20, batch_size=4)
    case('reverse', data, targets, length=4, sampling_rate=2, reverse=True, batch_size=5)
    case('everything', data, targets, length=6, sampling_rate=2, stride=2, start_index=2, end_index=27,
         reverse=True, batch_size=3)
    case('flat', flat, flat * 2, length=3, batch_size=4)
    case('exact_fit', flat, flat, length=19, batch_size=1)
    errors = {
        'length_too_large': error(lambda: S.TimeseriesGenerator(flat, flat, length=20)),
        'start_end': error(lambda: S.TimeseriesGenerator(flat, flat, length=5, start_index=10, end_index=12)),
        'lengths_differ': error(lambda: S.TimeseriesGenerator(flat, flat[:5], length=2)),
    }
    return {'cases': cases, 'errors': errors}


def sampling_table_goldens():
    return [{'size': size, 'sampling_factor': factor, 'table': S.make_sampling_table(size, factor).tolist()}
            for size, factor in ((1, 1e-5), (10, 1e-5), (100, 1e-5), (50, 0.01), (20, 1.0))]


NUMBER_LIST = re.compile(r'\[\s*((?:-?[0-9.e+-]+,\s*)*-?[0-9.e+-]+)\s*\]')


def write(name, obj):
    text = json.dumps(obj, indent=1, ensure_ascii=False)
    text = NUMBER_LIST.sub(lambda m: '[' + re.sub(r',\s+', ', ', m.group(1)) + ']', text)  # a list of numbers on one line
    assert json.loads(text) == obj
    with open(os.path.join(OUT_DIR, name), 'w', encoding='utf-8') as f:
        f.write(text + '\n')


def main():
    write('tokenizer.json', tokenizer_goldens())
    write('text.json', text_goldens())
    write('sequence.json', {'versions': VERSIONS, 'pad_sequences': pad_goldens(), 'skipgrams': skipgram_goldens(),
                            'make_sampling_table': sampling_table_goldens(), 'timeseries': timeseries_goldens()})
    print('wrote tokenizer.json, text.json, sequence.json to', OUT_DIR)


if __name__ == '__main__':
    main()
