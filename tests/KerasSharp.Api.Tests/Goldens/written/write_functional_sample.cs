#:project ../../../../src/KerasSharp.Api/KerasSharp.Api.csproj
// Writes the functional sample that check_functional.py reads: a two-input, two-output model with a shared Dense
// layer, merge layers and a nested Sequential (no Lambda or backend op: Keras reads every layer of it), compiled and
// trained one step.   dotnet run write_functional_sample.cs -- FOLDER   (writes FOLDER/functional.json, functional.h5)
using System.Collections.Generic;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Utils;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

KerasBackend.ClearSession();
KerasBackend.SetSeed(7);
var inA = Input(shape: 5, name: "in_a");
var inB = Input(shape: 5, name: "in_b");
var shared = new Dense(4, activation: "tanh", name: "shared");
var (ha, hb) = (shared.Apply(inA), shared.Apply(inB));
var inner = new Sequential(name: "inner");
inner.Add(new Dense(3, activation: "relu", input_shape: 8, name: "inner_dense_1"));
inner.Add(new Dense(3, name: "inner_dense_2"));
var outCls = new Dense(3, activation: "softmax", name: "out_cls").Apply(inner.Apply(concatenate([ha, hb])));
var outReg = new Dense(1, name: "out_reg").Apply(add([subtract([ha, hb]), multiply([ha, hb])]));
var model = new Model(inputs: [inA, inB], outputs: [outCls, outReg], name: "two_io");
model.Compile("adam", loss: ["categorical_crossentropy", "mse"], loss_weights: [1.0, 0.5], metrics: new Dictionary<string, string[]> { ["out_cls"] = ["accuracy"] });
model.TrainOnBatch([rand(8, 5), rand(8, 5)], [NpUtils.ToCategorical(arange(8) % 3, 3), rand(8, 1)]);
System.IO.File.WriteAllText(System.IO.Path.Combine(args[0], "functional.json"), model.ToJson());
model.Save(System.IO.Path.Combine(args[0], "functional.h5"));
System.Console.WriteLine($"wrote {args[0]}/functional.json, functional.h5");
