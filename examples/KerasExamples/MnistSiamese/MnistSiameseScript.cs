// A line-for-line port of Keras 2.2.4's examples/mnist_siamese.py: trains a Siamese MLP on pairs of digits from the
// MNIST dataset. It follows Hadsell-et-al.'06 [1] by computing the Euclidean distance on the output of the shared
// network and by optimizing the contrastive loss (see paper for mode details).
//   [1] Dimensionality Reduction by Learning an Invariant Mapping,
//       http://yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf
// Gets to 97.2% test accuracy after 20 epochs. 2 seconds per epoch on a Titan X Maxwell GPU.
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Training;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.MnistSiamese;

public static class MnistSiameseScript
{
    public const int num_classes = 10;

    public static Tensor euclidean_distance(Tensor[] vects)
    {
        var (x, y) = vects;
        var sum_square = K.Sum(K.Square(x - y), axis: 1, keepdims: true);
        return K.Sqrt(K.Maximum(sum_square, K.Epsilon()));
    }

    public static Shape eucl_dist_output_shape(IReadOnlyList<Shape> shapes)
    {
        var (shape1, shape2) = (shapes[0], shapes[1]);
        return new Shape(shape1[0], 1);
    }

    /// <summary>Contrastive loss from Hadsell-et-al.'06, http://yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf</summary>
    public static Tensor contrastive_loss(Tensor y_true, Tensor y_pred)
    {
        var margin = 1;
        var sqaure_pred = K.Square(y_pred);
        var margin_square = K.Square(K.Maximum(margin - y_pred, 0));
        return K.Mean(y_true * sqaure_pred + (1 - y_true) * margin_square);
    }

    // random.randrange, from the process's shared generator (Python's random module is not seeded by the script either).
    private static readonly Random random = Random.Shared;

    /// <summary>Positive and negative pair creation. Alternates between positive and negative pairs.</summary>
    public static (Tensor pairs, Tensor labels) create_pairs(Tensor x, Tensor[] digit_indices)
    {
        var pairs = new List<Tensor[]>();
        var labels = new List<long>();
        var n = Enumerable.Range(0, num_classes).Select(d => digit_indices[d].shape[0]).Min() - 1;
        for (int d = 0; d < num_classes; d++)
        {
            for (long i = 0; i < n; i++)
            {
                var (z1, z2) = (digit_indices[d][i], digit_indices[d][i + 1]);
                pairs.Add([x[z1], x[z2]]);
                var inc = random.Next(1, num_classes);
                var dn = (d + inc) % num_classes;
                (z1, z2) = (digit_indices[d][i], digit_indices[dn][i]);
                pairs.Add([x[z1], x[z2]]);
                labels.AddRange([1, 0]);
            }
        }
        return (stack(pairs.Select(p => stack(p))), tensor(labels.ToArray()));
    }

    /// <summary>Base network to be shared (eq. to feature extraction).</summary>
    public static Model create_base_network(Shape input_shape)
    {
        var input = Input(shape: input_shape);
        var x = new Flatten().Apply(input);
        x = new Dense(128, activation: "relu").Apply(x);
        x = new Dropout(0.1).Apply(x);
        x = new Dense(128, activation: "relu").Apply(x);
        x = new Dropout(0.1).Apply(x);
        x = new Dense(128, activation: "relu").Apply(x);
        return new Model(input, x);
    }

    /// <summary>Compute classification accuracy with a fixed threshold on distances.</summary>
    public static double compute_accuracy(Tensor y_true, Tensor y_pred)
    {
        var pred = y_pred.ravel() < 0.5;
        return (pred == y_true).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>Compute classification accuracy with a fixed threshold on distances.</summary>
    public static Tensor accuracy(Tensor y_true, Tensor y_pred) =>
        K.Mean(K.Equal(y_true, K.Cast(y_pred < 0.5, y_true.dtype)));

    public static (History history, double tr_acc, double te_acc) Run(ExampleOptions options)
    {
        var epochs = 20;
        epochs = options.Epochs ?? epochs;

        // the data, split between train and test sets
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();
        if (options.Samples is int samples) (x_train, y_train, x_test, y_test) = (x_train[..samples], y_train[..samples], x_test[..samples], y_test[..samples]);
        x_train = x_train.astype("float32");
        x_test = x_test.astype("float32");
        x_train /= 255;
        x_test /= 255;
        var input_shape = x_train.shape[1..];

        // create training+test positive and negative pairs
        var digit_indices = Enumerable.Range(0, num_classes).Select(i => where(y_train == i)[0]).ToArray();
        var (tr_pairs, tr_y) = create_pairs(x_train, digit_indices);

        digit_indices = Enumerable.Range(0, num_classes).Select(i => where(y_test == i)[0]).ToArray();
        var (te_pairs, te_y) = create_pairs(x_test, digit_indices);

        // network definition
        var base_network = create_base_network(input_shape);

        var input_a = Input(shape: input_shape);
        var input_b = Input(shape: input_shape);

        // because we re-use the same instance `base_network`,
        // the weights of the network
        // will be shared across the two branches
        var processed_a = base_network.Apply(input_a);
        var processed_b = base_network.Apply(input_b);

        var distance = new Lambda(euclidean_distance,
                                  output_shape: eucl_dist_output_shape).Apply([processed_a, processed_b]);

        var model = new Model([input_a, input_b], distance);

        // train
        var rms = new RMSprop();
        model.Compile(loss: contrastive_loss, optimizer: rms, metrics: [new MetricFunction(accuracy)]);
        var history = model.Fit([tr_pairs[.., 0], tr_pairs[.., 1]], tr_y,
                                batch_size: 128,
                                epochs: epochs,
                                verbose: options.Verbose,
                                validation_data: new ValidationData([te_pairs[.., 0], te_pairs[.., 1]], te_y));

        // compute final accuracy on training and test sets
        var y_pred = model.Predict([tr_pairs[.., 0], tr_pairs[.., 1]]);
        var tr_acc = compute_accuracy(tr_y, y_pred);
        y_pred = model.Predict([te_pairs[.., 0], te_pairs[.., 1]]);
        var te_acc = compute_accuracy(te_y, y_pred);

        Console.WriteLine($"* Accuracy on training set: {100 * tr_acc:F2}%");
        Console.WriteLine($"* Accuracy on test set: {100 * te_acc:F2}%");
        return (history, tr_acc, te_acc);
    }
}
