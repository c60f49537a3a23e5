#!/usr/bin/python3
"""Accuracy reference for KerasSharp: the CIFAR-10 tutorial's training (part 3 of
../shared/reference/cifar10_keras2.py) re-implemented in PyTorch with Keras 2.2.4/2.3.1 defaults and numerics.

Run from the repository root with Debian's packages (python3-torch, python3-numpy, python3-scipy,
python3-keras-preprocessing; no Keras or TensorFlow needed):

    KERAS_HOME=../shared /usr/bin/python3 bench/accuracy/cifar10_torch_reference.py --epochs 10

Prints one line per epoch and writes a JSON file (--output; rewritten after every epoch, "complete" once done).

Deliberate choices, one a line:
- data: the CIFAR-10 binary version from $KERAS_HOME/datasets/cifar-10-batches-bin/ (default ~/.keras), NHWC uint8 as
  keras.datasets.cifar10.load_data returns it; --subset N takes the first N training images (the test set stays 10,000).
- preprocessing: the tutorial's z-score, np.mean/np.std over all of x_train (or the subset), (x - mean) / (std + 1e-7).
- model: Conv2D 3x3 'same' + l2(1e-4) -> ELU -> BatchNormalization, x2, MaxPooling2D(2), Dropout(0.2/0.3/0.4), for
  32/64/128 filters; Flatten (channels_last order: H, W, C) -> Dense(10, softmax); torch runs it NCHW.
- init: Keras defaults, glorot_uniform kernels (fan = kh*kw*channels), zero biases; BN gamma 1, beta 0, moving 0 / 1.
- batch norm: eps 1e-3, Keras momentum 0.99 = torch momentum 0.01; torch's unbiased running_var matches Keras (below).
- loss: Keras categorical_crossentropy on the softmax output (renormalise, clip to [1e-7, 1 - 1e-7], -sum(y log p)),
  batch mean, plus sum(1e-4 * w^2) over the six conv kernels; evaluate's loss includes the penalty too, as in Keras 2.
- optimizer: Keras RMSprop(lr=0.001, rho=0.9, epsilon=1e-7, decay=1e-6) = torch RMSprop(alpha=0.9, eps=1e-7) with the
  group lr set every step to lr / (1 + decay * iterations), iterations = updates done before, never reset.
- schedule: the tutorial's lr_schedule sets the base lr at each epoch's start (LearningRateScheduler).
- augmentation: the real keras_preprocessing ImageDataGenerator and flow(batch_size=64, shuffle=True, no seed, as the
  tutorial), fed like fit_generator feeds a Sequence: passes over all ceil(n/64) batches (the short one included) in
  an order from Python's random.shuffle, on_epoch_end after each pass, the passes running across the
  len(x_train)//64-step epochs; produced by one background thread with a queue of 10 (workers=1, max_queue_size=10).
- seeds: --seed seeds numpy's global generator (keras_preprocessing's shuffle and transforms draw from it), Python's
  random (the batch order) and torch (init, dropout); bit-identical reruns need the same --threads.
- evaluation: after each epoch's training, the whole test set in eval mode (moving statistics, no dropout), batch 128.
- reported epoch loss / accuracy: sample-weighted means over the epoch's batches, as measured during training
  (dropout on, before each update), which is what Keras's progress bar and History report.
"""
import argparse
import json
import os
import platform
import queue
import random
import sys
import threading
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import keras_preprocessing
from keras_preprocessing.image import ImageDataGenerator

NUM_CLASSES = 10
WEIGHT_DECAY = 1e-4          # regularizers.l2(weight_decay) on every Conv2D kernel
KERAS_EPSILON = 1e-7         # K.epsilon(): the clip in categorical_crossentropy and RMSprop's epsilon
RMSPROP_LR, RMSPROP_RHO, RMSPROP_DECAY = 0.001, 0.9, 1e-6
EVAL_BATCH = 128             # the tutorial's final evaluate (fit_generator validates with 64): eval mode, same result
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "bench", "results", "cifar10_torch_reference.json")


def lr_schedule(epoch):
    # The tutorial's, quirk included: the `epoch > 100` branch can never run.
    lrate = 0.001
    if epoch > 75:
        lrate = 0.0005
    elif epoch > 100:
        lrate = 0.0003
    return lrate


