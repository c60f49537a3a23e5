#!/usr/bin/python3
"""Reads a functional model written by KerasSharp the way standalone Keras 2.2.4 reads it, with json, h5py and numpy
only (no Keras, no TensorFlow, no KerasSharp).

    /usr/bin/python3 check_functional.py FOLDER     (FOLDER holds functional.json and functional.h5)

JSON (keras@2.2.4 keras/engine/network.py Network.from_config, keras/engine/input_layer.py InputLayer.__init__):
every layer entry has name/class_name/config/inbound_nodes; an InputLayer's config holds only the keywords its
__init__ takes; the layer calls are replayed as from_config replays them (all layers made first; an InputLayer, and
a nested Model/Sequential, start with one node of their own; each call appends a node once every tensor it reads
exists, retried in layer order), so every [layer, node_index, tensor_index, kwargs] reference, input_layers and
output_layers resolve. A nested Sequential is read as Sequential.from_config reads it.
HDF5 (keras@2.2.4 keras/engine/saving.py _deserialize_model, load_weights_from_hdf5_group; utils/io_utils.py H5Dict):
model_config and training_config `.decode('utf-8')`; model_config equals the JSON's model; layer_names (decoded)
are the model's layers in order; each layer's weight_names decode and name datasets that exist; training_config's
loss, loss_weights and metrics are per output as compile takes them.
Prints PASS/FAIL lines; exits 1 on any FAIL.
"""
import json
import os
import sys

import h5py
import numpy as np

failures = []


def check(ok, what):
    print(("PASS  " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


INPUT_LAYER_KEYS = {"input_shape", "batch_size", "batch_input_shape", "dtype", "input_tensor", "sparse", "name"}
NETWORKS = {"Model", "Sequential"}


def outputs_of(entry):
    """How many tensors one call of the layer returns (a nested Model: its output_layers)."""
    if entry["class_name"] == "Model":
        return len(entry["config"]["output_layers"])
    return 1


def replay(config, where):
    """Network.from_config's node replay; returns {layer: node count} after it."""
    layers = config["layers"]
    for entry in layers:
        for key in ("name", "class_name", "config", "inbound_nodes"):
            check(key in entry, "%s: layer entry %s has `%s`" % (where, entry.get("name"), key))
        if entry["class_name"] == "InputLayer":
            extra = set(entry["config"]) - INPUT_LAYER_KEYS
            check(not extra, "%s: InputLayer %s config keys are InputLayer.__init__'s (extra: %s)" % (where, entry["name"], sorted(extra)))
        if entry["class_name"] == "Model":
            replay(entry["config"], where + "/" + entry["name"])
        if entry["class_name"] == "Sequential":
            inner = entry["config"]["layers"] if isinstance(entry["config"], dict) else entry["config"]
            check("batch_input_shape" in inner[0]["config"], "%s: nested Sequential %s's first layer has batch_input_shape" % (where, entry["name"]))
    # InputLayer and networks start with one node of their own (Keras 2.2.4).
    nodes = {e["name"]: (1 if e["class_name"] in NETWORKS | {"InputLayer"} else 0) for e in layers}
    width = {e["name"]: outputs_of(e) for e in layers}
    pending = {e["name"]: list(e["inbound_nodes"]) for e in layers}
    rounds = 0
    while any(pending.values()):
        rounds += 1
        check(rounds < 1000, "%s: node replay ends" % where)
        if rounds >= 1000:
            break
        for entry in layers:
            queue = pending[entry["name"]]
            while queue:
                call = queue[0]
                ready = all(len(t) == 4 and t[0] in nodes and t[1] < nodes[t[0]] and t[2] < width[t[0]] and isinstance(t[3], dict) for t in call)
                if not ready:
                    break
                queue.pop(0)
                nodes[entry["name"]] += 1
    for key in ("input_layers", "output_layers"):
        for t in config[key]:
            check(t[0] in nodes and t[1] < nodes[t[0]] and t[2] < width[t[0]], "%s: %s entry %s resolves" % (where, key, t))
    return nodes


def main(folder):
    with open(os.path.join(folder, "functional.json")) as f:
        model = json.load(f)
    check(model["class_name"] == "Model", "the JSON's class_name is Model (%s)" % model["class_name"])
    nodes = replay(model["config"], "model")
    print("INFO  nodes after replay: %s" % json.dumps(nodes, sort_keys=True))
    names = [e["name"] for e in model["config"]["layers"]]

    f = h5py.File(os.path.join(folder, "functional.h5"), "r")
    model_config = json.loads(f.attrs["model_config"].decode("utf-8"))
    check(model_config == {"class_name": model["class_name"], "config": model["config"]}, "model_config equals the JSON's model")
    training = json.loads(f.attrs["training_config"].decode("utf-8"))
    print("INFO  training_config loss=%s loss_weights=%s metrics=%s" % (training["loss"], training["loss_weights"], training["metrics"]))
    outputs = [t[0] for t in model["config"]["output_layers"]]
    loss = training["loss"]
    check(isinstance(loss, str) or sorted(loss) == sorted(outputs), "training_config loss is one loss or one per output name")
    check(training["loss_weights"] is None or len(training["loss_weights"]) == len(outputs), "loss_weights has one entry per output")
    metrics = training["metrics"]
    check(isinstance(metrics, list) or set(metrics) <= set(outputs), "metrics are a list, or a dict by output name")
    g = f["model_weights"]
    layer_names = [n.decode("utf8") for n in g.attrs["layer_names"]]
    check(layer_names == names, "layer_names are the model's layers in order")
    for name in layer_names:
        weight_names = g[name].attrs["weight_names"]
        decoded = [n.decode("utf8") for n in weight_names] if weight_names.dtype.kind == "S" else []
        for w in decoded:
            ok = w in g[name]
            value = np.asarray(g[name][w]) if ok else None
            check(ok and value.dtype == np.float32 and np.all(np.isfinite(value)), "%s/%s is a finite float32 dataset %s" % (name, w, None if value is None else value.shape))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
