"""Alternating child processes, the part bench/peers.py and bench/lstm_bench.py share.

Peers that cannot share a process (KerasSharp, raw TorchSharp, PyTorch) are compared by running each as a child
process, one after the other, over several rounds, the order rotating from round to round (with two peers: alternating
who goes first), so that every peer sees the same machine on average and a burst of load lands on one round of each
rather than on one peer. Per peer and metric the tables give the median over rounds with its range; the comparison
with the reference peer is the median of the per-round ratios (each round's two values were measured minutes apart),
with their range.

A child's stdout (stderr merged in) is read line by line; each line is stamped with the wall time since the child
started and the child's CPU time so far (utime + stime of all its threads, /proc/PID/stat, 10 ms ticks), so that a
peer whose program only prints progress (an example's epoch lines) can be timed from outside, CPU time included.
"""
import os
import statistics
import subprocess
import sys
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class ChildFailed(RuntimeError):
    pass


class Peer:
    """One child-process command and how to read what it measured.

    parse(lines) -> dict of metric name -> float, from the child's lines [(wall_s, cpu_s, text), ...] (times since the
    child started; cpu_s is None where /proc is unreadable). Raise ValueError when the lines lack a result.
    done(lines) -> True once the child has printed everything parse needs; the parent then ends it (SIGTERM) instead
    of waiting for whatever the program does afterwards. None: wait for the exit.
    """

    def __init__(self, name, command, parse, env=None, done=None, cwd=None):
        self.name, self.command, self.parse, self.env, self.done, self.cwd = name, command, parse, env, done, cwd


def child_cpu_seconds(pid):
    """utime + stime of the process (every thread), seconds; None where /proc/PID/stat cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # fields from 3 (state) on
    return (int(fields[14 - 3]) + int(fields[15 - 3])) / CLOCK_TICKS


def run_child(peer):
    """Runs the peer once; returns its parsed metrics and its stamped lines. Raises ChildFailed with the output's tail."""
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(peer.env or {})
    start = time.perf_counter()
    proc = subprocess.Popen(peer.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=peer.cwd)
    lines, stopped = [], False
    for raw in proc.stdout:  # bytes split on b"\n" only: a progress bar's "\r" stays inside its line
        lines.append((time.perf_counter() - start, child_cpu_seconds(proc.pid),
                      raw.decode("utf-8", "replace").rstrip("\r\n")))
        if peer.done is not None and not stopped and peer.done(lines):
            stopped = True
            proc.terminate()
    proc.stdout.close()
    code = proc.wait()
    tail = "\n".join(text for _, _, text in lines[-40:])
    if code != 0 and not stopped:
        raise ChildFailed(f"{peer.name} failed (exit {code}): {' '.join(map(str, peer.command))}\n{tail}")
    try:
        return peer.parse(lines), lines
    except (ValueError, KeyError) as e:
        raise ChildFailed(f"{peer.name}: no result in its output ({e}): {' '.join(map(str, peer.command))}\n{tail}")


def rotation(peers, r):
    """Round r's order: the peer list rotated by r (two peers: alternating which goes first)."""
    k = r % len(peers)
    return peers[k:] + peers[:k]


def pairwise(peers, r):
    """For peers listed in pairs (mine, theirs, mine, theirs, ...): the pairs in their order, each pair's two swapped
    every other round, so that each comparison alternates who goes first."""
    if r % 2 == 0:
        return list(peers)
    return [p for i in range(0, len(peers), 2) for p in reversed(peers[i:i + 2])]


def run_rounds(peers, rounds, progress=None, order=rotation):
    """Runs every peer once per round, in order(peers, r); returns {peer name: [metrics of round 0, 1, ...]}."""
    results = {p.name: [] for p in peers}
    for r in range(rounds):
        for peer in order(peers, r):
            metrics, _ = run_child(peer)
            results[peer.name].append(metrics)
            if progress:
                progress(r, peer, metrics)
    return results


def spread(values, digits=1):
    """'median (min–max)'."""
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratios(mine, theirs, higher_is_better=False):
    """Per-round ratios of my time to theirs (>1: mine slower); for a rate (higher is better) their rate over mine."""
    pairs = [(a, b) for a, b in zip(mine, theirs) if a is not None and b is not None and a > 0 and b > 0]
    return [b / a if higher_is_better else a / b for a, b in pairs]


def markdown_tables(results, peers, metrics, reference):
    """Two Markdown tables: every peer's median (range) per metric, then the reference's per-round ratio to each peer.

    metrics: [(key, label, digits, higher_is_better, compare)]; compare False keeps a row out of the ratio table."""
    names = [p.name for p in peers]
    out = ["| metric | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for key, label, digits, _, _ in metrics:
        cells = [spread([m.get(key) for m in results[n]], digits) for n in names]
        if all(c == "n/a" for c in cells):
            continue
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    others = [n for n in names if n != reference]
    if others:
        out += ["", f"{reference} against each peer, the median of the per-round ratios (min–max): {reference}'s time ÷ "
                f"the peer's time (for a rate, the peer's rate ÷ {reference}'s), so below 1.00 means {reference} is "
                f"faster.", "", "| metric | " + " | ".join(f"vs {n}" for n in others) + " |",
                "|---|" + "---:|" * len(others)]
        for key, label, _, higher, compare in metrics:
            if not compare:
                continue
            mine = [m.get(key) for m in results[reference]]
            cells = [spread(ratios(mine, [m.get(key) for m in results[n]], higher), 3) for n in others]
            if all(c == "n/a" for c in cells):
                continue
            out.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def log(message):
    print(message, file=sys.stderr, flush=True)
