// A line-for-line port of Keras 2.2.4's examples/variational_autoencoder.py: example of VAE on MNIST dataset using MLP.
// The VAE has a modular design. The encoder, decoder and VAE are 3 models that share weights. After training the VAE
// model, the encoder can be used to generate latent vectors. The decoder can be used to generate MNIST digits by
// sampling the latent vector from a Gaussian distribution with mean=0 and std=1.
//   [1] Kingma, Diederik P., and Max Welling. "Auto-encoding variational bayes." https://arxiv.org/abs/1312.6114
// Lines that differ from the Python are listed in docs/porting.md.
using System.IO;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Preprocessing.Image;
using static KerasSharp.Layers.LayerFunctions;
using static KerasSharp.Losses.LossFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.VariationalAutoencoder;

public static class VariationalAutoencoderScript
{
    // reparameterization trick
    // instead of sampling from Q(z|X), sample eps = N(0,I)
    // z = z_mean + sqrt(var)*eps
    /// <summary>Reparameterization trick by sampling fr an isotropic unit Gaussian.</summary>
    /// <param name="args">(tensor): mean and log of variance of Q(z|X)</param>
    /// <returns>z (tensor): sampled latent vector</returns>
    public static Tensor sampling(Tensor[] args)
    {
        var (z_mean, z_log_var) = args;
        var batch = (int)K.Shape(z_mean)[0].item<long>();
        var dim = K.IntShape(z_mean)[1]!.Value;
        // by default, random_normal has mean=0 and std=1.0
        var epsilon = K.RandomNormal(shape: (batch, dim));
        return z_mean + K.Exp(0.5 * z_log_var) * epsilon;
    }

    /// <summary>Plots labels and MNIST digits as function of 2-dim latent vector.</summary>
    /// <param name="models">(tuple): encoder and decoder models</param>
    /// <param name="data">(tuple): test data and label</param>
    /// <param name="batch_size">(int): prediction batch size</param>
    /// <param name="model_name">(string): which model is using this function</param>
    public static void plot_results((Model encoder, Model decoder) models,
                                    (Tensor x_test, Tensor y_test) data,
                                    int batch_size = 128,
                                    string model_name = "vae_mnist")
    {
        var (encoder, decoder) = models;
        var (x_test, y_test) = data;
        Directory.CreateDirectory(model_name);

        var filename = Path.Combine(model_name, "vae_mean.png");
        // display a 2D plot of the digit classes in the latent space
        var (z_mean, _, _) = encoder.PredictOutputs(x_test,
                                                    batch_size: batch_size);
        // plt.figure(figsize=(12, 10)); plt.scatter(z_mean[:, 0], z_mean[:, 1], c=y_test); plt.colorbar();
        // plt.xlabel("z[0]"); plt.ylabel("z[1]"); plt.savefig(filename); plt.show(): not ported, KerasSharp draws no
        // scatter plots (docs/porting.md)

        filename = Path.Combine(model_name, "digits_over_latent.png");
        // display a 30x30 2D manifold of digits
        var n = 30;
        var digit_size = 28;
        var figure = zeros(digit_size * n, digit_size * n);
        // linearly spaced coordinates corresponding to the 2D plot
        // of digit classes in the latent space
        var grid_x = linspace(-4, 4, n);
        var grid_y = linspace(-4, 4, n).flip(0);

        for (int i = 0; i < n; i++)
        {
            var yi = grid_y[i].item<float>();
            for (int j = 0; j < n; j++)
            {
                var xi = grid_x[j].item<float>();
                var z_sample = tensor(new[] { xi, yi }, 1, 2);
                var x_decoded = decoder.Predict(z_sample);
                var digit = x_decoded[0].reshape(digit_size, digit_size);
                figure[(i * digit_size)..((i + 1) * digit_size),
                       (j * digit_size)..((j + 1) * digit_size)] = digit;
            }
        }

        // plt.figure(figsize=(10, 10)), the z[0]/z[1] ticks and labels (start_range, end_range, pixel_range,
        // sample_range_x, sample_range_y) and plt.show(): not ported (docs/porting.md)
        // plt.imshow(figure, cmap='Greys_r'); plt.savefig(filename): the picture itself, in greys, black for 0
        ImageFiles.SaveImg(filename, figure.unsqueeze(-1));
    }

