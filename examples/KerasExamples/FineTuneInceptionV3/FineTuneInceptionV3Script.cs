// A line-for-line port of "Fine-tune InceptionV3 on a new set of classes", the transfer-learning example of Keras 2's
// keras.applications documentation (keras.io, Keras 2.2.4): an ImageNet model without its top, a new head trained
// with the base frozen, then the top two inception blocks fine-tuned with SGD. The documentation elides the data
// (`model.fit_generator(...)`); here it is a folder of images read with flow_from_directory, one class per subfolder
// of data/train, as Keras's image-classification tutorials lay it out.
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using System.Linq;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Preprocessing.Image;
using static KerasSharp.Applications.inception_v3;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.FineTuneInceptionV3;

public static class FineTuneInceptionV3Script
{
    public static (Model model, History top, History fineTuned) Run(ExampleOptions options)
    {
        // the images: one subfolder per class, resized to InceptionV3's 299x299 and scaled as it was trained
        var train_data_dir = "data/train";
        var img_size = 299;
        var batch_size = 32;
        var epochs = 10;
        (img_size, epochs) = (options.ImageSize ?? img_size, options.Epochs ?? epochs);
        var train_datagen = new ImageDataGenerator(preprocessing_function: x => PreprocessInput(x), horizontal_flip: true);
        var train_generator = train_datagen.FlowFromDirectory(train_data_dir, target_size: (img_size, img_size),
                                                              batch_size: batch_size, class_mode: "categorical");
        var num_classes = train_generator.ClassIndices.Count;

        // create the base pre-trained model
        var base_model = InceptionV3(weights: options.Weights is "none" ? null : options.Weights ?? "imagenet", include_top: false);

        // add a global spatial average pooling layer
        var x = base_model.Output;
        x = new GlobalAveragePooling2D().Apply(x);
        // let's add a fully-connected layer
        x = new Dense(1024, activation: "relu").Apply(x);
        // and a logistic layer -- let's say we have num_classes classes
        var predictions = new Dense(num_classes, activation: "softmax").Apply(x);

        // this is the model we will train
        var model = new Model(inputs: base_model.Input, outputs: predictions);

        // first: train only the top layers (which were randomly initialized)
        // i.e. freeze all convolutional InceptionV3 layers
        foreach (var layer in base_model.Layers)
            layer.Trainable = false;

        // compile the model (should be done *after* setting layers to non-trainable)
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy");

        // train the model on the new data for a few epochs
        var top = model.FitGenerator(train_generator, epochs: epochs, verbose: options.Verbose);

        // at this point, the top layers are well trained and we can start fine-tuning
        // convolutional layers from inception V3. We will freeze the bottom N layers
        // and train the remaining top layers.

        // let's visualize layer names and layer indices to see how many layers
        // we should freeze:
        foreach (var (layer, i) in base_model.Layers.Select((layer, i) => (layer, i)))
            Console.WriteLine($"{i} {layer.Name}");

        // we chose to train the top 2 inception blocks, i.e. we will freeze
        // the first 249 layers and unfreeze the rest:
        foreach (var layer in model.Layers.Take(249))
            layer.Trainable = false;
        foreach (var layer in model.Layers.Skip(249))
            layer.Trainable = true;

        // we need to recompile the model for these modifications to take effect
        // we use SGD with a low learning rate
        model.Compile(optimizer: new SGD(lr: 0.0001, momentum: 0.9), loss: "categorical_crossentropy");

        // we train our model again (this time fine-tuning the top 2 inception blocks
        // alongside the top Dense layers
        var fineTuned = model.FitGenerator(train_generator, epochs: epochs, verbose: options.Verbose);
        return (model, top, fineTuned);
    }
}
