#!/usr/bin/python3
"""Inference speed of keras.applications models in KerasSharp against the same architectures in PyTorch.

Models (random weights, random images, eval mode, no gradients):
  resnet50      keras.applications ResNet50 (keras_applications 1.0.8), 224x224x3, batch 32, 25,636,712 parameters
  mobilenet_v2  keras.applications MobileNetV2 (alpha 1.0), 224x224x3, batch 32, 3,538,984 parameters
  tutorial      the tutorial model (bench/README.md), 32x32x3, batch 128, 309,290 parameters
KerasSharp: `KerasSharp.Bench --applications MODEL`: resnet50.ResNet50(weights: null) / mobilenet_v2.MobileNetV2(weights:
null) / the tutorial Sequential, `Predict(x, batch_size)` on NHWC images; for `tutorial` also raw TorchSharp, torch.nn
modules, NCHW contiguous (`--applications tutorial-nchw`). PyTorch 1.13 (`/usr/bin/python3`, this script with --child):
the same layers written out below (no torchvision), `nchw` (contiguous) and `channels_last`
(`model.to(memory_format=torch.channels_last)` and channels_last inputs), `torch.no_grad()`, softmax on the logits;
for ResNet50 and MobileNetV2 also `channels_last-inplace`, with the ReLUs and residual adds in place as torchvision
writes these networks (KerasSharp's graph runner does the same under no_grad).
Keras's symmetric zero paddings before a convolution are the convolution's own padding here (the same numbers, as a
PyTorch author writes it); its asymmetric ones (MobileNetV2's stride-2 'correct_pad' (0, 1)) are an explicit F.pad;
ResNet50's ZeroPadding2D(1) + MaxPooling2D(3, 2) after a ReLU is MaxPool2d(3, 2, padding=1) (equal on inputs >= 0).

Each measurement is a child process: --warmup untimed batches, then --child-rounds rounds of --batches batches, the median
round reported as images/s (wall) and CPU ms per batch (process CPU time, all threads). The parent runs --rounds rounds;
in each, one child per implementation, the order rotated from round to round so each sees the same machine; it prints
a Markdown table of medians with ranges (min-max) and the per-round ratio of KerasSharp to the fastest PyTorch variant.

Usage: /usr/bin/python3 bench/applications_bench.py --kerassharp PATH/TO/KerasSharp.Bench [--models resnet50,mobilenet_v2]
       [--rounds 3] [--batches 2] [--child-rounds 1] [--threads 2]
Environment twins: BENCH_APPS_MODELS, BENCH_APPS_ROUNDS, BENCH_APPS_BATCHES, BENCH_APPS_CHILD_ROUNDS, BENCH_APPS_THREADS.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

MODELS = ("resnet50", "mobilenet_v2", "tutorial")
FORMATS = ("nchw", "channels_last")
BATCH = {"resnet50": 32, "mobilenet_v2": 32, "tutorial": 128}
SIZE = {"resnet50": 224, "mobilenet_v2": 224, "tutorial": 32}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kerassharp", help="the KerasSharp.Bench executable (parent only)")
    p.add_argument("--models", default=os.environ.get("BENCH_APPS_MODELS", "resnet50,mobilenet_v2"),
                   help="comma-separated: " + ",".join(MODELS))
    p.add_argument("--rounds", type=int, default=env_int("BENCH_APPS_ROUNDS", 3), help="rounds of children")
    p.add_argument("--batches", type=int, default=env_int("BENCH_APPS_BATCHES", 2), help="timed batches per child round")
    p.add_argument("--child-rounds", type=int, default=env_int("BENCH_APPS_CHILD_ROUNDS", 1), help="timing rounds in a child")
    p.add_argument("--warmup", type=int, default=env_int("BENCH_APPS_WARMUP", 2),
                   help="untimed batches first in each child (a fresh process's first batches run slow)")
    p.add_argument("--threads", type=int, default=env_int("BENCH_APPS_THREADS", 2), help="torch.set_num_threads")
    p.add_argument("--seed", type=int, default=env_int("BENCH_SEED", 1))
    p.add_argument("--child", choices=MODELS, help="run the PyTorch peer of one model here and print its APPS line")
    p.add_argument("--format", choices=FORMATS, default="nchw", help="the child's memory format")
    p.add_argument("--inplace", action="store_true",
                   help="(child) in-place ReLUs and residual adds, as torchvision writes these networks")
    return p.parse_args()


# ---- the PyTorch peers ------------------------------------------------------------------------------------------

def build_torch(model, inplace=False):
    import torch
    from torch import nn
    import torch.nn.functional as F

    def bn(c, eps=1e-3):
        return nn.BatchNorm2d(c, eps=eps)  # Keras's default epsilon; momentum plays no part in eval

    class Bottleneck(nn.Module):
        """keras_applications' identity_block (shortcut None) and conv_block (1x1 conv + BN on the shortcut, stride on 2a)."""

        def __init__(self, cin, filters, stride, shortcut):
            super().__init__()
            f1, f2, f3 = filters
            self.conv_a, self.bn_a = nn.Conv2d(cin, f1, 1, stride=stride), bn(f1)
            self.conv_b, self.bn_b = nn.Conv2d(f1, f2, 3, padding=1), bn(f2)
            self.conv_c, self.bn_c = nn.Conv2d(f2, f3, 1), bn(f3)
            self.shortcut = nn.Sequential(nn.Conv2d(cin, f3, 1, stride=stride), bn(f3)) if shortcut else None

        def forward(self, x):
            y = F.relu(self.bn_a(self.conv_a(x)), inplace=inplace)
            y = F.relu(self.bn_b(self.conv_b(y)), inplace=inplace)
            y = self.bn_c(self.conv_c(y))
            shortcut = self.shortcut(x) if self.shortcut is not None else x
            if inplace:  # torchvision's way: out += identity; relu(inplace=True)
                y += shortcut
                return F.relu_(y)
            return F.relu(y + shortcut)

    class ResNet50(nn.Module):
        def __init__(self, classes=1000):
            super().__init__()
            self.conv1, self.bn1 = nn.Conv2d(3, 64, 7, stride=2, padding=3), bn(64)  # conv1_pad (3, 3) + 'valid'
            self.pool = nn.MaxPool2d(3, stride=2, padding=1)  # pool1_pad (1, 1) + MaxPooling2D((3, 3), strides 2)
            blocks, cin = [], 64
            for stage, (filters, count, stride) in enumerate(((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2))):
                f = (filters, filters, 4 * filters)
                for i in range(count):
                    blocks.append(Bottleneck(cin, f, stride if i == 0 else 1, shortcut=i == 0))
                    cin = 4 * filters
            self.blocks = nn.Sequential(*blocks)
            self.fc = nn.Linear(2048, classes)

        def forward(self, x):
            x = self.pool(F.relu(self.bn1(self.conv1(x)), inplace=inplace))
            x = self.blocks(x)
            return self.fc(x.mean((2, 3)))

    class InvertedResidual(nn.Module):
        """keras_applications' _inverted_res_block: expand 1x1 (not in block 0), depthwise 3x3, project 1x1; add if shapes allow."""

        def __init__(self, cin, expansion, stride, filters, block_id):
            super().__init__()
            hidden = cin * expansion
            self.expand = nn.Sequential(nn.Conv2d(cin, hidden, 1, bias=False), bn(hidden), nn.ReLU6(inplace=inplace)) if block_id else None
            self.stride = stride
            # stride 1: 'same' = padding 1; stride 2: correct_pad's (0, 1) on even sizes, then 'valid' (in forward)
            self.depthwise = nn.Conv2d(hidden, hidden, 3, stride=stride, padding=1 if stride == 1 else 0,
                                       groups=hidden, bias=False)
            self.bn_dw = bn(hidden)
            self.project, self.bn_p = nn.Conv2d(hidden, filters, 1, bias=False), bn(filters)
            self.residual = cin == filters and stride == 1

        def forward(self, x):
            y = self.expand(x) if self.expand is not None else x
            if self.stride == 2:
                y = F.pad(y, (0, 1, 0, 1))
            y = F.relu6(self.bn_dw(self.depthwise(y)), inplace=inplace)
            y = self.bn_p(self.project(y))
            return x + y if self.residual else y

    class MobileNetV2(nn.Module):
        def __init__(self, classes=1000):
            super().__init__()
            self.conv1, self.bn1 = nn.Conv2d(3, 32, 3, stride=2, bias=False), bn(32)
            spec = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6),
                    (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6),
                    (320, 1, 6))
            blocks, cin = [], 32
            for block_id, (filters, stride, expansion) in enumerate(spec):
                blocks.append(InvertedResidual(cin, expansion, stride, filters, block_id))
                cin = filters
            self.blocks = nn.Sequential(*blocks)
            self.conv_last, self.bn_last = nn.Conv2d(320, 1280, 1, bias=False), bn(1280)
            self.fc = nn.Linear(1280, classes)

        def forward(self, x):
            x = F.relu6(self.bn1(self.conv1(F.pad(x, (0, 1, 0, 1)))), inplace=inplace)  # Conv1_pad: correct_pad on 224
            x = self.blocks(x)
            x = F.relu6(self.bn_last(self.conv_last(x)), inplace=inplace)
            return self.fc(x.mean((2, 3)))

    if model == "resnet50":
        return ResNet50()
    if model == "mobilenet_v2":
        return MobileNetV2()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from pytorch_step import build_model
    return build_model(nn)


