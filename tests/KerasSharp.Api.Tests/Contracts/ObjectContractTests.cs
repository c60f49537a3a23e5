using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Contracts;

/// <summary>Rules every [KerasObject] declaration keeps, as <see cref="LayerContractTests"/> for layers.</summary>
public sealed class ObjectContractTests
{
    private static readonly Type[] Families =
        { typeof(Optimizer), typeof(Loss), typeof(Metric), typeof(Initializer), typeof(Regularizer), typeof(Constraint) };

    private static readonly Type[] Types = typeof(Layer).Assembly.GetTypes();

    private static readonly Type[] Classes = Types.Where(t => t.GetCustomAttribute<KerasObjectAttribute>() is not null).ToArray();

    private static readonly MethodInfo[] Functions = Types
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<KerasObjectAttribute>() is not null).ToArray();

    public static IEnumerable<object[]> DeclaredClasses => Classes.Select(t => new object[] { t.Name });

    private static KerasObjectAttribute Declared(MemberInfo member) => member.GetCustomAttribute<KerasObjectAttribute>()!;

    private static IEnumerable<string> AllNames(MemberInfo member) => Declared(member).Aliases.Prepend(Declared(member).Name);

    private static Type FamilyOf(MemberInfo member) => member switch
    {
        Type t => Families.Single(f => f.IsAssignableFrom(t)),
        MethodInfo { ReturnType: var r } when r == typeof(Tensor) => typeof(ActivationFunction),
        MethodInfo m => Families.Single(f => f.IsAssignableFrom(m.ReturnType)),
        _ => throw new ArgumentException(member.Name),
    };

    [Fact]
    public void Every_public_family_class_is_declared_except_the_wrappers_of_functions()
    {
        var undeclared = Types.Where(t => t.IsPublic && !t.IsAbstract && Families.Any(f => f.IsAssignableFrom(t)) && !Classes.Contains(t)).Select(t => t.Name);
        undeclared.Should().BeEquivalentTo(new[] { "LossFunction", "MetricFunction", "LossMetric" }, "they wrap a C# function, which no name or file can name");
        Classes.Should().HaveCountGreaterThanOrEqualTo(37);
    }

    [Fact]
    public void Class_names_match_the_class_and_names_are_unique_per_family()
    {
        Classes.Should().OnlyContain(t => Declared(t).Name == t.Name);
        foreach (var family in Classes.Cast<MemberInfo>().Concat(Functions).GroupBy(FamilyOf))
            family.SelectMany(AllNames).Should().OnlyHaveUniqueItems($"one {family.Key.Name} per name");
    }

    [Fact]
    public void The_registry_holds_every_declared_name_and_no_other_of_KerasSharp()
    {
        foreach (var family in Classes.Cast<MemberInfo>().Concat(Functions).GroupBy(FamilyOf))
        {
            // Tests may have registered their own declarations too.
            ObjectRegistry.Names(family.Key).Where(n => ObjectRegistry.Find(family.Key, n)!.DeclaringType!.Assembly == typeof(Layer).Assembly)
                .Should().BeEquivalentTo(family.SelectMany(AllNames), family.Key.Name);
            foreach (var member in family)
                foreach (var name in AllNames(member))
                    ObjectRegistry.Find(family.Key, name).Should().BeSameAs(member is Type t ? KerasConfig.DeclaredConstructor(t) : member, $"{family.Key.Name} '{name}'");
        }
    }

    [Theory]
    [MemberData(nameof(DeclaredClasses))]
    public void A_declared_class_is_made_from_its_name_alone_with_snake_case_config_keys(string name)
    {
        var ctor = KerasConfig.DeclaredConstructor(Classes.Single(t => t.Name == name));
        ctor.GetParameters().Where(p => !p.HasDefaultValue).Should().BeEmpty("keras.*.get(name) makes it at its defaults");
        ctor.GetParameters().Select(p => p.Name!).Where(n => n != n.ToLowerInvariant()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(DeclaredClasses))]
    public void Every_config_key_has_its_property_but_the_legacy_lr(string name)
    {
        var type = Classes.Single(t => t.Name == name);
        foreach (var parameter in KerasConfig.DeclaredConstructor(type).GetParameters().Where(p => p.Name != "lr"))
            KerasConfig.Property(type, parameter.Name!).Should().NotBeNull($"{name}({parameter.Name}) is written back by get_config");
    }

    [Fact]
    public void Losses_and_metrics_are_named_by_one_of_their_declared_names()
    {
        foreach (var loss in Classes.Where(t => typeof(Loss).IsAssignableFrom(t)))
            AllNames(loss).Should().Contain(((Loss)KerasConfig.Create(loss, new Newtonsoft.Json.Linq.JObject(), loss.Name)).Name, "a saved training_config names the loss by its function");
        foreach (var metric in Classes.Where(t => typeof(Metric).IsAssignableFrom(t)))
        {
            var parameter = KerasConfig.DeclaredConstructor(metric).GetParameters().SingleOrDefault(p => p.Name == "name");
            parameter.Should().NotBeNull($"{metric.Name} is logged under the name it was asked by");
            AllNames(metric).Should().Contain((string)parameter!.DefaultValue!);
        }
    }

    [Fact]
    public void Functions_are_activations_or_factories_made_from_their_name_alone()
    {
        Functions.Should().OnlyContain(m => m.IsStatic);
        foreach (var function in Functions)
            if (FamilyOf(function) == typeof(ActivationFunction))
                function.GetParameters().Select(p => p.ParameterType).Should().Equal(typeof(Tensor));
            else
                function.GetParameters().Where(p => !p.HasDefaultValue).Should().BeEmpty(function.Name);
        Functions.Where(f => FamilyOf(f) == typeof(ActivationFunction)).SelectMany(AllNames).Should()
            .OnlyContain(n => n == n.ToLowerInvariant(), "Keras names activations by their function").And.HaveCountGreaterThanOrEqualTo(11);
    }
}
