#!/usr/bin/python3
"""KerasSharp against PyTorch on Keras 2.2.4's examples/imdb_lstm.py model: one training step and predict.

Models (the same in both, random token ids, batch 32, maxlen 80, one fixed training batch):
  imdb   Embedding(20000, 128) -> LSTM(128, dropout=0.2, recurrent_dropout=0.2) -> Dense(1, sigmoid);
         binary_crossentropy, adam (lr 0.001, beta 0.9/0.999, eps 1e-7), metrics=['accuracy']. Keras's default
         recurrent_activation hard_sigmoid = clip(0.2 x + 0.5, 0, 1).
         PyTorch: a per-step loop in LSTMCell style written as Keras computes it (implementation 1): the inputs
         projected once per sequence, one inverted-dropout mask per gate for the inputs and one per gate for h, drawn
         once per batch and kept over the steps.
  fused  the same with recurrent_dropout=0, recurrent_activation='sigmoid' and implementation=2 (one input-dropout
         mask for every gate). PyTorch: nn.LSTM (libtorch's fused kernel) after one input-dropout mask per sequence;
         KerasSharp trains and predicts with libtorch's fused LSTM too (its gradients handed to the Keras weights).
Training: wall and CPU ms per step (forward, loss, backward, Adam update; accuracy computed too). Predict: ms per batch of 32 in
eval mode without gradients (KerasSharp: model.Predict(x, batch_size=32)).

Each measurement is a child process (KerasSharp.Bench --lstm MODEL, or this script with --child MODEL): warm-up
steps, then --child-rounds rounds of --steps steps, the median round reported. The parent runs --rounds rounds,
each a KerasSharp and a PyTorch child per model, the order alternating from round to round, so both see the same
machine (bench/alternate.py, shared with bench/peers.py); it prints a Markdown table of the medians over rounds with
their ranges (min-max).

Usage: /usr/bin/python3 bench/lstm_bench.py --kerassharp PATH/TO/KerasSharp.Bench [--rounds 5] [--steps 10]
       [--child-rounds 3] [--warmup 3] [--infer-batches 4] [--threads 1] [--models imdb,fused]
Environment twins: BENCH_LSTM_ROUNDS, BENCH_LSTM_STEPS, BENCH_LSTM_CHILD_ROUNDS, BENCH_LSTM_WARMUP,
BENCH_LSTM_INFER_BATCHES, BENCH_LSTM_THREADS.
"""
import argparse
import math
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import alternate  # noqa: E402  (the round loop and statistics shared with bench/peers.py)

MAX_FEATURES = 20000
MAXLEN = 80
BATCH = 32
UNITS = 128
MODELS = ("imdb", "fused")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kerassharp", help="the KerasSharp.Bench executable (parent only)")
    p.add_argument("--rounds", type=int, default=env_int("BENCH_LSTM_ROUNDS", 5), help="alternating rounds of children")
    p.add_argument("--steps", type=int, default=env_int("BENCH_LSTM_STEPS", 10), help="timed steps per child round")
    p.add_argument("--child-rounds", type=int, default=env_int("BENCH_LSTM_CHILD_ROUNDS", 3), help="timing rounds in a child")
    p.add_argument("--warmup", type=int, default=env_int("BENCH_LSTM_WARMUP", 3), help="untimed steps first")
    p.add_argument("--infer-batches", type=int, default=env_int("BENCH_LSTM_INFER_BATCHES", 4), help="batches of 32 per predict round")
    p.add_argument("--threads", type=int, default=env_int("BENCH_LSTM_THREADS", 1), help="torch.set_num_threads")
    p.add_argument("--seed", type=int, default=env_int("BENCH_SEED", 1))
    p.add_argument("--models", default=",".join(MODELS), help="comma-separated: imdb,fused")
    p.add_argument("--child", choices=MODELS, help="run the PyTorch peer of one model here and print its LSTM line")
    return p.parse_args()


# ---- the PyTorch peer -------------------------------------------------------------------------------------------