def load_cifar10(keras_home):
    """(x_train, y_train), (x_test, y_test) as keras.datasets.cifar10.load_data gives them: NHWC uint8, (N, 1) uint8."""
    root = os.path.join(keras_home, "datasets", "cifar-10-batches-bin")

    def read(names):
        # Each record: 1 label byte, then 3072 bytes of image, the R, G and B 32x32 planes (CHW).
        raw = np.concatenate([np.fromfile(os.path.join(root, name), dtype=np.uint8).reshape(-1, 3073)
                              for name in names])
        x = raw[:, 1:].reshape(-1, 3, 32, 32)
        y = raw[:, :1].copy()
        # load_data transposes its NCHW array to NHWC as a view; astype('float32') below then keeps that memory order.
        return x.transpose(0, 2, 3, 1), y

    for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
        if not os.path.isfile(os.path.join(root, name)):
            raise SystemExit(f"missing {os.path.join(root, name)} (set KERAS_HOME to the folder holding datasets/)")
    return read([f"data_batch_{i}.bin" for i in range(1, 6)]), read(["test_batch.bin"])


def to_categorical(y, num_classes):
    return np.eye(num_classes, dtype=np.float32)[y.ravel().astype(np.int64)]


def glorot_uniform_(weight, fan_in, fan_out):
    # Keras glorot_uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        weight.uniform_(-limit, limit)


class TutorialNet(nn.Module):
    """The tutorial's Sequential model with Keras layer semantics, NCHW inside; returns softmax probabilities."""

    def __init__(self):
        super().__init__()
        layers, in_ch = [], 3
        for filters, rate in ((32, 0.2), (64, 0.3), (128, 0.4)):
            for _ in range(2):
                conv = nn.Conv2d(in_ch, filters, 3, padding=1)  # 3x3 stride 1 'same' = 1 pixel each side
                glorot_uniform_(conv.weight, 3 * 3 * in_ch, 3 * 3 * filters)
                nn.init.zeros_(conv.bias)
                # Keras BatchNormalization(momentum=0.99, epsilon=1e-3); gamma 1, beta 0, moving mean 0, variance 1
                # are torch's defaults too. Keras 2.2.4/2.3.1 scale the biased batch variance by m / (m - (1 + eps))
                # (m = N*H*W) before the moving update, torch by m / (m - 1): a difference of about eps / m, nil.
                # (With TF 1.x's fused kernel, which may already return the corrected variance, the factor is at
                # most ~1 + 1e-3 here (m >= 1024), still far below the noise of a 0.01 moving average.)
                # Keras 2.2.4 also zero-debiases the moving averages (TF assign_moving_average, zero_debias=True),
                # Keras 2.3.1 does not; the difference has decayed to 0.99^781 ~ 4e-4 after one full epoch.
                layers += [conv, nn.ELU(alpha=1.0), nn.BatchNorm2d(filters, eps=1e-3, momentum=0.01)]
                in_ch = filters
            layers += [nn.MaxPool2d(2), nn.Dropout(rate)]
        self.features = nn.Sequential(*layers)
        self.dense = nn.Linear(4 * 4 * 128, NUM_CLASSES)
        glorot_uniform_(self.dense.weight, 4 * 4 * 128, NUM_CLASSES)
        nn.init.zeros_(self.dense.bias)
        self.kernels = [m.weight for m in self.features if isinstance(m, nn.Conv2d)]

    def forward(self, x):
        x = self.features(x)
        # Keras's Flatten works on NHWC, so the Dense kernel's rows are in H, W, C order: flatten the same way, so
        # that the layouts (and Keras weights, if ever loaded) correspond.
        x = x.permute(0, 2, 3, 1).flatten(1)
        return F.softmax(self.dense(x), dim=1)

    def penalty(self):
        # regularizers.l2(1e-4): sum(1e-4 * w^2) per conv kernel; biases, BN and Dense are not regularised.
        return sum((WEIGHT_DECAY * w.square()).sum() for w in self.kernels)


