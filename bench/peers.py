#!/usr/bin/python3
"""KerasSharp against its peers, each a child process, alternated over rounds (bench/alternate.py).

Peer sets (--sets, comma-separated):
  tutorial       the tutorial's CIFAR-10 model, one training step on a fixed batch of 64 and inference in batches of
                 128: KerasSharp (KerasSharp.Bench --only keras), raw TorchSharp (--only nchw, --only nhwc; any
                 KerasSharp.Bench variant via --variants) and PyTorch (pytorch_step.py --only channels_last / nchw).
  mnist          Keras 2.2.4's examples/mnist_cnn.py model, batch 128 of 28x28x1, Adadelta: KerasSharp
                 (KerasSharp.Bench --only mnist-keras) and PyTorch (pytorch_step.py --model mnist_cnn, channels_last and
                 nchw).
  cifar10-epoch  the whole tutorial's epoch on real CIFAR-10 ($KERAS_HOME/datasets/cifar-10-batches-bin):
                 examples/Cifar10 (FitGenerator on ImageDataGenerator.Flow, validation on the 10,000 test images)
                 against bench/accuracy/cifar10_torch_reference.py (keras_preprocessing's ImageDataGenerator on a
                 background thread, the same model and validation), both with --subset N training images and --epochs E.
                 Each child is timed from outside by its epoch lines (alternate.py stamps every line with wall and CPU
                 time): start-up is spawn to the first epoch's start (the example's "Epoch 1/E", the reference's
                 "params" line just before its loop), the first epoch is reported alone (warm-up), and the epoch time is
                 the median over epochs 2..E of the interval between consecutive epoch-end lines (each epoch's training
                 plus its validation). The parent ends a child once its last epoch is reported (the example would go on
                 to save, evaluate and reload).

Every child runs with --threads torch threads (OMP_NUM_THREADS and OPENBLAS_NUM_THREADS too: Debian's torch calls the
system BLAS; the example has no thread option and libtorch takes OMP_NUM_THREADS). The step peers report wall and
process CPU time; with one thread CPU time is the load-proof figure (with two it also counts OpenMP spin-waiting).

Usage: /usr/bin/python3 bench/peers.py [--sets tutorial,mnist,cifar10-epoch] [--rounds 4] [--steps 50] ...
Environment twins: see --help (BENCH_ROUNDS, BENCH_STEPS, BENCH_THREADS, ...).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import alternate  # noqa: E402

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
SETS = ("tutorial", "mnist", "cifar10-epoch")
RESULT_PREFIX = "RESULT "
LABELS = {"keras": "KerasSharp", "nchw": "TorchSharp NCHW", "nhwc": "TorchSharp NHWC",
          "mnist-keras": "KerasSharp", "channels_last": "PyTorch channels_last", "pytorch-nchw": "PyTorch NCHW"}

STEP_METRICS = [  # (key, label, digits, higher is better, in the ratio table)
    ("train_cpu_ms", "training step, CPU ms", 1, False, True),
    ("train_ms", "training step, wall ms", 1, False, True),
    ("infer_cpu_img_s", "inference, images per CPU second", 0, True, True),
    ("infer_img_s", "inference, images/s (wall)", 0, True, True),
    ("peak_train_mib", "peak RSS after training, MiB", 0, False, False),
]
EPOCH_METRICS = [
    ("epoch_cpu_s", "epoch (training + validation), CPU s", 2, False, True),
    ("epoch_s", "epoch (training + validation), wall s", 2, False, True),
    ("first_epoch_cpu_s", "first epoch, CPU s", 2, False, True),
    ("first_epoch_s", "first epoch, wall s", 2, False, True),
    ("startup_s", "start-up (spawn to first epoch), wall s", 2, False, True),
    ("startup_cpu_s", "start-up, CPU s", 2, False, True),
]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    e = os.environ.get
    p.add_argument("--sets", default=e("BENCH_PEER_SETS", "tutorial"), help="BENCH_PEER_SETS: " + ",".join(SETS))
    p.add_argument("--rounds", type=int, default=env_int("BENCH_ROUNDS", 4),
                   help="BENCH_ROUNDS: alternating rounds, one child per peer each")
    p.add_argument("--child-rounds", type=int, default=env_int("BENCH_CHILD_ROUNDS", 1),
                   help="BENCH_CHILD_ROUNDS: timing rounds inside a child (its median is the round's value)")
    p.add_argument("--steps", type=int, default=env_int("BENCH_STEPS", 50), help="BENCH_STEPS: timed steps per child round")
    p.add_argument("--warmup", type=int, default=env_int("BENCH_WARMUP", 10), help="BENCH_WARMUP: untimed steps first")
    p.add_argument("--infer-batches", type=int, default=env_int("BENCH_INFER_BATCHES", 8),
                   help="BENCH_INFER_BATCHES: batches of 128 per inference pass")
    p.add_argument("--threads", type=int, default=env_int("BENCH_THREADS", 2), help="BENCH_THREADS: torch threads")
    p.add_argument("--seed", type=int, default=env_int("BENCH_SEED", 1), help="BENCH_SEED")
    p.add_argument("--variants", default=e("BENCH_VARIANTS") or "keras,nchw,nhwc",
                   help="BENCH_VARIANTS: KerasSharp.Bench variants of the tutorial set; the first is the reference")
    p.add_argument("--pytorch-variants", default=e("BENCH_PYTORCH_VARIANTS") or "channels_last,nchw",
                   help="BENCH_PYTORCH_VARIANTS: pytorch_step.py variants of the tutorial and mnist sets")
    p.add_argument("--kerassharp", default=e("BENCH_EXE") or os.path.join(
        BENCH_DIR, "artifacts", "bin", "KerasSharp.Bench", "release", "KerasSharp.Bench"),
                   help="the KerasSharp.Bench executable (bench/run.sh builds it)")
    p.add_argument("--cifar10", default=e("BENCH_CIFAR10_EXE") or os.path.join(
        REPO, "examples", "Cifar10", "bin", "Release", "net10.0", "Cifar10"),
                   help="the examples/Cifar10 executable (dotnet build examples/Cifar10 -c Release)")
    p.add_argument("--epoch-subset", type=int, default=env_int("BENCH_EPOCH_SUBSET", 3200),
                   help="BENCH_EPOCH_SUBSET: training images per epoch of the cifar10-epoch set (both sides)")
    p.add_argument("--epochs", type=int, default=env_int("BENCH_EPOCH_EPOCHS", 3),
                   help="BENCH_EPOCH_EPOCHS: epochs per cifar10-epoch child (the first is reported apart)")
    p.add_argument("--python", default=e("PYTHON") or "/usr/bin/python3")
    args = p.parse_args()
    for name in ("rounds", "child_rounds", "steps", "infer_batches", "threads", "epoch_subset"):
        if getattr(args, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be > 0")
    if args.epochs < 2:
        p.error("--epochs must be >= 2 (the first epoch is the warm-up)")
    args.sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    for s in args.sets:
        if s not in SETS:
            p.error(f"unknown set {s!r}; known: {', '.join(SETS)}")
    return args


def thread_env(args):
    t = str(args.threads)
    return {"OMP_NUM_THREADS": t, "OPENBLAS_NUM_THREADS": t, "MKL_NUM_THREADS": t}


# ---- step peers (a RESULT json line) -----------------------------------------------------------------------------

def parse_result(lines):
    for _, _, text in reversed(lines):
        if text.startswith(RESULT_PREFIX):
            r = json.loads(text[len(RESULT_PREFIX):])
            return {"train_ms": r["TrainMsMedian"], "train_cpu_ms": r.get("TrainCpuMsMedian"),
                    "infer_img_s": r["InferMedian"], "infer_cpu_img_s": r.get("InferCpuMedian"),
                    "peak_train_mib": r["PeakKiBAfterTraining"] / 1024 if r["PeakKiBAfterTraining"] > 0 else None,
                    "params": r["Parameters"], "threads": r["Threads"], "loss": r["LastLoss"],
                    "description": r["Description"]}
    raise ValueError("no RESULT line")


def step_settings(args):
    return ["--steps", str(args.steps), "--rounds", str(args.child_rounds), "--warmup", str(args.warmup),
            "--infer-batches", str(args.infer_batches), "--threads", str(args.threads), "--seed", str(args.seed)]


def kerassharp_peer(args, variant):
    return alternate.Peer(LABELS.get(variant, f"KerasSharp.Bench {variant}"),
                          [args.kerassharp, "--only", variant] + step_settings(args), parse_result, thread_env(args))


def pytorch_peer(args, variant, model):
    label = LABELS["channels_last" if variant == "channels_last" else "pytorch-nchw"]
    return alternate.Peer(label, [args.python, os.path.join(BENCH_DIR, "pytorch_step.py"), "--model", model,
                                  "--only", variant] + step_settings(args), parse_result, thread_env(args))


def step_peers(args, name):
    torch_variants = [v.strip() for v in args.pytorch_variants.split(",") if v.strip()]
    if name == "tutorial":
        ks = [kerassharp_peer(args, v.strip()) for v in args.variants.split(",") if v.strip()]
        return ks + [pytorch_peer(args, v, "tutorial") for v in torch_variants]
    return [kerassharp_peer(args, "mnist-keras")] + [pytorch_peer(args, v, "mnist_cnn") for v in torch_variants]


# ---- the tutorial's epoch (timed by its lines) --------------------------------------------------------------------

KS_START = re.compile(r"^Epoch 1/\d+")
KS_END = re.compile(r"^\s*\d+/\d+ \[=+\].* - val_loss: ")
PT_START = re.compile(r"^params ")
PT_END = re.compile(r"^epoch \d+/\d+ ")


def epoch_parser(start, end, epochs):
    def marks(lines):
        begin = next((i for i, (_, _, t) in enumerate(lines) if start.search(t)), None)
        ends = [i for i, (_, _, t) in enumerate(lines) if end.search(t)]
        return begin, ends

    def done(lines):
        return len(marks(lines)[1]) >= epochs

    def parse(lines):
        begin, ends = marks(lines)
        if begin is None or len(ends) < epochs:
            raise ValueError(f"start line found: {begin is not None}; {len(ends)} of {epochs} epoch lines")
        points = [lines[begin]] + [lines[i] for i in ends[:epochs]]
        wall = [b[0] - a[0] for a, b in zip(points, points[1:])]
        cpu = [None if a[1] is None or b[1] is None else b[1] - a[1] for a, b in zip(points, points[1:])]
        steady_cpu = [c for c in cpu[1:] if c is not None]
        return {"startup_s": points[0][0], "startup_cpu_s": points[0][1], "first_epoch_s": wall[0],
                "first_epoch_cpu_s": cpu[0], "epoch_s": statistics.median(wall[1:]),
                "epoch_cpu_s": statistics.median(steady_cpu) if steady_cpu else None,
                "epochs_s": wall, "last_line": lines[ends[epochs - 1]][2].strip()}

    return parse, done


def epoch_peers(args, tmp):
    keras_home = os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras")
    data = os.path.join(keras_home, "datasets", "cifar-10-batches-bin")
    if not os.path.isdir(data):
        sys.exit(f"cifar10-epoch needs CIFAR-10 in {data} (set KERAS_HOME)")
    if not os.access(args.cifar10, os.X_OK):
        sys.exit(f"no {args.cifar10}: build it with `dotnet build examples/Cifar10 -c Release` (or pass --cifar10)")
    env = dict(thread_env(args), KERAS_HOME=keras_home)
    common = ["--subset", str(args.epoch_subset), "--epochs", str(args.epochs), "--seed", str(args.seed)]
    ks_parse, ks_done = epoch_parser(KS_START, KS_END, args.epochs)
    pt_parse, pt_done = epoch_parser(PT_START, PT_END, args.epochs)
    return [
        alternate.Peer("KerasSharp examples/Cifar10", [args.cifar10] + common + ["--output", os.path.join(tmp, "cifar10")],
                       ks_parse, env, ks_done),
        alternate.Peer("PyTorch cifar10_torch_reference.py",
                       [args.python, os.path.join(BENCH_DIR, "accuracy", "cifar10_torch_reference.py")] + common
                       + ["--threads", str(args.threads), "--output", os.path.join(tmp, "torch_reference.json")],
                       pt_parse, env, pt_done),
    ]


# ---- the report ---------------------------------------------------------------------------------------------------

def progress(r, peer, m):
    if "train_ms" in m:
        alternate.log(f"round {r + 1}: {peer.name:24s} train {m['train_cpu_ms']:.1f} CPU ms/step ({m['train_ms']:.1f} wall), "
                      f"inference {m['infer_cpu_img_s']:.0f} img/CPU s ({m['infer_img_s']:.0f} img/s); "
                      f"load {alternate.load_average()}")
    else:
        alternate.log(f"round {r + 1}: {peer.name:36s} epochs {' / '.join(f'{s:.1f}' for s in m['epochs_s'])} s wall, "
                      f"steady epoch {m['epoch_cpu_s']:.1f} CPU s, start-up {m['startup_s']:.1f} s; "
                      f"load {alternate.load_average()}")


def report(name, peers, results, args, load_before):
    out = [f"### {name}", ""]
    if name == "cifar10-epoch":
        out.append(f"{args.rounds} rounds, each one child per peer in a rotating order; a child: {args.epochs} epochs of "
                   f"--subset {args.epoch_subset} training images ({args.epoch_subset // 64} steps of 64 with the "
                   f"tutorial's augmentation) plus validation on the 10,000 test images; the epoch row is the median over "
                   f"epochs 2..{args.epochs} within a child, then median (min–max) over rounds. {args.threads} torch "
                   f"thread(s) per child. CPU time: the child's utime + stime, all its threads (the augmentation worker "
                   f"included).")
        metrics = EPOCH_METRICS
    else:
        out.append(f"{args.rounds} rounds, each one child per peer in a rotating order; a child: {args.warmup} warm-up "
                   f"steps, {args.child_rounds} round(s) of {args.steps} timed steps, then inference passes over "
                   f"{args.infer_batches} × 128 images; median (min–max) over rounds. {args.threads} torch thread(s) per "
                   f"child; CPU = the process's CPU time (all threads).")
        metrics = STEP_METRICS
    out.append(f"Load average before: {load_before}; after: {alternate.load_average()}.")
    out += ["", alternate.markdown_tables(results, peers, metrics, peers[0].name), ""]
    for p in peers:
        last = results[p.name][-1]
        if "params" in last:
            out.append(f"- {p.name}: {last['description']}; {last['params']:,} parameters, {last['threads']} thread(s), "
                       f"last loss {last['loss']:.4f}")
        else:
            out.append(f"- {p.name}: last epoch line: `{last['last_line'][-160:]}`")
    return "\n".join(out)


def main():
    args = parse_args()
    tmp = tempfile.mkdtemp(prefix="kerassharp-peers.")
    sections = []
    try:
        for name in args.sets:
            peers = epoch_peers(args, tmp) if name == "cifar10-epoch" else step_peers(args, name)
            if not os.access(args.kerassharp, os.X_OK) and name != "cifar10-epoch":
                sys.exit(f"no {args.kerassharp}: build it first (bash bench/run.sh does)")
            load_before = alternate.load_average()
            alternate.log(f"== {name}: {', '.join(p.name for p in peers)}; {args.rounds} rounds; load {load_before}")
            try:
                results = alternate.run_rounds(peers, args.rounds, progress)
            except alternate.ChildFailed as e:
                sys.exit(str(e))
            sections.append(report(name, peers, results, args, load_before))
            print(sections[-1] + "\n", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
