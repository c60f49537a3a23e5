using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Saving.Custom;
using Newtonsoft.Json.Linq;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

/// <summary>
/// Every name a family declares (class name and Keras's aliases) resolves to its class, by string as by object; the
/// "Known" lists of errors are the registry's; a user's declarations register the same way.
/// </summary>
public sealed class ObjectRegistryTests
{
    private static readonly Assembly KerasSharpAssembly = typeof(Layer).Assembly;

    /// <summary>(name, class) for every name the classes of <paramref name="family"/> declare in KerasSharp.</summary>
    private static IEnumerable<object[]> Declared(Type family) => KerasSharpAssembly.GetTypes()
        .Where(t => family.IsAssignableFrom(t) && t.GetCustomAttribute<KerasObjectAttribute>() is not null)
        .SelectMany(t => t.GetCustomAttribute<KerasObjectAttribute>()!.Aliases.Prepend(t.GetCustomAttribute<KerasObjectAttribute>()!.Name)
            .Select(name => new object[] { name, t.FullName! }));

    public static IEnumerable<object[]> OptimizerNames => Declared(typeof(Optimizer));
    public static IEnumerable<object[]> LossNames => Declared(typeof(Loss));
    public static IEnumerable<object[]> MetricNames => Declared(typeof(Metric));
    public static IEnumerable<object[]> InitializerNames => Declared(typeof(Initializer));
    public static IEnumerable<object[]> ConstraintNames => Declared(typeof(Constraint));

