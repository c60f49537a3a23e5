// A line-for-line port of Keras 2.2.4's examples/imdb_bidirectional_lstm.py: trains a Bidirectional LSTM on the IMDB
// sentiment classification task. Output after 4 epochs on CPU: ~0.8146. Time per epoch on CPU (Core i7): ~150s.
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using static KerasSharp.Preprocessing.SequenceFunctions;

namespace KerasExamples.ImdbBidirectionalLstm;

public static class ImdbBidirectionalLstmScript
{
    public static (Sequential model, History history) Run(ExampleOptions options)
    {
        var max_features = 20000;
        // cut texts after this number of words
        // (among top max_features most common words)
        var maxlen = 100;
        var batch_size = 32;
        var epochs = 4;
        epochs = options.Epochs ?? epochs;

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
        y_train = y_train.clone();
        y_test = y_test.clone();

        var model = new Sequential();
        model.Add(new Embedding(max_features, 128, input_length: maxlen));
        model.Add(new Bidirectional(new LSTM(64)));
        model.Add(new Dropout(0.5));
        model.Add(new Dense(1, activation: "sigmoid"));

        // try using different optimizers and different optimizer configs
        model.Compile("adam", "binary_crossentropy", metrics: ["accuracy"]);

        Console.WriteLine("Train...");
        var history = model.Fit(x_train, y_train,
                                batch_size: batch_size,
                                epochs: epochs,
                                verbose: options.Verbose,
                                validation_data: (x_test, y_test));
        return (model, history);
    }
}