    public static (Model encoder, Model decoder, Model vae, History? history) Run(ExampleOptions options)
    {
        // MNIST dataset
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();
        if (options.Samples is int samples) (x_train, y_train, x_test, y_test) = (x_train[..samples], y_train[..samples], x_test[..samples], y_test[..samples]);

        var image_size = (int)x_train.shape[1];
        var original_dim = image_size * image_size;
        x_train = x_train.reshape(-1, original_dim);
        x_test = x_test.reshape(-1, original_dim);
        x_train = x_train.astype("float32") / 255;
        x_test = x_test.astype("float32") / 255;

        // network parameters
        Shape input_shape = original_dim;
        var intermediate_dim = 512;
        var batch_size = 128;
        var latent_dim = 2;
        var epochs = 50;
        epochs = options.Epochs ?? epochs;

        // VAE model = encoder + decoder
        // build encoder model
        var inputs = Input(shape: input_shape, name: "encoder_input");
        var x = new Dense(intermediate_dim, activation: "relu").Apply(inputs);
        var z_mean = new Dense(latent_dim, name: "z_mean").Apply(x);
        var z_log_var = new Dense(latent_dim, name: "z_log_var").Apply(x);

        // use reparameterization trick to push the sampling out as input
        // note that "output_shape" isn't necessary with the TensorFlow backend
        var z = new Lambda(sampling, output_shape: latent_dim, name: "z").Apply([z_mean, z_log_var]);

        // instantiate encoder model
        var encoder = new Model(inputs, [z_mean, z_log_var, z], name: "encoder");
        encoder.Summary();
        // plot_model(encoder, to_file='vae_mlp_encoder.png', show_shapes=True): not ported (docs/porting.md)

        // build decoder model
        var latent_inputs = Input(shape: latent_dim, name: "z_sampling");
        x = new Dense(intermediate_dim, activation: "relu").Apply(latent_inputs);
        var outputs = new Dense(original_dim, activation: "sigmoid").Apply(x);

        // instantiate decoder model
        var decoder = new Model(latent_inputs, outputs, name: "decoder");
        decoder.Summary();
        // plot_model(decoder, to_file='vae_mlp_decoder.png', show_shapes=True): not ported (docs/porting.md)

        // instantiate VAE model
        outputs = decoder.Apply(encoder.Apply(inputs)[2]);
        var vae = new Model(inputs, outputs, name: "vae_mlp");

        // if __name__ == '__main__': (Run is the script's main part)
        // argparse's -w/--weights ("Load h5 model trained weights") and -m/--mse ("Use mse loss instead of binary
        // cross entropy (default)") are ExampleOptions.Weights and ExampleOptions.Mse
        var args = options;
        var models = (encoder, decoder);
        var data = (x_test, y_test);

        // VAE loss = mse_loss or xent_loss + kl_loss
        KerasTensor reconstruction_loss;
        if (args.Mse)
            reconstruction_loss = mse(inputs, outputs);
        else
            reconstruction_loss = binary_crossentropy(inputs,
                                                      outputs);

        reconstruction_loss *= original_dim;
        var kl_loss = 1 + z_log_var - K.Square(z_mean) - K.Exp(z_log_var);
        kl_loss = K.Sum(kl_loss, axis: -1);
        kl_loss *= -0.5;
        var vae_loss = K.Mean(reconstruction_loss + kl_loss);
        vae.AddLoss(vae_loss);
        vae.Compile(optimizer: "adam");
        vae.Summary();
        // plot_model(vae, to_file='vae_mlp.png', show_shapes=True): not ported (docs/porting.md)

        History? history = null;
        if (!string.IsNullOrEmpty(args.Weights))
        {
            vae.LoadWeights(args.Weights);
        }
        else
        {
            // train the autoencoder
            history = vae.Fit(x_train,
                              epochs: epochs,
                              batch_size: batch_size,
                              verbose: options.Verbose,
                              validation_data: (x_test, null));
            vae.SaveWeights("vae_mlp_mnist.h5");
        }

        plot_results(models,
                     data,
                     batch_size: batch_size,
                     model_name: "vae_mlp");
        return (encoder, decoder, vae, history);
    }
}
