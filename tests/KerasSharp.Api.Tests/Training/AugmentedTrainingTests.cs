using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Datasets;
using KerasSharp.Optimizers;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using KerasSharp.Utils;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Training;

public sealed class AugmentedTrainingTests
{
    [CifarFact]
    public void Fit_generator_on_2000_augmented_cifar_images_lowers_the_loss()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(4);
        var (x, y) = CifarSubset.Load(2000);
        var datagen = new ImageDataGenerator(rotation_range: 15, width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true);
        datagen.Fit(x);
        var model = TutorialModel.Build();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), "categorical_crossentropy", ["accuracy"]);

        var history = model.FitGenerator(datagen.Flow(x, y, batch_size: 64), steps_per_epoch: 2000 / 64, epochs: 2, verbose: 0);

        history.Values["loss"][1].Should().BeLessThan(history.Values["loss"][0]);
        history.Values["accuracy"][1].Should().BeGreaterThan(0.15, "above the 10% of chance");
    }
}