def run_child(args):
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    fmt = torch.channels_last if args.format == "channels_last" else torch.contiguous_format
    net = build_torch(args.child, inplace=args.inplace).eval().to(memory_format=fmt)
    g = torch.Generator().manual_seed(args.seed)
    batch, size = BATCH[args.child], SIZE[args.child]
    x = torch.randn(batch, 3, size, size, generator=g).contiguous(memory_format=fmt)

    def predict():
        with torch.no_grad():
            return F.softmax(net(x), 1).shape[0]

    for _ in range(max(1, args.warmup)):
        predict()
    wall, cpu = [], []
    for r in range(args.child_rounds):
        t, c = time.perf_counter(), time.process_time()
        for _ in range(args.batches):
            predict()
        wall.append((time.perf_counter() - t) * 1000 / args.batches)
        cpu.append((time.process_time() - c) * 1000 / args.batches)
        print(f"[{args.child} {args.format}] round {r + 1}/{args.child_rounds}: {batch * 1000 / wall[-1]:.1f} images/s, "
              f"{cpu[-1]:.0f} CPU ms per batch of {batch}", file=sys.stderr, flush=True)
    # Keras counts the batch-norm moving statistics as (non-trainable) parameters.
    params = sum(p.numel() for p in net.parameters()) + sum(b.numel() for b in net.buffers() if b.is_floating_point())
    fmt_list = lambda v: ",".join(f"{a:.2f}" for a in v)
    med = statistics.median
    print(f"APPS impl=pytorch-{args.format}{'-inplace' if args.inplace else ''} model={args.child} params={params} threads={torch.get_num_threads()} "
          f"batch={batch} size={size} img_s={batch * 1000 / med(wall):.2f} batch_ms={med(wall):.2f} "
          f"batch_cpu_ms={med(cpu):.2f} rounds_ms={fmt_list(wall)} rounds_cpu_ms={fmt_list(cpu)} torch={torch.__version__}")


