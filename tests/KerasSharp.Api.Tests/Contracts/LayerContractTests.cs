using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using Xunit;

namespace KerasSharp.Tests.Contracts;

/// <summary>Rules every [KerasLayer] declaration keeps (see docs/naming.md): one theory over all of them.</summary>
public sealed class LayerContractTests
{
    // Keras keyword → property, where C# forbids the mechanical name (a member cannot share its class's name).
    private static readonly Dictionary<(string Layer, string Parameter), string> Exceptions = new()
    {
        [("Activation", "activation")] = "ActivationFunction",
    };

    private static readonly Type[] LayerTypes = typeof(Layer).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<KerasLayerAttribute>() is not null).ToArray();

    public static IEnumerable<object[]> Layers => LayerTypes.Select(t => new object[] { t.Name });

    [Fact]
    public void Registry_names_are_unique_and_match_the_class()
    {
        LayerTypes.Should().HaveCountGreaterThanOrEqualTo(17);
        var names = LayerTypes.SelectMany(t => t.GetCustomAttribute<KerasLayerAttribute>()!.Aliases.Append(t.GetCustomAttribute<KerasLayerAttribute>()!.ClassName)).ToList();
        names.Should().OnlyHaveUniqueItems();
        LayerTypes.Should().OnlyContain(t => t.GetCustomAttribute<KerasLayerAttribute>()!.ClassName == t.Name);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Every_constructor_parameter_has_its_property(string layer)
    {
        var type = LayerTypes.Single(t => t.Name == layer);
        var ctor = type.GetConstructors().Should().ContainSingle("one public constructor is the declaration").Subject;
        foreach (var parameter in ctor.GetParameters())
        {
            var property = Exceptions.TryGetValue((layer, parameter.Name!), out var p) ? p : KerasNaming.ToPascalCase(parameter.Name!);
            type.GetProperty(property).Should().NotBeNull($"{layer}({parameter.Name}) needs the property {property}");
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Parameter_names_are_Keras_snake_case(string layer)
    {
        var ctor = LayerTypes.Single(t => t.Name == layer).GetConstructors().Single();
        ctor.GetParameters().Select(p => p.Name!).Should().OnlyContain(n => n == n.ToLowerInvariant());
    }
}