def build_torch(model):
    import torch
    from torch import nn

    class KerasLoopLSTM(nn.Module):
        """Keras 2.2.4's LSTM (implementation 1) as a per-step loop: kernel (in, 4u), recurrent_kernel (u, 4u), bias (4u), gates i, f, c, o."""

        def __init__(self, input_dim, units, dropout, recurrent_dropout, recurrent_activation):
            super().__init__()
            self.units, self.dropout, self.recurrent_dropout = units, dropout, recurrent_dropout
            self.kernel = nn.Parameter(torch.empty(input_dim, 4 * units))
            self.recurrent_kernel = nn.Parameter(torch.empty(units, 4 * units))
            self.bias = nn.Parameter(torch.zeros(4 * units))
            nn.init.xavier_uniform_(self.kernel)
            nn.init.orthogonal_(self.recurrent_kernel)
            with torch.no_grad():
                self.bias[units:2 * units] = 1.0  # unit_forget_bias
            self.rec = (lambda z: torch.clamp(0.2 * z + 0.5, 0.0, 1.0)) if recurrent_activation == "hard_sigmoid" else torch.sigmoid

        def masks(self, shape, rate, like):
            return [torch.empty(shape, dtype=like.dtype).bernoulli_(1 - rate).div_(1 - rate) for _ in range(4)]

        def forward(self, x):
            b, steps, d = x.shape
            u = self.units
            if self.training and self.dropout > 0:
                m = self.masks((b, d), self.dropout, x)
                projected = torch.cat([(x * m[g].unsqueeze(1)) @ self.kernel[:, g * u:(g + 1) * u] for g in range(4)], -1)
            else:
                projected = x @ self.kernel
            projected = projected + self.bias
            h = x.new_zeros(b, u)
            c = x.new_zeros(b, u)
            rm = self.masks((b, u), self.recurrent_dropout, x) if self.training and self.recurrent_dropout > 0 else None
            for t in range(steps):
                if rm is None:
                    z = projected[:, t] + h @ self.recurrent_kernel
                else:
                    z = projected[:, t] + torch.cat([(h * rm[g]) @ self.recurrent_kernel[:, g * u:(g + 1) * u] for g in range(4)], 1)
                i, f, g_, o = z.chunk(4, 1)
                c = self.rec(f) * c + self.rec(i) * torch.tanh(g_)
                h = self.rec(o) * torch.tanh(c)
            return h

    class FusedLSTM(nn.Module):
        """nn.LSTM after one inverted-dropout mask per sequence on its inputs (kept over the steps)."""

        def __init__(self, input_dim, units, dropout):
            super().__init__()
            self.dropout = dropout
            self.lstm = nn.LSTM(input_dim, units, batch_first=True)

        def forward(self, x):
            if self.training and self.dropout > 0:
                x = x * torch.empty(x.shape[0], 1, x.shape[2]).bernoulli_(1 - self.dropout).div_(1 - self.dropout)
            return self.lstm(x)[1][0][0]

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(MAX_FEATURES, 128)
            nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
            self.lstm = (KerasLoopLSTM(128, UNITS, 0.2, 0.2, "hard_sigmoid") if model == "imdb"
                         else FusedLSTM(128, UNITS, 0.2))
            self.dense = nn.Linear(UNITS, 1)

        def forward(self, x):
            return torch.sigmoid(self.dense(self.lstm(self.embedding(x))))

    return Net()


def run_child(args):
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    g = torch.Generator().manual_seed(args.seed)
    x = torch.randint(1, MAX_FEATURES, (BATCH, MAXLEN), generator=g)
    y = torch.randint(0, 2, (BATCH, 1), generator=g).float()
    infer_x = torch.randint(1, MAX_FEATURES, (args.infer_batches * BATCH, MAXLEN), generator=g)
    net = build_torch(args.child)
    opt = torch.optim.Adam(net.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)

    def step():
        net.train()
        opt.zero_grad(set_to_none=True)
        p = net(x)
        loss = F.binary_cross_entropy(p.clamp(1e-7, 1 - 1e-7), y)
        loss.backward()
        opt.step()
        with torch.no_grad():
            ((p > 0.5).float() == y).float().mean()
        return loss.item()

    def predict():
        net.eval()
        with torch.no_grad():
            for i in range(args.infer_batches):
                net(infer_x[i * BATCH:(i + 1) * BATCH])

    loss = float("nan")
    for _ in range(args.warmup):
        loss = step()
    train, train_cpu = [], []
    for _ in range(args.child_rounds):
        t, c = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            loss = step()
        train.append((time.perf_counter() - t) * 1000 / args.steps)
        train_cpu.append((time.process_time() - c) * 1000 / args.steps)
    predict()
    pred, pred_cpu = [], []
    for _ in range(args.child_rounds):
        t, c = time.perf_counter(), time.process_time()
        predict()
        pred.append((time.perf_counter() - t) * 1000 / args.infer_batches)
        pred_cpu.append((time.process_time() - c) * 1000 / args.infer_batches)
    params = sum(p.numel() for p in net.parameters())
    fmt = lambda v: ",".join(f"{a:.2f}" for a in v)
    med = statistics.median
    print(f"LSTM impl=pytorch model={args.child} params={params} threads={torch.get_num_threads()} "
          f"train_ms={med(train):.2f} train_cpu_ms={med(train_cpu):.2f} train_rounds={fmt(train)} "
          f"predict_ms={med(pred):.2f} predict_cpu_ms={med(pred_cpu):.2f} predict_rounds={fmt(pred)} "
          f"loss={loss:.4f} torch={torch.__version__}")


