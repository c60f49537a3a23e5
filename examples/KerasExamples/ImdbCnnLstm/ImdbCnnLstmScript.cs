// A line-for-line port of Keras 2.2.4's examples/imdb_cnn_lstm.py: train a recurrent convolutional network on the
// IMDB sentiment classification task. Gets to 0.8498 test accuracy after 2 epochs. 41s/epoch on K520 GPU.
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using static KerasSharp.Preprocessing.SequenceFunctions;

namespace KerasExamples.ImdbCnnLstm;

public static class ImdbCnnLstmScript
{
    public static (Sequential model, History history, double score, double acc) Run(ExampleOptions options)
    {
        // Embedding
        var max_features = 20000;
        var maxlen = 100;
        var embedding_size = 128;

        // Convolution
        var kernel_size = 5;
        var filters = 64;
        var pool_size = 4;

        // LSTM
        var lstm_output_size = 70;

        // Training
        var batch_size = 30;
        var epochs = 2;
        epochs = options.Epochs ?? epochs;

        // Note:
        // batch_size is highly sensitive.
        // Only 2 epochs are needed as the dataset is very small.

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
        model.Add(new Embedding(max_features, embedding_size, input_length: maxlen));
        model.Add(new Dropout(0.25));
        model.Add(new Conv1D(filters,
                             kernel_size,
                             padding: "valid",
                             activation: "relu",
                             strides: 1));
        model.Add(new MaxPooling1D(pool_size: pool_size));
        model.Add(new LSTM(lstm_output_size));
        model.Add(new Dense(1));
        model.Add(new Activation("sigmoid"));

        model.Compile(loss: "binary_crossentropy",
                      optimizer: "adam",
                      metrics: ["accuracy"]);

        Console.WriteLine("Train...");
        var history = model.Fit(x_train, y_train,
                                batch_size: batch_size,
                                epochs: epochs,
                                verbose: options.Verbose,
                                validation_data: (x_test, y_test));
        var (score, acc) = model.Evaluate(x_test, y_test, batch_size: batch_size, verbose: options.Verbose);
        Console.WriteLine($"Test score: {score}");
        Console.WriteLine($"Test accuracy: {acc}");
        return (model, history, score, acc);
    }
}
