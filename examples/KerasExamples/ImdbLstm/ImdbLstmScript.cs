// A line-for-line port of Keras 2.2.4's examples/imdb_lstm.py: trains an LSTM model on the IMDB sentiment
// classification task.
//
// The dataset is actually too small for LSTM to be of any advantage compared to simpler, much faster methods such as
// TF-IDF + LogReg.
//
// # Notes
//
// - RNNs are tricky. Choice of batch size is important, choice of loss and optimizer is critical, etc. Some
// configurations won't converge.
//
// - LSTM loss decrease patterns during training can be quite different from what you see with CNNs/MLPs/etc.
//
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using static KerasSharp.Preprocessing.SequenceFunctions;

namespace KerasExamples.ImdbLstm;

public static class ImdbLstmScript
{
    public static (Sequential model, History history, double score, double acc) Run(ExampleOptions options)
    {
        var max_features = 20000;
        // cut texts after this number of words (among top max_features most common words)
        var maxlen = 80;
        var batch_size = 32;

        Console.WriteLine("Loading data...");
        var ((x_train_sequences, y_train), (x_test_sequences, y_test)) = Imdb.LoadData(num_words: max_features);
        if (options.Samples is int n) (x_train_sequences, y_train, x_test_sequences, y_test) = (x_train_sequences[..n], y_train[..n], x_test_sequences[..n], y_test[..n]);
        Console.WriteLine($"{x_train_sequences.Length} train sequences");
        Console.WriteLine($"{x_test_sequences.Length} test sequences");

        Console.WriteLine("Pad sequences (samples x time)");
        var x_train = PadSequences(x_train_sequences, maxlen: maxlen);
        var x_test = PadSequences(x_test_sequences, maxlen: maxlen);
        Console.WriteLine($"x_train shape: {x_train.Shape}");
        Console.WriteLine($"x_test shape: {x_test.Shape}");

        Console.WriteLine("Build model...");
        var model = new Sequential();
        model.Add(new Embedding(max_features, 128));
        model.Add(new LSTM(128, dropout: 0.2, recurrent_dropout: 0.2));
        model.Add(new Dense(1, activation: "sigmoid"));

        // try using different optimizers and different optimizer configs
        model.Compile(loss: "binary_crossentropy",
                      optimizer: "adam",
                      metrics: ["accuracy"]);

        Console.WriteLine("Train...");
        var history = model.Fit(x_train, y_train,
                                batch_size: batch_size,
                                epochs: options.Epochs ?? 15,
                                verbose: options.Verbose,
                                validation_data: (x_test, y_test));
        var (score, acc) = model.Evaluate(x_test, y_test,
                                          batch_size: batch_size,
                                          verbose: options.Verbose);
        Console.WriteLine($"Test score: {score}");
        Console.WriteLine($"Test accuracy: {acc}");
        return (model, history, score, acc);
    }
}
