// A line-for-line port of Keras 2.2.4's examples/mnist_denoising_autoencoder.py: trains a denoising autoencoder on
// MNIST dataset. Denoising is one of the classic applications of autoencoders. The denoising process removes unwanted
// noise that corrupted the true signal.
//     Noise + Data ---> Denoising Autoencoder ---> Data
// Given a training dataset of corrupted data as input and true signal as output, a denoising autoencoder can recover
// the hidden structure to generate clean data. This example has modular design. The encoder, decoder and autoencoder
// are 3 models that share weights. For example, after training the autoencoder, the encoder can be used to generate
// latent vectors of input data for low-dim visualization like PCA or TSNE.
// Lines that differ from the Python are listed in docs/porting.md.
using System.Linq;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Preprocessing.Image;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.MnistDenoisingAutoencoder;

public static class MnistDenoisingAutoencoderScript
{
    public static (Model encoder, Model decoder, Model autoencoder, History history) Run(ExampleOptions options)
    {
        K.SetSeed(1337);

        // MNIST dataset
        var ((x_train, _), (x_test, _)) = Mnist.LoadData();
        if (options.Samples is int n) (x_train, x_test) = (x_train[..n], x_test[..n]);

        var image_size = (int)x_train.shape[1];
        x_train = x_train.reshape(-1, image_size, image_size, 1);
        x_test = x_test.reshape(-1, image_size, image_size, 1);
        x_train = x_train.astype("float32") / 255;
        x_test = x_test.astype("float32") / 255;

        // Generate corrupted MNIST images by adding noise with normal dist
        // centered at 0.5 and std=0.5
        var noise = normal(0.5, 0.5, x_train.shape);
        var x_train_noisy = x_train + noise;
        noise = normal(0.5, 0.5, x_test.shape);
        var x_test_noisy = x_test + noise;

        x_train_noisy = x_train_noisy.clip(0.0, 1.0);
        x_test_noisy = x_test_noisy.clip(0.0, 1.0);

        // Network parameters
        Shape input_shape = (image_size, image_size, 1);
        var batch_size = 128;
        var kernel_size = 3;
        var latent_dim = 16;
        // Encoder/Decoder number of CNN layers and filters per layer
        int[] layer_filters = [32, 64];

        // Build the Autoencoder Model
        // First build the Encoder Model
        var inputs = Input(shape: input_shape, name: "encoder_input");
        var x = inputs;
        // Stack of Conv2D blocks
        // Notes:
        // 1) Use Batch Normalization before ReLU on deep networks
        // 2) Use MaxPooling2D as alternative to strides>1
        // - faster but not as good as strides>1
        foreach (var filters in layer_filters)
            x = new Conv2D(filters: filters,
                           kernel_size: kernel_size,
                           strides: 2,
                           activation: "relu",
                           padding: "same").Apply(x);

        // Shape info needed to build Decoder Model
        var shape = K.IntShape(x);

        // Generate the latent vector
        x = new Flatten().Apply(x);
        var latent = new Dense(latent_dim, name: "latent_vector").Apply(x);

        // Instantiate Encoder Model
        var encoder = new Model(inputs, latent, name: "encoder");
        encoder.Summary();

        // Build the Decoder Model
        var latent_inputs = Input(shape: latent_dim, name: "decoder_input");
        x = new Dense(shape[1]!.Value * shape[2]!.Value * shape[3]!.Value).Apply(latent_inputs);
        x = new Reshape((shape[1]!.Value, shape[2]!.Value, shape[3]!.Value)).Apply(x);

        // Stack of Transposed Conv2D blocks
        // Notes:
        // 1) Use Batch Normalization before ReLU on deep networks
        // 2) Use UpSampling2D as alternative to strides>1
        // - faster but not as good as strides>1
        foreach (var filters in layer_filters.AsEnumerable().Reverse())
            x = new Conv2DTranspose(filters: filters,
                                    kernel_size: kernel_size,
                                    strides: 2,
                                    activation: "relu",
                                    padding: "same").Apply(x);

        x = new Conv2DTranspose(filters: 1,
                                kernel_size: kernel_size,
                                padding: "same").Apply(x);

        var outputs = new Activation("sigmoid", name: "decoder_output").Apply(x);

        // Instantiate Decoder Model
        var decoder = new Model(latent_inputs, outputs, name: "decoder");
        decoder.Summary();

        // Autoencoder = Encoder + Decoder
        // Instantiate Autoencoder Model
        var autoencoder = new Model(inputs, decoder.Apply(encoder.Apply(inputs)), name: "autoencoder");
        autoencoder.Summary();

        autoencoder.Compile(loss: "mse", optimizer: "adam");

        // Train the autoencoder
        var history = autoencoder.Fit(x_train_noisy,
                                      x_train,
                                      validation_data: (x_test_noisy, x_test),
                                      epochs: options.Epochs ?? 30,
                                      batch_size: batch_size,
                                      verbose: options.Verbose);

        // Predict the Autoencoder output from corrupted test images
        var x_decoded = autoencoder.Predict(x_test_noisy);

        // Display the 1st 8 corrupted and denoised images
        var (rows, cols) = (10, 30);
        var num = rows * cols;
        var imgs = cat([x_test[..num], x_test_noisy[..num], x_decoded[..num]]);
        imgs = imgs.reshape(rows * 3, cols, image_size, image_size);
        imgs = vstack(imgs.tensor_split(rows, 1));
        imgs = imgs.reshape(rows * 3, -1, image_size, image_size);
        imgs = vstack(imgs.unbind(0).Select(i => hstack(i.unbind(0))).ToArray());
        imgs = (imgs * 255).astype("uint8");
        // plt.figure()
        // plt.axis('off')
        // plt.title('Original images: top rows, '
        //           'Corrupted Input: middle rows, '
        //           'Denoised Input:  third rows')
        // plt.imshow(imgs, interpolation='none', cmap='gray')
        PilImage.FromArray(imgs).Save("corrupted_and_denoised.png");
        // plt.show()
        return (encoder, decoder, autoencoder, history);
    }
}
