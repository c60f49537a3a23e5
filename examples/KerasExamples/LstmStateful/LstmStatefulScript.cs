// A line-for-line port of Keras 2.2.4's examples/lstm_stateful.py: example script showing how to use a stateful LSTM
// model and how its stateless counterpart performs.
//
// More documentation about the Keras LSTM model can be found at https://keras.io/layers/recurrent/#lstm
//
// The models are trained on an input/output pair, where the input is a generated uniformly distributed random
// sequence of length = "input_len", and the output is a moving average of the input with window length = "tsteps".
// Both "input_len" and "tsteps" are defined in the "editable parameters" section.
//
// A larger "tsteps" value means that the LSTM will need more memory to figure out the input-output relationship.
// This memory length is controlled by the "lahead" variable (more details below).
//
// The rest of the parameters are:
// - input_len: the length of the generated input sequence
// - lahead: the input sequence length that the LSTM is trained on for each output point
// - batch_size, epochs: same parameters as in the model.fit(...) function
//
// When lahead > 1, the model input is preprocessed to a "rolling window view" of the data, with the window length =
// "lahead". This is similar to sklearn's "view_as_windows" with "window_shape" being a single number
// Ref: http://scikit-image.org/docs/0.10.x/api/skimage.util.html#view-as-windows
//
// When lahead < tsteps, only the stateful LSTM converges because its statefulness allows it to see beyond the
// capability that lahead gave it to fit the n-point average. The stateless LSTM does not have this capability, and
// hence is limited by its "lahead" parameter, which is not sufficient to see the n-point average.
//
// When lahead >= tsteps, both the stateful and stateless LSTM converge.
//
// pandas' DataFrame is the example's small DataFrame class; numpy's lines are TorchSharp's. Lines that differ from
// the Python are listed in docs/porting.md.
using System;
using System.Linq;
using KerasSharp;
using KerasSharp.Layers;
using KerasSharp.Models;
using static TorchSharp.torch;

namespace KerasExamples.LstmStateful;

public static class LstmStatefulScript
{
    public static (DataFrame data_input, DataFrame expected_output, Tensor y_test, Tensor predicted_stateful, Tensor predicted_stateless) Run(ExampleOptions options)
    {
        // ----------------------------------------------------------
        // EDITABLE PARAMETERS
        // Read the documentation in the script head for more details
        // ----------------------------------------------------------

        // length of input
        var input_len = 1000;

        // The window length of the moving average used to generate
        // the output from the input in the input/output pair used
        // to train the LSTM
        // e.g. if tsteps=2 and input=[1, 2, 3, 4, 5],
        //      then output=[1.5, 2.5, 3.5, 4.5]
        var tsteps = 2;

        // The input sequence length that the LSTM is trained on for each output point
        var lahead = 1;

        // training parameters passed to "model.fit(...)"
        var batch_size = 1;
        var epochs = 10;
        epochs = options.Epochs ?? epochs;
        input_len = options.Samples ?? input_len;

        // ------------
        // MAIN PROGRAM
        // ------------

        Console.WriteLine(new string('*', 33));
        if (lahead >= tsteps)
            Console.WriteLine("STATELESS LSTM WILL ALSO CONVERGE");
        else
            Console.WriteLine("STATELESS LSTM WILL NOT CONVERGE");
        Console.WriteLine(new string('*', 33));

        random.manual_seed(1986);

        Console.WriteLine("Generating Data...");

        // Generates uniform random data between -amp and +amp and of length xn
        //
        // Arguments:
        //     amp: maximum/minimum range of uniform data
        //     xn: length of series
        DataFrame gen_uniform_amp(double amp = 1, int xn = 10000)
        {
            var data_input = empty(xn, dtype: ScalarType.Float64).uniform_(-1 * amp, +1 * amp);
            var data_frame = new DataFrame(data_input);
            return data_frame;
        }

        // Since the output is a moving average of the input,
        // the first few points of output will be NaN
        // and will be dropped from the generated data
        // before training the LSTM.
        // Also, when lahead > 1,
        // the preprocessing step later of "rolling window view"
        // will also cause some points to be lost.
        // For aesthetic reasons,
        // in order to maintain generated data length = input_len after pre-processing,
        // add a few points to account for the values that will be lost.
        var to_drop = Math.Max(tsteps - 1, lahead - 1);
        var data_input = gen_uniform_amp(amp: 0.1, xn: input_len + to_drop);

        // set the target to be a N-point average of the input
        var expected_output = data_input.Rolling(window: tsteps, center: false).Mean();

        // when lahead > 1, need to convert the input to "rolling window view"
        // https://docs.scipy.org/doc/numpy/reference/generated/numpy.repeat.html
        if (lahead > 1)
        {
            data_input = new DataFrame(data_input.Values.repeat_interleave(lahead, dim: 1));
            foreach (var (i, c) in data_input.Columns.Index())
                data_input[c] = data_input[c].Shift(i);
        }

        // drop the nan
        expected_output = expected_output[to_drop..];
        data_input = data_input[to_drop..];

        Console.WriteLine($"Input shape: {data_input.Shape}");
        Console.WriteLine($"Output shape: {expected_output.Shape}");
        Console.WriteLine("Input head: ");
        Console.WriteLine(data_input.Head());
        Console.WriteLine("Output head: ");
        Console.WriteLine(expected_output.Head());
        Console.WriteLine("Input tail: ");
        Console.WriteLine(data_input.Tail());
        Console.WriteLine("Output tail: ");
        Console.WriteLine(expected_output.Tail());

        Console.WriteLine("Plotting input and expected output");
        // plt.plot(data_input[0][:10], '.'); plt.plot(expected_output[0][:10], '-');
        // plt.legend(['Input', 'Expected output']); plt.title('Input'); plt.show(): not ported (docs/porting.md)

        Sequential create_model(bool stateful)
        {
            var model = new Sequential();
            model.Add(new LSTM(20,
                      batch_input_shape: (batch_size, lahead, 1),
                      stateful: stateful));
            model.Add(new Dense(1));
            model.Compile(loss: "mse", optimizer: "adam");
            return model;
        }

        Console.WriteLine("Creating Stateful Model...");
        var model_stateful = create_model(stateful: true);

        // split train/test data
        ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) split_data(DataFrame x, DataFrame y, double ratio = 0.8)
        {
            var to_train = (int)(input_len * ratio);
            // tweak to match with batch_size
            to_train -= to_train % batch_size;

            var x_train = x[..to_train];
            var y_train = y[..to_train];
            var x_test = x[to_train..];
            var y_test = y[to_train..];

            // tweak to match with batch_size
            var to_drop = (int)(x.Shape.rows % batch_size);
            if (to_drop > 0)
            {
                x_test = x_test[..^to_drop];
                y_test = y_test[..^to_drop];
            }

            // some reshaping
            Func<DataFrame, Tensor> reshape_3 = x => x.Values.reshape(x.Shape.rows, x.Shape.columns, 1);
            var x_train_values = reshape_3(x_train);
            var x_test_values = reshape_3(x_test);

            Func<DataFrame, Tensor> reshape_2 = x => x.Values.reshape(x.Shape.rows, 1);
            var y_train_values = reshape_2(y_train);
            var y_test_values = reshape_2(y_test);

            return ((x_train_values, y_train_values), (x_test_values, y_test_values));
        }