# ---- the parent ---------------------------------------------------------------------------------------------------

def parse_line(text):
    for line in text.splitlines():
        if line.startswith("APPS "):
            return dict(kv.split("=", 1) for kv in line.split()[1:])
    return None


def implementations(model):
    extra = ["torchsharp-nchw"] if model == "tutorial" else []
    # -inplace: ReLUs and residual adds in place, as torchvision writes these networks (the tutorial's ELU is not)
    inplace = [] if model == "tutorial" else ["pytorch-channels_last-inplace"]
    return ["kerassharp"] + extra + ["pytorch-nchw", "pytorch-channels_last"] + inplace


def child_command(args, impl, model):
    common = ["--threads", str(args.threads), "--seed", str(args.seed), "--warmup", str(args.warmup)]
    if impl == "kerassharp" or impl == "torchsharp-nchw":
        name = model if impl == "kerassharp" else "tutorial-nchw"
        return [args.kerassharp, "--applications", name, "--rounds", str(args.child_rounds),
                "--infer-batches", str(args.batches)] + common
    fmt = impl[len("pytorch-"):].replace("-inplace", "")
    return [sys.executable, os.path.abspath(__file__), "--child", model, "--format", fmt,
            "--child-rounds", str(args.child_rounds), "--batches", str(args.batches)] + common + (
        ["--inplace"] if impl.endswith("-inplace") else [])


def child_env(args):
    """The same thread count for every library either side may use (OpenMP, Debian torch's system BLAS)."""
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS=str(args.threads), OPENBLAS_NUM_THREADS=str(args.threads), MKL_NUM_THREADS=str(args.threads))
    return env