def categorical_crossentropy(probs, target):
    """Keras 2 categorical_crossentropy(from_logits=False) per sample: renormalise, clip to [eps, 1-eps], -sum(y log p).

    (Keras 2.2.4's TF backend does exactly this; Keras 2.3.1 delegates to tf.keras's backend, which with newer TF may
    use the softmax's logits instead: it differs only for probabilities below 1e-7.)"""
    probs = probs / probs.sum(dim=1, keepdim=True)
    probs = probs.clamp(KERAS_EPSILON, 1.0 - KERAS_EPSILON)
    return -(target * probs.log()).sum(dim=1)


def keras_decayed_lr(lr, iterations):
    # Keras: lr * (1 / (1 + decay * iterations)) in float32, iterations = updates already done.
    lr, decay, it = np.float32(lr), np.float32(RMSPROP_DECAY), np.float32(iterations)
    return float(lr * (np.float32(1.0) / (np.float32(1.0) + decay * it)))


def keras_sequence_batches(sequence):
    """Batches in the order Keras 2.3.1's fit_generator takes them from a Sequence (OrderedEnqueuer, shuffle=True):
    all len(sequence) batches of a pass in random.shuffle order, then on_epoch_end(), endlessly, independent of the
    model's epochs. (Keras 2.2.4 re-shuffles the previous pass's order instead of a fresh range: same distribution.)"""
    while True:
        order = list(range(len(sequence)))
        random.shuffle(order)
        for i in order:
            yield sequence[i]
        sequence.on_epoch_end()


class Prefetcher:
    """One producer thread and a bounded queue, as fit_generator's default workers=1, max_queue_size=10. All numpy and
    Python random draws happen on this one thread, in order, so the batch stream stays deterministic."""

    def __init__(self, stream, max_queue_size=10):
        self._queue = queue.Queue(max_queue_size)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(stream,), name="augmentation", daemon=True)
        self._thread.start()

    def _put(self, item):
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def _run(self, stream):
        try:
            for item in stream:
                if not self._put(item):
                    return
        except BaseException as error:  # hand it to the training loop rather than die silently
            self._put(error)

    def get(self):
        item = self._queue.get()
        if isinstance(item, BaseException):
            raise RuntimeError("the augmentation thread failed") from item
        return item

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=30)


def evaluate(model, x, y):
    """Keras's evaluate: loss (mean cross-entropy + l2 penalty) and categorical accuracy, eval mode."""
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, x.shape[0], EVAL_BATCH):
            probs = model(x[start:start + EVAL_BATCH])
            target = y[start:start + EVAL_BATCH]
            loss_sum += categorical_crossentropy(probs, target).sum().item()
            correct += (probs.argmax(1) == target.argmax(1)).sum().item()
        penalty = model.penalty().item()
    return loss_sum / x.shape[0] + penalty, correct / x.shape[0]