        var ((x_train, y_train), (x_test, y_test)) = split_data(data_input, expected_output);
        Console.WriteLine($"x_train.shape:  {x_train.Shape}");
        Console.WriteLine($"y_train.shape:  {y_train.Shape}");
        Console.WriteLine($"x_test.shape:  {x_test.Shape}");
        Console.WriteLine($"y_test.shape:  {y_test.Shape}");

        Console.WriteLine("Training");
        for (int i = 0; i < epochs; i++)
        {
            Console.WriteLine($"Epoch {i + 1} / {epochs}");
            // Note that the last state for sample i in a batch will
            // be used as initial state for sample i in the next batch.
            // Thus we are simultaneously training on batch_size series with
            // lower resolution than the original series contained in data_input.
            // Each of these series are offset by one step and can be
            // extracted with data_input[i::batch_size].
            model_stateful.Fit(x_train,
                               y_train,
                               batch_size: batch_size,
                               epochs: 1,
                               verbose: options.Verbose,
                               validation_data: (x_test, y_test),
                               shuffle: false);
            model_stateful.ResetStates();
        }

        Console.WriteLine("Predicting");
        var predicted_stateful = model_stateful.Predict(x_test, batch_size: batch_size);

        Console.WriteLine("Creating Stateless Model...");
        var model_stateless = create_model(stateful: false);

        Console.WriteLine("Training");
        model_stateless.Fit(x_train,
                            y_train,
                            batch_size: batch_size,
                            epochs: epochs,
                            verbose: options.Verbose,
                            validation_data: (x_test, y_test),
                            shuffle: false);

        Console.WriteLine("Predicting");
        var predicted_stateless = model_stateless.Predict(x_test, batch_size: batch_size);

        // ----------------------------

        Console.WriteLine("Plotting Results");
        // plt.subplot(3, 1, 1); plt.plot(y_test); plt.title('Expected')
        // plt.subplot(3, 1, 2)
        // drop the first "tsteps-1" because it is not possible to predict them
        // since the "previous" timesteps to use do not exist
        // plt.plot((y_test - predicted_stateful).flatten()[tsteps - 1:]); plt.title('Stateful: Expected - Predicted')
        // plt.subplot(3, 1, 3)
        // plt.plot((y_test - predicted_stateless).flatten()); plt.title('Stateless: Expected - Predicted')
        // plt.show(): not ported (docs/porting.md)
        return (data_input, expected_output, y_test, predicted_stateful, predicted_stateless);
    }
}
