#!/usr/bin/python3
"""Side-by-side table of the 10-epoch accuracy runs (docs/benchmarks.md).

Inputs: the KerasSharp example's history.csv (CSVLogger: epoch, accuracy, loss, lr, val_accuracy, val_loss) and its
console log (the per-epoch seconds come from the progress bar's "Ns Nms/step" line), and the JSON written by
cifar10_torch_reference.py. Prints a markdown table and the mean test accuracy over epochs 8-10 of each run.

Usage: /usr/bin/python3 bench/accuracy/compare.py KERASSHARP_HISTORY_CSV KERASSHARP_LOG TORCH_JSON
"""
import csv
import json
import re
import sys


def keras_sharp(history_csv, log):
    with open(history_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(log, encoding="utf-8", errors="replace") as f:
        # Keras prints the step time as Ns/step, Nms/step or Nus/step.
        seconds = [int(m) for m in re.findall(r"(\d+)s \d+(?:s|ms|us)/step - loss", f.read())]
    return [{"epoch": int(r["epoch"]) + 1, "val_accuracy": float(r["val_accuracy"]), "val_loss": float(r["val_loss"]),
             "accuracy": float(r["accuracy"]), "seconds": seconds[i] if i < len(seconds) else None}
            for i, r in enumerate(rows)]


def torch_reference(path):
    with open(path) as f:
        return json.load(f)["epochs"]


def mean_last(values, first=8, last=10):
    picked = [v for e, v in values if first <= e <= last]
    return sum(picked) / len(picked) if picked else float("nan")


def main():
    ks = keras_sharp(sys.argv[1], sys.argv[2])
    pt = torch_reference(sys.argv[3])
    print("| epoch | KerasSharp test acc | KerasSharp s | PyTorch test acc | PyTorch s |")
    print("|---:|---:|---:|---:|---:|")
    for i in range(max(len(ks), len(pt))):
        k = ks[i] if i < len(ks) else None
        p = pt[i] if i < len(pt) else None
        print(f"| {i + 1} | {k['val_accuracy'] * 100:.2f}% | {k['seconds'] or ''} | "
              f"{p['val_accuracy'] * 100:.2f}% | {p['seconds']:.0f} |" if k and p else
              f"| {i + 1} | {k['val_accuracy'] * 100:.2f}% | {k['seconds'] or ''} | | |" if k else
              f"| {i + 1} | | | {p['val_accuracy'] * 100:.2f}% | {p['seconds']:.0f} |")
    km = mean_last([(r["epoch"], r["val_accuracy"]) for r in ks]) * 100
    pm = mean_last([(r["epoch"], r["val_accuracy"]) for r in pt]) * 100
    print(f"\nmean test accuracy, epochs 8-10: KerasSharp {km:.2f}%, PyTorch {pm:.2f}%, difference {km - pm:+.2f} points")


if __name__ == "__main__":
    main()