def write_results(path, settings, epochs, complete):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"settings": settings, "complete": complete, "epochs": epochs}, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--subset", type=int, default=None, help="use the first N training images (default: all 50,000)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--output", default=DEFAULT_OUTPUT,
                   help="JSON results (default: bench/results/cifar10_torch_reference.json in the repository)")
    args = p.parse_args()
    if args.epochs <= 0 or args.batch_size <= 0 or args.threads <= 0:
        p.error("--epochs, --batch-size and --threads must be positive")
    if args.subset is not None and not args.batch_size <= args.subset <= 50000:
        p.error("--subset must be between --batch-size and 50000")
    return args


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    np.random.seed(args.seed)
    random.seed(args.seed)
    torch.manual_seed(args.seed)

    keras_home = os.path.expanduser(os.environ.get("KERAS_HOME") or os.path.join("~", ".keras"))
    (x_train, y_train), (x_test, y_test) = load_cifar10(keras_home)
    if args.subset is not None:
        x_train, y_train = x_train[:args.subset], y_train[:args.subset]

    # The tutorial's preprocessing, expression for expression.
    x_train = x_train.astype('float32')
    x_test = x_test.astype('float32')
    mean = np.mean(x_train, axis=(0, 1, 2, 3))
    std = np.std(x_train, axis=(0, 1, 2, 3))
    x_train = (x_train - mean) / (std + 1e-7)
    x_test = (x_test - mean) / (std + 1e-7)
    y_train = to_categorical(y_train, NUM_CLASSES)
    y_test = to_categorical(y_test, NUM_CLASSES)

    model = TutorialNet()
    trainable = sum(p.numel() for p in model.parameters())
    moving = sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))

    datagen = ImageDataGenerator(rotation_range=15, width_shift_range=0.1, height_shift_range=0.1,
                                 horizontal_flip=True)
    datagen.fit(x_train)  # a no-op for these settings (no featurewise statistics), kept as in the tutorial
    flow = datagen.flow(x_train, y_train, batch_size=args.batch_size)  # shuffle=True, seed=None: the tutorial's call
    steps_per_epoch = x_train.shape[0] // args.batch_size

    optimizer = torch.optim.RMSprop(model.parameters(), lr=RMSPROP_LR, alpha=RMSPROP_RHO, eps=KERAS_EPSILON)
    x_test_t = torch.from_numpy(np.ascontiguousarray(x_test.transpose(0, 3, 1, 2)))
    y_test_t = torch.from_numpy(y_test)

    settings = {
        "script": "bench/accuracy/cifar10_torch_reference.py", "epochs": args.epochs, "subset": args.subset,
        "train_samples": int(x_train.shape[0]), "test_samples": int(x_test.shape[0]), "batch_size": args.batch_size,
        "steps_per_epoch": steps_per_epoch, "batches_per_pass": len(flow), "eval_batch_size": EVAL_BATCH,
        "threads": torch.get_num_threads(), "seed": args.seed, "torch": torch.__version__, "numpy": np.__version__,
        "keras_preprocessing": keras_preprocessing.__version__, "python": platform.python_version(),
        "params_total": trainable + moving, "params_trainable": trainable, "params_non_trainable": moving,
        "data_mean": float(mean), "data_std": float(std),
    }
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, seed {args.seed}; "
          f"{x_train.shape[0]:,} training images ({steps_per_epoch} steps of {args.batch_size} per epoch), "
          f"{x_test.shape[0]:,} test images; mean {float(mean):.4f}, std {float(std):.4f}", flush=True)
    print(f"params {trainable + moving:,} total: {trainable:,} trainable + {moving:,} BN moving mean/variance",
          flush=True)

    results = []
    iterations = 0  # Keras's optimizer.iterations: counts every update, across epochs
    prefetcher = Prefetcher(keras_sequence_batches(flow))
    try:
        for epoch in range(args.epochs):
            base_lr = lr_schedule(epoch)  # LearningRateScheduler.on_epoch_begin
            model.train()
            loss_sum, correct, seen = 0.0, 0, 0
            start = time.perf_counter()
            for _ in range(steps_per_epoch):
                batch_x, batch_y = prefetcher.get()
                xb = torch.from_numpy(batch_x).permute(0, 3, 1, 2).contiguous()  # NHWC batch -> NCHW
                yb = torch.from_numpy(batch_y)
                for group in optimizer.param_groups:
                    group["lr"] = keras_decayed_lr(base_lr, iterations)
                optimizer.zero_grad(set_to_none=True)
                probs = model(xb)
                loss = categorical_crossentropy(probs, yb).mean() + model.penalty()
                loss.backward()
                optimizer.step()
                iterations += 1
                n = xb.shape[0]
                loss_sum += loss.item() * n
                correct += (probs.argmax(1) == yb.argmax(1)).sum().item()
                seen += n
            train_seconds = time.perf_counter() - start
            val_loss, val_acc = evaluate(model, x_test_t, y_test_t)
            seconds = time.perf_counter() - start
            results.append({"epoch": epoch + 1, "lr": base_lr, "loss": loss_sum / seen, "accuracy": correct / seen,
                            "val_loss": val_loss, "val_accuracy": val_acc, "seconds": round(seconds, 2),
                            "train_seconds": round(train_seconds, 2)})
            r = results[-1]
            print(f"epoch {epoch + 1}/{args.epochs}  lr {base_lr:g}  loss {r['loss']:.4f}  acc {r['accuracy']:.4f}  "
                  f"test_loss {val_loss:.4f}  test_acc {val_acc:.4f}  time {seconds:.1f}s  "
                  f"(train {train_seconds:.1f}s)", flush=True)
            write_results(args.output, settings, results, complete=epoch + 1 == args.epochs)
    finally:
        prefetcher.stop()
    print(f"results: {args.output}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
