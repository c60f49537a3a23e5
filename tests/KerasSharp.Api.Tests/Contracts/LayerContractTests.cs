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
        if (type.GetConstructors().Length > 1)
            type.GetConstructors().Should().ContainSingle(c => c.GetCustomAttribute<KerasConstructorAttribute>() != null, "of several public constructors, one is marked as the declaration");
        var ctor = KerasSharp.Saving.KerasConfig.DeclaredConstructor(type);
        foreach (var parameter in ctor.GetParameters())
        {
            // The PascalCase property, or the one marked [KerasName] where C# forbids that name (docs/naming.md).
            KerasSharp.Saving.KerasConfig.Property(type, parameter.Name!).Should().NotBeNull($"{layer}({parameter.Name}) needs the property {KerasNaming.ToPascalCase(parameter.Name!)}");
        }
    }

    [Fact]
    public void Only_the_names_docs_naming_md_lists_need_a_KerasName_exception()
    {
        LayerTypes.SelectMany(t => t.GetProperties().Where(p => p.GetCustomAttribute<KerasNameAttribute>() is not null).Select(p => $"{t.Name}.{p.Name}"))
            .OrderBy(n => n).Should().Equal("Activation.ActivationFunction", "Lambda.OutputShapeArgument");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Parameter_names_are_Keras_snake_case(string layer)
    {
        var ctor = KerasSharp.Saving.KerasConfig.DeclaredConstructor(LayerTypes.Single(t => t.Name == layer));
        ctor.GetParameters().Select(p => p.Name!).Should().OnlyContain(n => n == n.ToLowerInvariant());
    }
}
