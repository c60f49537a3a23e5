// A line-for-line port of Keras 2.2.4's examples/cifar10_resnet.py: trains a ResNet on the CIFAR10 dataset.
//   ResNet v1: [a] Deep Residual Learning for Image Recognition, https://arxiv.org/pdf/1512.03385.pdf
//   ResNet v2: [b] Identity Mappings in Deep Residual Networks, https://arxiv.org/pdf/1603.05027.pdf
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using System.IO;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Regularizers;
using KerasSharp.Utils;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasExamples.Cifar10Resnet;

public static class Cifar10ResnetScript
{
    public static double[] Run(ExampleOptions options)
    {
        // Training parameters
        var batch_size = 32;  // orig paper trained all networks with batch_size=128
        var epochs = 200;
        epochs = options.Epochs ?? epochs;
        var data_augmentation = true;
        var num_classes = 10;

        // Subtracting pixel mean improves accuracy
        var subtract_pixel_mean = true;

        // Model parameter
        // ----------------------------------------------------------------------------
        //           |      | 200-epoch | Orig Paper| 200-epoch | Orig Paper| sec/epoch
        // Model     |  n   | ResNet v1 | ResNet v1 | ResNet v2 | ResNet v2 | GTX1080Ti
        //           |v1(v2)| %Accuracy | %Accuracy | %Accuracy | %Accuracy | v1 (v2)
        // ----------------------------------------------------------------------------
        // ResNet20  | 3 (2)| 92.16     | 91.25     | -----     | -----     | 35 (---)
        // ResNet32  | 5(NA)| 92.46     | 92.49     | NA        | NA        | 50 ( NA)
        // ResNet44  | 7(NA)| 92.50     | 92.83     | NA        | NA        | 70 ( NA)
        // ResNet56  | 9 (6)| 92.71     | 93.03     | 93.01     | NA        | 90 (100)
        // ResNet110 |18(12)| 92.65     | 93.39+-.16| 93.15     | 93.63     | 165(180)
        // ResNet164 |27(18)| -----     | 94.07     | -----     | 94.54     | ---(---)
        // ResNet1001| (111)| -----     | 92.39     | -----     | 95.08+-.14| ---(---)
        // ---------------------------------------------------------------------------
        var n = 3;

        // Model version
        // Orig paper: version = 1 (ResNet v1), Improved ResNet: version = 2 (ResNet v2)
        var version = 1;

        // Computed depth from supplied model parameter n
        var depth = 0;
        if (version == 1)
            depth = n * 6 + 2;
        else if (version == 2)
            depth = n * 9 + 2;

        // Model name, depth and version
        var model_type = $"ResNet{depth}v{version}";

        // Load the CIFAR10 data.
        var ((x_train, y_train), (x_test, y_test)) = Cifar10.LoadData();
        if (options.Samples is int samples) (x_train, y_train, x_test, y_test) = (x_train[..samples], y_train[..samples], x_test[..samples], y_test[..samples]);

        // Input image dimensions.
        var input_shape = x_train.shape[1..];

        // Normalize data.
        x_train = x_train.astype("float32") / 255;
        x_test = x_test.astype("float32") / 255;

        // If subtract pixel mean is enabled
        if (subtract_pixel_mean)
        {
            var x_train_mean = x_train.mean(new long[] { 0 });
            x_train -= x_train_mean;
            x_test -= x_train_mean;
        }

        Console.WriteLine($"x_train shape: {x_train.Shape}");
        Console.WriteLine($"{x_train.shape[0]} train samples");
        Console.WriteLine($"{x_test.shape[0]} test samples");
        Console.WriteLine($"y_train shape: {y_train.Shape}");

        // Convert class vectors to binary class matrices.
        y_train = NpUtils.ToCategorical(y_train, num_classes);
        y_test = NpUtils.ToCategorical(y_test, num_classes);

        // Learning Rate Schedule: reduced after 80, 120, 160, 180 epochs. Called automatically every epoch as part of
        // callbacks during training. epoch (int): the number of epochs. Returns the learning rate.
        static double lr_schedule(int epoch)
        {
            var lr = 1e-3;
            if (epoch > 180)
                lr *= 0.5e-3;
            else if (epoch > 160)
                lr *= 1e-3;
            else if (epoch > 120)
                lr *= 1e-2;
            else if (epoch > 80)
                lr *= 1e-1;
            Console.WriteLine($"Learning rate:  {lr}");
            return lr;
        }

        // 2D Convolution-Batch Normalization-Activation stack builder.
        // inputs: input tensor from input image or previous layer; num_filters: Conv2D number of filters;
        // kernel_size: Conv2D square kernel dimensions; strides: Conv2D square stride dimensions; activation:
        // activation name; batch_normalization: whether to include batch normalization; conv_first:
        // conv-bn-activation (true) or bn-activation-conv (false). Returns the tensor as input to the next layer.
        static KerasTensor resnet_layer(KerasTensor inputs,
                                        int num_filters = 16,
                                        int kernel_size = 3,
                                        int strides = 1,
                                        string? activation = "relu",
                                        bool batch_normalization = true,
                                        bool conv_first = true)
        {
            var conv = new Conv2D(num_filters,
                                  kernel_size: kernel_size,
                                  strides: strides,
                                  padding: "same",
                                  kernel_initializer: "he_normal",
                                  kernel_regularizer: Regularizer.L2(1e-4));

            var x = inputs;
            if (conv_first)
            {
                x = conv.Apply(x);
                if (batch_normalization)
                    x = new BatchNormalization().Apply(x);
                if (activation is not null)
                    x = new Activation(activation).Apply(x);
            }
            else
            {
                if (batch_normalization)
                    x = new BatchNormalization().Apply(x);
                if (activation is not null)
                    x = new Activation(activation).Apply(x);
                x = conv.Apply(x);
            }
            return x;
        }

        // ResNet Version 1 Model builder [a]: stacks of 2 x (3 x 3) Conv2D-BN-ReLU; last ReLU is after the shortcut
        // connection. At the beginning of each stage, the feature map size is halved (downsampled) by a
        // convolutional layer with strides=2, while the number of filters is doubled. Within each stage, the layers
        // have the same number filters and the same number of filters.
        // Features maps sizes: stage 0: 32x32, 16; stage 1: 16x16, 32; stage 2: 8x8, 64.
        // The Number of parameters is approx the same as Table 6 of [a]: ResNet20 0.27M, ResNet32 0.46M, ResNet44
        // 0.66M, ResNet56 0.85M, ResNet110 1.7M.
        static Model resnet_v1(Shape input_shape, int depth, int num_classes = 10)
        {
            if ((depth - 2) % 6 != 0)
                throw new ArgumentException("depth should be 6n+2 (eg 20, 32, 44 in [a])", nameof(depth));
            // Start model definition.
            var num_filters = 16;
            var num_res_blocks = (depth - 2) / 6;

            var inputs = Input(shape: input_shape);
            var x = resnet_layer(inputs: inputs);
            // Instantiate the stack of residual units
            for (int stack = 0; stack < 3; stack++)
            {
                for (int res_block = 0; res_block < num_res_blocks; res_block++)
                {
                    var strides = 1;
                    if (stack > 0 && res_block == 0)  // first layer but not first stack
                        strides = 2;  // downsample
                    var y = resnet_layer(inputs: x,
                                         num_filters: num_filters,
                                         strides: strides);
                    y = resnet_layer(inputs: y,
                                     num_filters: num_filters,
                                     activation: null);
                    if (stack > 0 && res_block == 0)  // first layer but not first stack
                    {
                        // linear projection residual shortcut connection to match
                        // changed dims
                        x = resnet_layer(inputs: x,
                                         num_filters: num_filters,
                                         kernel_size: 1,
                                         strides: strides,
                                         activation: null,
                                         batch_normalization: false);
                    }
                    x = add([x, y]);
                    x = new Activation("relu").Apply(x);
                }
                num_filters *= 2;
            }

            // Add classifier on top.
            // v1 does not use BN after last shortcut connection-ReLU
            x = new AveragePooling2D(pool_size: 8).Apply(x);
            var y2 = new Flatten().Apply(x);
            var outputs = new Dense(num_classes,
                                    activation: "softmax",
                                    kernel_initializer: "he_normal").Apply(y2);

            // Instantiate model.
            var model = new Model(inputs: inputs, outputs: outputs);
            return model;
        }

        // ResNet Version 2 Model builder [b]: stacks of (1 x 1)-(3 x 3)-(1 x 1) BN-ReLU-Conv2D or also known as
        // bottleneck layer. First shortcut connection per layer is 1 x 1 Conv2D; second and onwards shortcut
        // connection is identity. At the beginning of each stage, the feature map size is halved (downsampled) by a
        // convolutional layer with strides=2, while the number of filter maps is doubled. Within each stage, the
        // layers have the same number filters and the same filter map sizes.
        // Features maps sizes: conv1: 32x32, 16; stage 0: 32x32, 64; stage 1: 16x16, 128; stage 2: 8x8, 256.
        static Model resnet_v2(Shape input_shape, int depth, int num_classes = 10)
        {
            if ((depth - 2) % 9 != 0)
                throw new ArgumentException("depth should be 9n+2 (eg 56 or 110 in [b])", nameof(depth));
            // Start model definition.
            var num_filters_in = 16;
            var num_res_blocks = (depth - 2) / 9;

            var inputs = Input(shape: input_shape);
            // v2 performs Conv2D with BN-ReLU on input before splitting into 2 paths
            var x = resnet_layer(inputs: inputs,
                                 num_filters: num_filters_in,
                                 conv_first: true);

            // Instantiate the stack of residual units
            var num_filters_out = 0;
            for (int stage = 0; stage < 3; stage++)
            {
                for (int res_block = 0; res_block < num_res_blocks; res_block++)
                {
                    string? activation = "relu";
                    var batch_normalization = true;
                    var strides = 1;
                    if (stage == 0)
                    {
                        num_filters_out = num_filters_in * 4;
                        if (res_block == 0)  // first layer and first stage
                        {
                            activation = null;
                            batch_normalization = false;
                        }
                    }
                    else
                    {
                        num_filters_out = num_filters_in * 2;
                        if (res_block == 0)  // first layer but not first stage
                            strides = 2;    // downsample
                    }

                    // bottleneck residual unit
                    var y = resnet_layer(inputs: x,
                                         num_filters: num_filters_in,
                                         kernel_size: 1,
                                         strides: strides,
                                         activation: activation,
                                         batch_normalization: batch_normalization,
                                         conv_first: false);
                    y = resnet_layer(inputs: y,
                                     num_filters: num_filters_in,
                                     conv_first: false);
                    y = resnet_layer(inputs: y,
                                     num_filters: num_filters_out,
                                     kernel_size: 1,
                                     conv_first: false);
                    if (res_block == 0)
                    {
                        // linear projection residual shortcut connection to match
                        // changed dims
                        x = resnet_layer(inputs: x,
                                         num_filters: num_filters_out,
                                         kernel_size: 1,
                                         strides: strides,
                                         activation: null,
                                         batch_normalization: false);
                    }
                    x = add([x, y]);
                }

                num_filters_in = num_filters_out;
            }

            // Add classifier on top.
            // v2 has BN-ReLU before Pooling
            x = new BatchNormalization().Apply(x);
            x = new Activation("relu").Apply(x);
            x = new AveragePooling2D(pool_size: 8).Apply(x);
            var y2 = new Flatten().Apply(x);
            var outputs = new Dense(num_classes,
                                    activation: "softmax",
                                    kernel_initializer: "he_normal").Apply(y2);

            // Instantiate model.
            var model = new Model(inputs: inputs, outputs: outputs);
            return model;
        }

        Model model;
        if (version == 2)
            model = resnet_v2(input_shape: input_shape, depth: depth);
        else
            model = resnet_v1(input_shape: input_shape, depth: depth);

        model.Compile(loss: "categorical_crossentropy",
                      optimizer: new Adam(lr: lr_schedule(0)),
                      metrics: ["accuracy"]);
        model.Summary();
        Console.WriteLine(model_type);

        // Prepare model model saving directory.
        var save_dir = Path.Combine(Directory.GetCurrentDirectory(), "saved_models");
        var model_name = $"cifar10_{model_type}_model.{{epoch:03d}}.h5";
        if (!Directory.Exists(save_dir))
            Directory.CreateDirectory(save_dir);
        var filepath = Path.Combine(save_dir, model_name);

        // Prepare callbacks for model saving and for learning rate adjustment.
        var checkpoint = new ModelCheckpoint(filepath: filepath,
                                             monitor: "val_acc",
                                             verbose: 1,
                                             save_best_only: true);

        var lr_scheduler = new LearningRateScheduler(lr_schedule);

        var lr_reducer = new ReduceLROnPlateau(factor: Math.Sqrt(0.1),
                                               cooldown: 0,
                                               patience: 5,
                                               min_lr: 0.5e-6);

        Callback[] callbacks = [checkpoint, lr_reducer, lr_scheduler];

        // Run training, with or without data augmentation.
        if (!data_augmentation)
        {
            Console.WriteLine("Not using data augmentation.");
            model.Fit(x_train, y_train,
                      batch_size: batch_size,
                      epochs: epochs,
                      validation_data: (x_test, y_test),
                      shuffle: true,
                      callbacks: callbacks);
        }
        else
        {
            Console.WriteLine("Using real-time data augmentation.");
            // This will do preprocessing and realtime data augmentation:
            var datagen = new ImageDataGenerator(
                // set input mean to 0 over the dataset
                featurewise_center: false,
                // set each sample mean to 0
                samplewise_center: false,
                // divide inputs by std of dataset
                featurewise_std_normalization: false,
                // divide each input by its std
                samplewise_std_normalization: false,
                // apply ZCA whitening
                zca_whitening: false,
                // epsilon for ZCA whitening
                zca_epsilon: 1e-06,
                // randomly rotate images in the range (deg 0 to 180)
                rotation_range: 0,
                // randomly shift images horizontally
                width_shift_range: 0.1,
                // randomly shift images vertically
                height_shift_range: 0.1,
                // set range for random shear
                shear_range: 0.0,
                // set range for random zoom
                zoom_range: 0.0,
                // set range for random channel shifts
                channel_shift_range: 0.0,
                // set mode for filling points outside the input boundaries
                fill_mode: "nearest",
                // value used for fill_mode = "constant"
                cval: 0.0,
                // randomly flip images
                horizontal_flip: true,
                // randomly flip images
                vertical_flip: false,
                // set rescaling factor (applied before any other transformation)
                rescale: null,
                // set function that will be applied on each input
                preprocessing_function: null,
                // image data format, either "channels_first" or "channels_last"
                data_format: null,
                // fraction of images reserved for validation (strictly between 0 and 1)
                validation_split: 0.0);

            // Compute quantities required for featurewise normalization
            // (std, mean, and principal components if ZCA whitening is applied).
            datagen.Fit(x_train);

            // Fit the model on the batches generated by datagen.flow().
            model.FitGenerator(datagen.Flow(x_train, y_train, batch_size: batch_size),
                               validation_data: (x_test, y_test),
                               epochs: epochs, verbose: options.Verbose, workers: 4,
                               callbacks: callbacks);
        }

        // Score trained model.
        var scores = model.Evaluate(x_test, y_test, verbose: options.Verbose);
        Console.WriteLine($"Test loss: {scores[0]}");
        Console.WriteLine($"Test accuracy: {scores[1]}");
        return scores;
    }
}