# ---- the parent ---------------------------------------------------------------------------------------------------

def parse_line(lines):
    for _, _, text in lines:
        if text.startswith("LSTM "):
            fields = dict(kv.split("=", 1) for kv in text.split()[1:])
            return {k: (float(v) if k.endswith(("_ms", "loss")) else v) for k, v in fields.items()}
    raise ValueError("no LSTM line")


def child_command(args, impl, model):
    common = ["--steps", str(args.steps), "--warmup", str(args.warmup), "--infer-batches", str(args.infer_batches),
              "--threads", str(args.threads), "--seed", str(args.seed)]
    if impl == "kerassharp":
        return [args.kerassharp, "--lstm", model, "--rounds", str(args.child_rounds)] + common
    return [sys.executable, os.path.abspath(__file__), "--child", model, "--child-rounds", str(args.child_rounds)] + common


def child_env(args):
    """Debian's torch calls the system BLAS (OpenBLAS when libopenblas0 is installed): its threads too are --threads."""
    return {"OPENBLAS_NUM_THREADS": str(args.threads), "OMP_NUM_THREADS": str(args.threads)}


METRICS = [("train_cpu_ms", "training step, CPU ms", 1, False, True), ("train_ms", "training step, wall ms", 1, False, True),
           ("predict_cpu_ms", "predict, CPU ms per batch of 32", 1, False, True),
           ("predict_ms", "predict, wall ms per batch of 32", 1, False, True)]


def run_parent(args):
    if not args.kerassharp:
        sys.exit("--kerassharp PATH is required (see bench/run.sh, which builds it)")
    models = [m for m in args.models.split(",") if m]
    peers = [alternate.Peer(f"{impl} {m}", child_command(args, impl, m), parse_line, child_env(args))
             for m in models for impl in ("kerassharp", "pytorch")]

    def progress(r, peer, p):
        alternate.log(f"round {r + 1}/{args.rounds} {peer.name:16s} train {p['train_cpu_ms']} CPU ms/step "
                      f"({p['train_ms']} wall), predict {p['predict_cpu_ms']} CPU ms/batch ({p['predict_ms']} wall)")

    try:
        results = alternate.run_rounds(peers, args.rounds, progress, order=alternate.pairwise)
    except alternate.ChildFailed as e:
        sys.exit(str(e))

    print(f"Each cell: the median over {args.rounds} alternating rounds of child processes (range min–max); a child's "
          f"value is the median of its {args.child_rounds} rounds of {args.steps} training steps (after {args.warmup} "
          f"warm-up steps) or of {args.infer_batches} predicted batches. CPU ms is the process's CPU time (all its "
          f"threads), which on a loaded machine counts only this process's work; wall ms also counts waiting for the "
          f"cores. torch threads: {args.threads}; batch {BATCH}, maxlen {MAXLEN}, random token ids < {MAX_FEATURES}.\n")
    print("| model | | KerasSharp | PyTorch | KerasSharp / PyTorch |")
    print("|---|---|---|---|---|")
    for m in models:
        for key, what, _, _, _ in METRICS:
            ks = [p[key] for p in results[f"kerassharp {m}"]]
            pt = [p[key] for p in results[f"pytorch {m}"]]
            print(f"| {m} | {what} | {alternate.spread(ks)} | {alternate.spread(pt)} | "
                  f"{alternate.spread(alternate.ratios(ks, pt), 2)} |")
    print()
    for peer in peers:
        p = results[peer.name][-1]
        print(f"- {peer.name}: {p['params']} parameters, {p['threads']} thread(s), last loss {p['loss']}"
              + (f", torch {p['torch']}" if "torch" in p else f", device {p.get('device', '?')}"))
    # The ratio's geometric mean over rounds, a single number per row for the summary.
    for m in models:
        r = alternate.ratios([p["train_cpu_ms"] for p in results[f"kerassharp {m}"]],
                             [p["train_cpu_ms"] for p in results[f"pytorch {m}"]])
        g = math.exp(statistics.mean(math.log(v) for v in r))
        print(f"- {m}: training-step CPU-time ratio KerasSharp / PyTorch, geometric mean over rounds: {g:.2f}")


def main():
    args = parse_args()
    if args.child:
        run_child(args)
    else:
        run_parent(args)


if __name__ == "__main__":
    main()
