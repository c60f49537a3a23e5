#!/usr/bin/python3
"""PyTorch reference for KerasSharp.Bench: the tutorial model (../shared/reference/cifar10_keras2.py) in plain PyTorch.

Same model, loss, penalty, optimizer, data sizes and timing method as bench/KerasSharp.Bench:
  6 x (Conv2d 3x3 padding 1 -> ELU -> BatchNorm2d(eps 1e-3, momentum 0.01)), MaxPool2d(2) + Dropout 0.2/0.3/0.4
  after each pair, Flatten, Linear(2048, 10); log_softmax + nll; Keras's l2(1e-4) penalty sum(1e-4 * w^2) over the conv
  kernels added to the loss; torch.optim.RMSprop(lr 0.001, alpha 0.9, eps 1e-7) with Keras's lr / (1 + 1e-6 * t) decay.
Variants:
  nchw           contiguous NCHW model and inputs
  channels_last  model.to(memory_format=torch.channels_last) and channels_last inputs
Each variant runs in its own child process (--only VARIANT) so that its peak RSS (VmHWM) is its own.

--model mnist_cnn: Keras 2.2.4's examples/mnist_cnn.py instead (the peer of KerasSharp.Bench --only mnist-keras):
  Conv2d(1, 32, 3) -> ReLU -> Conv2d(32, 64, 3) -> ReLU -> MaxPool2d(2) -> Dropout(0.25) -> Flatten -> Linear(9216, 128)
  -> ReLU -> Dropout(0.5) -> Linear(128, 10); log_softmax + nll (categorical cross-entropy on the softmax);
  torch.optim.Adadelta(lr 1.0, rho 0.95, eps 1e-7), Keras's Adadelta() defaults (epsilon = K.epsilon()); batch 128 of
  28x28x1 uniform 0..1 images (the script's x / 255), no penalty, no decay.
Each round also records the process CPU time (time.process_time: all threads), per step and per inference pass.

Usage: /usr/bin/python3 bench/pytorch_step.py [--model tutorial|mnist_cnn] [--steps 50] [--rounds 4] [--warmup 10] [--infer-batches 8] [--threads 2]
Environment twins: BENCH_STEPS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_INFER_BATCHES, BENCH_THREADS, BENCH_SEED.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

BATCH = 64
INFER_BATCH = 128
CLASSES = 10
VARIANTS = ("nchw", "channels_last")
MODELS = ("tutorial", "mnist_cnn")
MNIST_BATCH = 128
RESULT_PREFIX = "RESULT "


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=env_int("BENCH_STEPS", 50), help="timed steps per round")
    p.add_argument("--rounds", type=int, default=env_int("BENCH_ROUNDS", 4), help="timing rounds (median reported)")
    p.add_argument("--warmup", type=int, default=env_int("BENCH_WARMUP", 10), help="untimed steps first")
    p.add_argument("--infer-batches", type=int, default=env_int("BENCH_INFER_BATCHES", 8),
                   help="batches of 128 images per inference round")
    p.add_argument("--threads", type=int, default=env_int("BENCH_THREADS", 2), help="torch.set_num_threads")
    p.add_argument("--seed", type=int, default=env_int("BENCH_SEED", 1))
    p.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated: nchw,channels_last")
    p.add_argument("--model", choices=MODELS, default="tutorial", help="the tutorial's CIFAR-10 model or mnist_cnn.py's")
    p.add_argument("--only", choices=VARIANTS, help="run one variant in this process and print its RESULT line")
    return p.parse_args()


def peak_rss_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def log(message):
    print(message, file=sys.stderr, flush=True)


def build_model(nn):
    layers = []
    in_ch = 3
    for filters, rate in ((32, 0.2), (64, 0.3), (128, 0.4)):
        for _ in range(2):
            layers += [nn.Conv2d(in_ch, filters, 3, padding=1), nn.ELU(),
                       nn.BatchNorm2d(filters, eps=1e-3, momentum=0.01)]
            in_ch = filters
        layers += [nn.MaxPool2d(2), nn.Dropout(rate)]
    layers += [nn.Flatten(), nn.Linear(128 * 4 * 4, CLASSES)]
    return nn.Sequential(*layers)


def build_mnist_cnn(nn):
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Dropout(0.25), nn.Flatten(), nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(128, CLASSES))


def run_variant(name, args):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    fmt = torch.channels_last if name == "channels_last" else torch.contiguous_format
    mnist = args.model == "mnist_cnn"
    batch, shape = (MNIST_BATCH, (1, 28, 28)) if mnist else (BATCH, (3, 32, 32))
    draw = torch.rand if mnist else torch.randn

    g = torch.Generator().manual_seed(args.seed)
    x = draw(batch, *shape, generator=g).contiguous(memory_format=fmt)
    labels = torch.randint(CLASSES, (batch,), generator=g)
    infer = draw(args.infer_batches * INFER_BATCH, *shape, generator=g).contiguous(memory_format=fmt)
    infer_batches = [infer[i * INFER_BATCH:(i + 1) * INFER_BATCH] for i in range(args.infer_batches)]
    peak_before = peak_rss_kib()

    model = (build_mnist_cnn(nn) if mnist else build_model(nn)).to(memory_format=fmt)
    kernels = [] if mnist else [m.weight for m in model if isinstance(m, nn.Conv2d)]
    params = sum(p.numel() for p in model.parameters()) + sum(
        b.numel() for b in model.buffers() if b.dtype == torch.float32)
    lr, decay = (1.0, 0.0) if mnist else (0.001, 1e-6)
    optimizer = (torch.optim.Adadelta(model.parameters(), lr=lr, rho=0.95, eps=1e-7) if mnist
                 else torch.optim.RMSprop(model.parameters(), lr=lr, alpha=0.9, eps=1e-7))
    iterations = 0
    log(f"[{name}] PyTorch {torch.__version__}, {params:,} parameters, torch threads {torch.get_num_threads()}")

    def train_step():
        nonlocal iterations
        model.train()
        optimizer.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.nll_loss(F.log_softmax(logits, 1), labels)
        if kernels:
            loss = loss + sum(k.square().sum() for k in kernels) * 1e-4
        loss.backward()
        for group in optimizer.param_groups:
            group["lr"] = lr / (1.0 + decay * iterations)
        iterations += 1
        optimizer.step()
        return loss.item()

    def infer_all():
        model.eval()
        seen = 0
        with torch.no_grad():
            for batch in infer_batches:
                seen += F.softmax(model(batch), 1).shape[0]
        return seen

    loss = float("nan")
    t0 = time.perf_counter()
    for _ in range(args.warmup):
        loss = train_step()
    log(f"[{name}] warm-up {args.warmup} steps: {(time.perf_counter() - t0) * 1000:.0f} ms, loss {loss:.4f}")
    train, train_cpu = [], []
    for r in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            loss = train_step()
        train.append((time.perf_counter() - t0) * 1000 / args.steps)
        train_cpu.append((time.process_time() - c0) * 1000 / args.steps)
        log(f"[{name}] round {r + 1}/{args.rounds}: {train[-1]:.2f} ms/step, loss {loss:.4f}")
    peak_train = peak_rss_kib()

    infer_all()  # warm-up
    rates, cpu_rates = [], []
    images = 0
    for r in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        images = infer_all()
        rates.append(images / (time.perf_counter() - t0))
        cpu_rates.append(images / (time.process_time() - c0))
        log(f"[{name}] inference round {r + 1}/{args.rounds}: {rates[-1]:.0f} images/s ({images} images, batch {INFER_BATCH})")

    return {
        "Name": name,
        "Description": f"PyTorch {torch.__version__}, " + ("mnist_cnn.py, " if mnist else "") + (
            "channels_last model and inputs" if name == "channels_last" else "NCHW contiguous"),
        "Parameters": params, "Threads": torch.get_num_threads(), "Steps": args.steps, "Rounds": args.rounds,
        "Warmup": args.warmup, "TrainMsPerStep": train, "TrainMsMedian": statistics.median(train),
        "TrainCpuMsPerStep": train_cpu, "TrainCpuMsMedian": statistics.median(train_cpu),
        "InferImagesPerSecond": rates, "InferMedian": statistics.median(rates), "InferImagesPerRound": images,
        "InferImagesPerCpuSecond": cpu_rates, "InferCpuMedian": statistics.median(cpu_rates),
        "PeakKiBBeforeModel": peak_before, "PeakKiBAfterTraining": peak_train, "PeakKiBFinal": peak_rss_kib(),
        "LastLoss": loss,
    }


def run_child(name, args):
    cmd = [sys.executable, os.path.abspath(__file__), "--only", name, "--model", args.model, "--steps", str(args.steps),
           "--rounds", str(args.rounds), "--warmup", str(args.warmup), "--infer-batches", str(args.infer_batches),
           "--threads", str(args.threads), "--seed", str(args.seed)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX):])
        else:
            log(line)
    if proc.returncode != 0 or result is None:
        raise SystemExit(f"variant {name} failed (exit code {proc.returncode})")
    log(f"[{name}] peak RSS {result['PeakKiBFinal'] / 1024:.0f} MiB (VmHWM of its own process)")
    return result


def table(results, args):
    lines = [
        f"pytorch_step.py: " + ("mnist_cnn.py, batch 128, 28x28x1" if args.model == "mnist_cnn" else f"batch {BATCH}, 32x32x3") + ", 10 classes; torch threads {args.threads}; {args.warmup} warm-up steps, "
        f"{args.rounds} rounds x {args.steps} steps (median round); inference batch {INFER_BATCH} x {args.infer_batches} "
        f"per round; one child process per variant.",
        "",
        "| variant | what | params | train ms/step (median) | rounds (ms/step) | vs nchw | inference img/s (median) "
        "| peak RSS before model (MiB) | peak RSS after training (MiB) | peak RSS final (MiB) | last loss |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    base = next((r["TrainMsMedian"] for r in results if r["Name"] == "nchw"), None)
    for r in results:
        rounds = " / ".join(f"{v:.1f}" for v in r["TrainMsPerStep"])
        ratio = f"{r['TrainMsMedian'] / base:.2f}x" if base else ""
        lines.append(
            f"| {r['Name']} | {r['Description']} | {r['Parameters']:,} | {r['TrainMsMedian']:.2f} | {rounds} | {ratio} "
            f"| {r['InferMedian']:.0f} | {r['PeakKiBBeforeModel'] / 1024:.0f} | {r['PeakKiBAfterTraining'] / 1024:.0f} "
            f"| {r['PeakKiBFinal'] / 1024:.0f} | {r['LastLoss']:.4f} |")
    return "\n".join(lines)


def main():
    args = parse_args()
    for name in ("steps", "rounds", "infer_batches", "threads"):
        if getattr(args, name) <= 0:
            raise SystemExit(f"--{name.replace('_', '-')} must be > 0")
    if args.only:
        print(RESULT_PREFIX + json.dumps(run_variant(args.only, args)), flush=True)
        return
    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    for v in names:
        if v not in VARIANTS:
            raise SystemExit(f"unknown variant {v!r}; known: {', '.join(VARIANTS)}")
    results = [run_child(v, args) for v in names]
    print(table(results, args))


if __name__ == "__main__":
    main()
