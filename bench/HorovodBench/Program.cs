using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;
using hvd = KerasSharp.Horovod.Hvd;

// usage: HorovodBench [--threads T] [--global-batch B] [--steps N] [--warmup W]
// Each rank trains the tutorial model on B / size synthetic images per step with hvd.DistributedOptimizer(RMSprop),
// then times hvd.Allreduce of one buffer of all the gradients (what the optimizer sends per step) on its own.
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();
var (threads, globalBatch, steps, warmup) = (Arg("--threads", 1), Arg("--global-batch", 64), Arg("--steps", 20), Arg("--warmup", 3));

hvd.Init();
set_num_threads(threads);
var (size, rank) = (hvd.Size(), hvd.Rank());
var batch = globalBatch / size;

var weight_decay = 1e-4;
var model = new Sequential();
foreach (var (filters, dropout) in new[] { (32, 0.2), (64, 0.3), (128, 0.4) })
{
    for (int i = 0; i < 2; i++)
    {
        if (filters == 32 && i == 0) model.Add(new Conv2D(filters, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay), input_shape: (32, 32, 3)));
        else model.Add(new Conv2D(filters, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
    }
    model.Add(new MaxPooling2D(pool_size: (2, 2)));
    model.Add(new Dropout(dropout));
}
model.Add(new Flatten());
model.Add(new Dense(10, activation: "softmax"));
model.Compile(optimizer: hvd.DistributedOptimizer(new RMSprop(lr: 0.001, decay: 1e-6)), loss: "categorical_crossentropy", metrics: ["accuracy"]);

manual_seed(rank);
var x = rand(batch, 32, 32, 3);
var y = nn.functional.one_hot(randint(0, 10, batch), 10).to_type(ScalarType.Float32);
var parameters = model.TrainableWeights.Sum(w => w.Size);

for (int i = 0; i < warmup; i++) model.TrainOnBatch(x, y);
hvd.Allreduce(ones(1));
var clock = Stopwatch.StartNew();
for (int i = 0; i < steps; i++) model.TrainOnBatch(x, y);
var stepMs = clock.Elapsed.TotalMilliseconds / steps;

var buffer = zeros(parameters);
for (int i = 0; i < warmup; i++) hvd.Allreduce(buffer);
clock.Restart();
for (int i = 0; i < steps; i++) hvd.Allreduce(buffer);
var allreduceMs = clock.Elapsed.TotalMilliseconds / steps;

// Every rank's step time, averaged, so the line reports the job.
var mean = hvd.Allreduce(tensor(new[] { stepMs, allreduceMs })).data<double>().ToArray();
if (rank == 0)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ranks {size} x threads {threads}, global batch {globalBatch} ({batch} per rank): step {mean[0]:F1} ms, {mean[0] / globalBatch:F3} ms/sample; " +
        $"all-reduce of {parameters:N0} float32 ({parameters * 4 / 1e6:F3} MB) {mean[1]:F2} ms = {100 * mean[1] / mean[0]:F1}% of a step"));
return 0;
