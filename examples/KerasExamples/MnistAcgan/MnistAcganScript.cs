// A line-for-line port of Keras 2.2.4's examples/mnist_acgan.py: train an Auxiliary Classifier Generative Adversarial
// Network (ACGAN) on the MNIST dataset. See https://arxiv.org/abs/1610.09585 for more details.
// You should start to see reasonable images after ~5 epochs, and good images by ~15 epochs. You should use a GPU, as
// the convolution-heavy operations are very slow on the CPU.
// Timings:
//     Hardware           | Backend | Time / Epoch
//     -------------------------------------------
//      CPU               | TF      | 3 hrs
//      Titan X (maxwell) | TF      | 4 min
//      Titan X (maxwell) | TH      | 7 min
// Consult https://github.com/lukedeo/keras-acgan for more information and example output.
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KerasSharp;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Utils;
using Newtonsoft.Json;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.MnistAcgan;

public static class MnistAcganScript
{
    public const int num_classes = 10;

    // numpy's np.random.uniform(low, high, size) and np.random.randint(low, high, size), from torch's generator.
    private static Tensor uniform(double low, double high, params long[] size) => empty(size).uniform_(low, high);

    private static Tensor randint(long low, long high, long size) => TorchSharp.torch.randint(low, high, [size]);

    public static Model build_generator(int latent_size)
    {
        // we will map a pair of (z, L), where z is a latent vector and L is a
        // label drawn from P_c, to image space (..., 28, 28, 1)
        var cnn = new Sequential();

        cnn.Add(new Dense(3 * 3 * 384, input_shape: latent_size, activation: "relu"));
        cnn.Add(new Reshape((3, 3, 384)));

        // upsample to (7, 7, ...)
        cnn.Add(new Conv2DTranspose(192, 5, strides: 1, padding: "valid",
                                    activation: "relu",
                                    kernel_initializer: "glorot_normal"));
        cnn.Add(new BatchNormalization());

        // upsample to (14, 14, ...)
        cnn.Add(new Conv2DTranspose(96, 5, strides: 2, padding: "same",
                                    activation: "relu",
                                    kernel_initializer: "glorot_normal"));
        cnn.Add(new BatchNormalization());

        // upsample to (28, 28, ...)
        cnn.Add(new Conv2DTranspose(1, 5, strides: 2, padding: "same",
                                    activation: "tanh",
                                    kernel_initializer: "glorot_normal"));

        // this is the z space commonly referred to in GAN papers
        var latent = Input(shape: latent_size);

        // this will be our label
        var image_class = Input(shape: 1, dtype: "int32");

        var cls = new Flatten().Apply(new Embedding(num_classes, latent_size,
                                                    embeddings_initializer: "glorot_normal").Apply(image_class));

        // hadamard product between z-space and a class conditional embedding
        var h = multiply([latent, cls]);

        var fake_image = cnn.Apply(h);

        return new Model([latent, image_class], fake_image);
    }

    public static Model build_discriminator()
    {
        // build a relatively standard conv net, with LeakyReLUs as suggested in
        // the reference paper
        var cnn = new Sequential();

        cnn.Add(new Conv2D(32, 3, padding: "same", strides: 2,
                           input_shape: (28, 28, 1)));
        cnn.Add(new LeakyReLU(0.2));
        cnn.Add(new Dropout(0.3));

        cnn.Add(new Conv2D(64, 3, padding: "same", strides: 1));
        cnn.Add(new LeakyReLU(0.2));
        cnn.Add(new Dropout(0.3));

        cnn.Add(new Conv2D(128, 3, padding: "same", strides: 2));
        cnn.Add(new LeakyReLU(0.2));
        cnn.Add(new Dropout(0.3));

        cnn.Add(new Conv2D(256, 3, padding: "same", strides: 1));
        cnn.Add(new LeakyReLU(0.2));
        cnn.Add(new Dropout(0.3));

        cnn.Add(new Flatten());

        var image = Input(shape: (28, 28, 1));

        var features = cnn.Apply(image);

        // first output (name=generation) is whether or not the discriminator
        // thinks the image that is being shown is fake, and the second output
        // (name=auxiliary) is the class that the discriminator thinks the image
        // belongs to.
        var fake = new Dense(1, activation: "sigmoid", name: "generation").Apply(features);
        var aux = new Dense(num_classes, activation: "softmax", name: "auxiliary").Apply(features);

        return new Model(image, [fake, aux]);
    }