def spread(values, digits=1):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def run_parent(args):
    if not args.kerassharp:
        sys.exit("--kerassharp PATH is required (see bench/run.sh, which builds it)")
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    for m in models:
        if m not in MODELS:
            sys.exit(f"unknown model {m!r}; known: {', '.join(MODELS)}")
    results = {(impl, m): [] for m in models for impl in implementations(m)}
    loads = [loadavg()]
    for r in range(args.rounds):
        for m in models:
            impls = implementations(m)
            k = r % len(impls)
            for impl in impls[k:] + impls[:k]:
                proc = subprocess.run(child_command(args, impl, m), capture_output=True, text=True, env=child_env(args))
                parsed = parse_line(proc.stdout)
                if proc.returncode != 0 or parsed is None:
                    sys.stderr.write(proc.stdout + proc.stderr)
                    sys.exit(f"{impl} {m} failed (exit {proc.returncode})")
                results[(impl, m)].append(parsed)
                print(f"round {r + 1}/{args.rounds} {m:12s} {impl:22s} {float(parsed['img_s']):8.1f} images/s, "
                      f"{float(parsed['batch_cpu_ms']):8.0f} CPU ms per batch (load {loadavg()})", file=sys.stderr, flush=True)
        loads.append(loadavg())

    print(f"Inference, eval mode, no gradients, random weights and images. Each cell: the median over {args.rounds} "
          f"rounds of child processes (range min–max), the order of the implementations rotated each round; a child's "
          f"value is the median of its {args.child_rounds} round(s) of {args.batches} batches after {args.warmup} untimed batches. "
          f"images/s from wall time; CPU ms per batch is the process's CPU time (all threads: with one thread it counts "
          f"only this process's work, however loaded the machine). torch threads: {args.threads}. Load average "
          f"(1, 5, 15 min) at the start and after each round: {' | '.join(loads)}.\n")
    print("| model | implementation | images/s | CPU ms per batch | KerasSharp / this, per round (images/s) | KerasSharp / this, per round (CPU ms) |")
    print("|---|---|---:|---:|---:|---:|")
    for m in models:
        ks = results[("kerassharp", m)]
        for impl in implementations(m):
            rs = results[(impl, m)]
            img = [float(p["img_s"]) for p in rs]
            cpu = [float(p["batch_cpu_ms"]) for p in rs]
            if impl == "kerassharp":
                r_img = r_cpu = ""
            else:
                r_img = spread([float(a["img_s"]) / float(b["img_s"]) for a, b in zip(ks, rs)], 2) + "x"
                # speed ratio from CPU time: this one's CPU ms over KerasSharp's
                r_cpu = spread([float(b["batch_cpu_ms"]) / float(a["batch_cpu_ms"]) for a, b in zip(ks, rs)], 2) + "x"
            print(f"| {m} (batch {BATCH[m]}, {SIZE[m]}×{SIZE[m]}) | {impl} | {spread(img)} | {spread(cpu, 0)} | {r_img} | {r_cpu} |")
    print()
    for m in models:
        ks = results[("kerassharp", m)]
        peers = [results[(impl, m)] for impl in implementations(m) if impl.startswith("pytorch-")]
        best = [max(float(p["img_s"]) for p in ps) for ps in zip(*peers)]
        best_cpu = [min(float(p["batch_cpu_ms"]) for p in ps) for ps in zip(*peers)]
        ratio = [float(a["img_s"]) / b for a, b in zip(ks, best)]
        ratio_cpu = [b / float(a["batch_cpu_ms"]) for a, b in zip(ks, best_cpu)]
        params = {impl: results[(impl, m)][0]["params"] for impl in implementations(m)}
        print(f"- {m}: KerasSharp / the fastest PyTorch variant of the same round: {spread(ratio, 2)}x by images/s, "
              f"{spread(ratio_cpu, 2)}x by CPU time (goal ≥ 1.00x); parameters "
              + ", ".join(f"{k} {int(v):,}" for k, v in params.items()))


def main():
    args = parse_args()
    for name in ("rounds", "batches", "child_rounds", "threads"):
        if getattr(args, name) <= 0:
            sys.exit(f"--{name.replace('_', '-')} must be > 0")
    if args.child:
        run_child(args)
    else:
        run_parent(args)


if __name__ == "__main__":
    main()