    public static IEnumerable<object[]> ActivationNames => KerasSharpAssembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => m.ReturnType == typeof(Tensor) && m.GetCustomAttribute<KerasObjectAttribute>() is not null)
        .Select(m => new object[] { m.GetCustomAttribute<KerasObjectAttribute>()!.Name });

    private static Type TypeOf(string fullName) => KerasSharpAssembly.GetType(fullName, throwOnError: true)!;

    /// <summary><c>new T()</c>: the declared constructor with every argument at its default.</summary>
    private static T New<T>(string fullName)
    {
        var ctor = KerasConfig.DeclaredConstructor(TypeOf(fullName));
        return (T)ctor.Invoke(ctor.GetParameters().Select(p => p.DefaultValue).ToArray());
    }

    private static Sequential Model()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(3);
        var model = new Sequential();
        model.Add(new Dense(3, activation: "softmax", input_shape: 4));
        return model;
    }

    /// <summary>A batch any loss or metric reads: one-hot targets, or class indices for the sparse ones.</summary>
    private static (Tensor X, Tensor Y) Batch(Type lossOrMetric)
    {
        var x = tensor(new float[] { 0.1f, -0.2f, 0.3f, 0.5f, 1, 0, -1, 2, 0.3f, 0.3f, -0.4f, 0.1f }, 3, 4);
        var labels = new float[] { 0, 2, 1 };
        return lossOrMetric.Name.StartsWith("Sparse", StringComparison.Ordinal)
            ? (x, tensor(labels, 3, 1))
            : (x, nn.functional.one_hot(tensor(labels.Select(l => (long)l).ToArray()), 3).to_type(ScalarType.Float32));
    }

    private static bool SameConfig(object a, object b) => JToken.DeepEquals(KerasConfig.Serialize(a), KerasConfig.Serialize(b));

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Optimizer_names_resolve_and_compile_as_the_object(string name, string type)
    {
        Optimizer.Get(name).Should().BeOfType(TypeOf(type));
        Optimizer.Get(name.ToUpperInvariant()).Should().BeOfType(TypeOf(type), "keras.optimizers lowercases a name");
        var byName = Model();
        byName.Compile(optimizer: name, loss: "mse");
        var byObject = Model();
        byObject.Compile(New<Optimizer>(type), "mse");
        byName.Optimizer.Should().BeOfType(TypeOf(type));
        SameConfig(byName.Optimizer!, byObject.Optimizer!).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Loss_names_resolve_and_train_as_the_object(string name, string type)
    {
        Loss.Get(name).Should().BeOfType(TypeOf(type));
        var (x, y) = Batch(TypeOf(type));
        var byName = Model();
        byName.Compile("sgd", loss: name);
        var byObject = Model();
        byObject.Compile("sgd", loss: New<Loss>(type));
        byName.Loss.Should().BeOfType(TypeOf(type));
        byName.TestOnBatch(x, y).Should().Equal(byObject.TestOnBatch(x, y));
    }

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void Metric_names_resolve_and_evaluate_as_the_object(string name, string type)
    {
        var metric = Metric.Get(name);
        metric.Should().BeOfType(TypeOf(type));
        metric.Name.Should().Be(name, "a metric is logged under the name it was asked by");
        var (x, y) = Batch(TypeOf(type));
        var loss = TypeOf(type).Name.StartsWith("Sparse", StringComparison.Ordinal) ? "sparse_categorical_crossentropy" : "categorical_crossentropy";
        var byName = Model();
        byName.Compile("sgd", loss, metrics: [name]);
        var byObject = Model();
        byObject.Compile("sgd", loss, metrics: [New<Metric>(type)]);
        byName.TestOnBatch(x, y).Should().Equal(byObject.TestOnBatch(x, y));
    }

    [Theory]
    [InlineData("acc", typeof(CategoricalAccuracy))]
    [InlineData("accuracy", typeof(CategoricalAccuracy))]
    [InlineData("mse", typeof(LossMetric))]
    [InlineData("KLD", typeof(LossMetric))]
    public void Accuracy_stays_resolved_from_the_loss_and_losses_are_metrics(string name, Type type) =>
        Metric.Get(name, new CategoricalCrossentropy()).Should().BeOfType(type);

    [Theory]
    [MemberData(nameof(InitializerNames))]
    public void Initializer_names_resolve_and_build_as_the_object(string name, string type)
    {
        Initializer.Get(name).Should().BeOfType(TypeOf(type));
        var layer = new Dense(2, kernel_initializer: name);
        layer.KernelInitializer.Should().BeOfType(TypeOf(type));
        SameConfig(layer.KernelInitializer, New<Initializer>(type)).Should().BeTrue();
        KerasConfig.Deserialize<Initializer>($"{{\"class_name\": \"{name}\", \"config\": {{}}}}").Should().BeOfType(TypeOf(type));
    }

    [Theory]
    [MemberData(nameof(ConstraintNames))]
    public void Constraint_names_resolve_and_build_as_the_object(string name, string type)
    {
        Constraint.Get(name).Should().BeOfType(TypeOf(type));
        var layer = new Dense(2, kernel_constraint: name);
        SameConfig(layer.KernelConstraint!, New<Constraint>(type)).Should().BeTrue();
        KerasConfig.Deserialize<Constraint>($"{{\"class_name\": \"{name}\", \"config\": {{}}}}").Should().BeOfType(TypeOf(type));
    }

    [Theory]
    [InlineData("l1", 0.01, 0.0)]
    [InlineData("l2", 0.0, 0.01)]
    [InlineData("l1_l2", 0.01, 0.01)]
    [InlineData("L1", 0.01, 0.0)]
    [InlineData("L2", 0.0, 0.01)]
    [InlineData("L1L2", 0.0, 0.0)]
    public void Regularizer_names_resolve_to_their_function_at_its_defaults(string name, double l1, double l2)
    {
        var regularizer = (L1L2)Regularizer.Get(name);
        regularizer.L1.Should().Be((float)l1);
        regularizer.L2.Should().Be((float)l2);
        SameConfig(new Dense(2, kernel_regularizer: name).KernelRegularizer!, new L1L2(l1, l2)).Should().BeTrue();
    }

    [Fact]
    public void Regularizer_cases_cover_the_declarations_and_functions_take_their_config()
    {
        ObjectRegistry.Names(typeof(Regularizer)).Where(n => ObjectRegistry.Find(typeof(Regularizer), n)!.DeclaringType!.Assembly == KerasSharpAssembly)
            .Should().BeEquivalentTo("l1", "l2", "l1_l2", "L1", "L2", "L1L2");
        ((L1L2)KerasConfig.Deserialize<Regularizer>("""{"class_name": "l2", "config": {"l": 0.5}}""")).L2.Should().Be(0.5);
        ((L1L2)KerasConfig.Deserialize<Regularizer>("""{"class_name": "L2", "config": {"l2": 0.25}}""")).L2.Should().Be(0.25);
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Activation_names_resolve_to_one_function(string name)
    {
        var activation = ActivationFunction.Get(name);
        activation.Name.Should().Be(name);
        new Dense(2, activation: name).Activation.Should().BeSameAs(activation);
        ActivationFunction.Names.Should().Contain(name);
    }

    [Fact]
    public void Unknown_names_list_the_registry_s_names()
    {
        void Check(Action get, Type family, string what, string parameter) =>
            get.Should().Throw<ArgumentException>()
                .WithMessage($"Unknown {what}: 'nope'. Known: {string.Join(", ", ObjectRegistry.Names(family))}. (Parameter '{parameter}')")
                .And.ParamName.Should().Be(parameter);
        Check(() => Optimizer.Get("nope"), typeof(Optimizer), "optimizer", "optimizer");
        Check(() => Loss.Get("nope"), typeof(Loss), "loss function", "loss");
        Check(() => Initializer.Get("nope"), typeof(Initializer), "initializer", "initializer");
        Check(() => Regularizer.Get("nope"), typeof(Regularizer), "regularizer", "regularizer");
        Check(() => Constraint.Get("nope"), typeof(Constraint), "constraint", "constraint");
        Check(() => ActivationFunction.Get("nope"), typeof(ActivationFunction), "activation function", "activation");
        FluentActions.Invoking(() => Metric.Get("nope")).Should().Throw<ArgumentException>()
            .WithMessage($"Unknown metric function: 'nope'. Known: accuracy, acc, {string.Join(", ", ObjectRegistry.Names(typeof(Metric)))}, and the losses {string.Join(", ", ObjectRegistry.Names(typeof(Loss)))}. (Parameter 'metrics')");
        FluentActions.Invoking(() => KerasConfig.Deserialize<Initializer>("""{"class_name": "Lecun", "config": {}}""")).Should().Throw<KerasException>()
            .WithMessage($"*unknown initializer class 'Lecun'. Known: {string.Join(", ", ObjectRegistry.Names(typeof(Initializer)))}.");
        FluentActions.Invoking(() => ObjectRegistry.Names(typeof(Layer))).Should().Throw<ArgumentException>().WithMessage("Layer is not a Keras object family*");
    }

    [Fact]
    public void A_user_s_declarations_register_through_their_assembly_and_survive_a_file()
    {
        ObjectRegistry.Register(typeof(ObjectRegistryTests).Assembly);
        Loss.Get("scaled_squared_error").Should().BeOfType<ScaledSquaredError>();
        Loss.Get("ScaledSquaredError").Should().BeOfType<ScaledSquaredError>();
        FluentActions.Invoking(() => Loss.Get("nope")).Should().Throw<ArgumentException>().WithMessage("*scaled_squared_error*");
        ActivationFunction.Get("cube").Name.Should().Be("cube");

        var model = new Sequential();
        model.Add(new Dense(2, activation: "cube", input_shape: 3));
        model.Compile("sgd", loss: "scaled_squared_error", metrics: ["scaled_squared_error"]);
        var dir = Directory.CreateTempSubdirectory("kerassharp-registry");
        try
        {
            var path = Path.Combine(dir.FullName, "custom.h5");
            model.Save(path);
            var loaded = SavingApi.LoadModel(path);
            loaded.Loss.Should().BeOfType<ScaledSquaredError>();
            ((Dense)loaded.Layers[0]).Activation.Name.Should().Be("cube");
            var x = rand(4, 3);
            var y = rand(4, 2);
            loaded.TestOnBatch(x, y).Should().Equal(model.TestOnBatch(x, y));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