    public static (Model generator, Model discriminator, Model combined, Dictionary<string, List<double[]>> train_history, Dictionary<string, List<double[]>> test_history) Run(ExampleOptions options)
    {
        K.SetSeed(1337);

        // batch and latent size taken from the paper
        var epochs = 100;
        epochs = options.Epochs ?? epochs;
        var batch_size = 100;
        var latent_size = 100;

        // Adam parameters suggested in https://arxiv.org/abs/1511.06434
        var adam_lr = 0.0002;
        var adam_beta_1 = 0.5;

        // build the discriminator
        Console.WriteLine("Discriminator model:");
        var discriminator = build_discriminator();
        discriminator.Compile(
            optimizer: new Adam(lr: adam_lr, beta_1: adam_beta_1),
            loss: ["binary_crossentropy", "sparse_categorical_crossentropy"]
        );
        discriminator.Summary();

        // build the generator
        var generator = build_generator(latent_size);

        var latent = Input(shape: latent_size);
        var image_class = Input(shape: 1, dtype: "int32");

        // get a fake image
        var fake = generator.Apply([latent, image_class]);

        // we only want to be able to train generation for the combined model
        discriminator.Trainable = false;
        (fake, var aux) = discriminator.Apply(fake);
        var combined = new Model([latent, image_class], [fake, aux]);

        Console.WriteLine("Combined model:");
        combined.Compile(
            optimizer: new Adam(lr: adam_lr, beta_1: adam_beta_1),
            loss: ["binary_crossentropy", "sparse_categorical_crossentropy"]
        );
        combined.Summary();

        // get our mnist data, and force it to be of shape (..., 28, 28, 1) with
        // range [-1, 1]
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();
        if (options.Samples is int n) (x_train, y_train, x_test, y_test) = (x_train[..n], y_train[..n], x_test[..n], y_test[..n]);
        x_train = (x_train.astype(float32) - 127.5) / 127.5;
        x_train = K.ExpandDims(x_train, axis: -1);

        x_test = (x_test.astype(float32) - 127.5) / 127.5;
        x_test = K.ExpandDims(x_test, axis: -1);

        var (num_train, num_test) = (x_train.shape[0], x_test.shape[0]);

        var train_history = new Dictionary<string, List<double[]>>();
        var test_history = new Dictionary<string, List<double[]>>();

        for (int epoch = 1; epoch < epochs + 1; epoch++)
        {
            Console.WriteLine($"Epoch {epoch}/{epochs}");

            var num_batches = (int)Math.Ceiling(x_train.shape[0] / (float)batch_size);
            var progress_bar = new Progbar(target: num_batches);

            var epoch_gen_loss = new List<double[]>();
            var epoch_disc_loss = new List<double[]>();

            for (int index = 0; index < num_batches; index++)
            {
                // get a batch of real images
                var image_batch = x_train[(index * batch_size)..Math.Min((index + 1) * batch_size, (int)num_train)];
                var label_batch = y_train[(index * batch_size)..Math.Min((index + 1) * batch_size, (int)num_train)];

                // generate a new batch of noise
                var noise = uniform(-1, 1, image_batch.shape[0], latent_size);

                // sample some labels from p_c
                var sampled_labels = randint(0, num_classes, image_batch.shape[0]);

                // generate a batch of fake images, using the generated labels as a
                // conditioner. We reshape the sampled labels to be
                // (len(image_batch), 1) so that we can feed them into the embedding
                // layer as a length one sequence
                var generated_images = generator.Predict(
                    [noise, sampled_labels.reshape(-1, 1)], verbose: 0);

                var x = cat([image_batch, generated_images]);

                // use one-sided soft real/fake labels
                // Salimans et al., 2016
                // https://arxiv.org/pdf/1606.03498.pdf (Section 3.4)
                var (soft_zero, soft_one) = (0, 0.95);
                var y = cat([full(image_batch.shape[0], soft_one), full(image_batch.shape[0], soft_zero)]);
                var aux_y = cat([label_batch, sampled_labels], 0);

                // we don't want the discriminator to also maximize the classification
                // accuracy of the auxilary classifier on generated images, so we
                // don't train discriminator to produce class labels for generated
                // images (see https://openreview.net/forum?id=rJXTf9Bxg).
                // To preserve sum of sample weights for the auxilary classifier,
                // we assign sample weight of 2 to the real images.
                Tensor[] disc_sample_weight = [ones(2 * image_batch.shape[0]),
                                               cat([ones(image_batch.shape[0]) * 2,
                                                    zeros(image_batch.shape[0])])];

                // see if the discriminator can figure itself out...
                epoch_disc_loss.Add(discriminator.TrainOnBatch(
                    x, [y, aux_y], sample_weight: disc_sample_weight));

                // make new noise. we generate 2 * batch size here such that we have
                // the generator optimize over an identical number of images as the
                // discriminator
                noise = uniform(-1, 1, 2 * image_batch.shape[0], latent_size);
                sampled_labels = randint(0, num_classes, 2 * image_batch.shape[0]);

                // we want to train the generator to trick the discriminator
                // For the generator, we want all the {fake, not-fake} labels to say
                // not-fake
                var trick = ones(2 * image_batch.shape[0]) * soft_one;

                epoch_gen_loss.Add(combined.TrainOnBatch(
                    [noise, sampled_labels.reshape(-1, 1)],
                    [trick, sampled_labels]));

                progress_bar.Update(index + 1);
            }

            Console.WriteLine($"Testing for epoch {epoch}:");

            // evaluate the testing loss here
            {
                // generate a new batch of noise
                var noise = uniform(-1, 1, num_test, latent_size);

                // sample some labels from p_c and generate images from them
                var sampled_labels = randint(0, num_classes, num_test);
                var generated_images = generator.Predict(
                    [noise, sampled_labels.reshape(-1, 1)], verbose: 0);

                var x = cat([x_test, generated_images]);
                var y = cat([full(num_test, 1), full(num_test, 0)]);
                var aux_y = cat([y_test, sampled_labels], 0);

                // see if the discriminator can figure itself out...
                var discriminator_test_loss = discriminator.Evaluate(
                    x, [y, aux_y], verbose: 0);

                var discriminator_train_loss = mean(epoch_disc_loss);

                // make new noise
                noise = uniform(-1, 1, 2 * num_test, latent_size);
                sampled_labels = randint(0, num_classes, 2 * num_test);

                var trick = ones(2 * num_test);

                var generator_test_loss = combined.Evaluate(
                    [noise, sampled_labels.reshape(-1, 1)],
                    [trick, sampled_labels], verbose: 0);

                var generator_train_loss = mean(epoch_gen_loss);

                // generate an epoch report on performance
                Append(train_history, "generator", generator_train_loss);
                Append(train_history, "discriminator", discriminator_train_loss);

                Append(test_history, "generator", generator_test_loss);
                Append(test_history, "discriminator", discriminator_test_loss);
            }

            var names = discriminator.MetricsNames;
            Console.WriteLine($"{"component",-22} | {names[0],-4} | {names[1],-15} | {names[2],-5}");
            Console.WriteLine(new string('-', 65));

            string ROW_FMT(string component, double[] row) => $"{component,-22} | {row[0],-4:F2} | {row[1],-15:F4} | {row[2],-5:F4}";
            Console.WriteLine(ROW_FMT("generator (train)",
                                      train_history["generator"][^1]));
            Console.WriteLine(ROW_FMT("generator (test)",
                                      test_history["generator"][^1]));
            Console.WriteLine(ROW_FMT("discriminator (train)",
                                      train_history["discriminator"][^1]));
            Console.WriteLine(ROW_FMT("discriminator (test)",
                                      test_history["discriminator"][^1]));

            // save weights every epoch
            generator.SaveWeights(
                $"params_generator_epoch_{epoch:000}.hdf5");
            discriminator.SaveWeights(
                $"params_discriminator_epoch_{epoch:000}.hdf5");

            // generate some digits to display
            var num_rows = 40;
            num_rows = Math.Min(num_rows, (int)num_train / (num_classes * epoch));
            {
                var noise = uniform(-1, 1, num_rows, latent_size).tile([num_classes, 1]);

                var sampled_labels = arange(num_classes).repeat_interleave(num_rows).reshape(-1, 1);

                // get a batch to display
                var generated_images = generator.Predict(
                    [noise, sampled_labels], verbose: 0);

                // prepare real images sorted by class label
                var real_labels = y_train[((epoch - 1) * num_rows * num_classes)..(epoch * num_rows * num_classes)];
                var indices = argsort(real_labels, dim: 0);
                var real_images = x_train[((epoch - 1) * num_rows * num_classes)..(epoch * num_rows * num_classes)][indices];

                // display generated images, white separator, real images
                var img = cat(
                    [generated_images,
                     ones_like(x_train[..1]).repeat_interleave(num_rows, dim: 0),
                     real_images]);

                // arrange them into a grid
                img = (cat(img.tensor_split(2 * num_classes + 1).Select(r => r.reshape(-1, 28)).ToArray(), dim: -1)
                       * 127.5 + 127.5).astype(ScalarType.Byte);

                PilImage.FromArray(img).Save(
                    $"plot_epoch_{epoch:000}_generated.png");
            }
        }

        File.WriteAllText("acgan-history.json", JsonConvert.SerializeObject(new { train = train_history, test = test_history }));
        return (generator, discriminator, combined, train_history, test_history);
    }

    // np.mean(np.array(losses), axis=0): the mean of each column.
    private static double[] mean(List<double[]> losses) =>
        Enumerable.Range(0, losses[0].Length).Select(i => losses.Average(l => l[i])).ToArray();

    // defaultdict(list)'s history[key].append(value).
    private static void Append(Dictionary<string, List<double[]>> history, string key, double[] value)
    {
        if (!history.TryGetValue(key, out var list)) history[key] = list = new List<double[]>();
        list.Add(value);
    }
}
