using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Saving;

/// <summary>
/// Keras class names → types, built once from the declarations: every <see cref="KerasLayerAttribute"/> type (and its
/// aliases), and the public initializer, regularizer and constraint classes by name. Custom layers register by
/// carrying the attribute (Keras's <c>register_keras_serializable</c>) in an assembly passed to <see cref="Register"/>.
/// </summary>
public static class ObjectRegistry
{
    private static readonly Dictionary<string, Type> Layers = new();
    private static readonly Dictionary<(Type Family, string Name), Type> Objects = new();

    static ObjectRegistry()
    {
        Register(typeof(Layer).Assembly);
        foreach (var family in new[] { typeof(Initializer), typeof(Regularizer), typeof(Constraint), typeof(Optimizers.Optimizer) })
            foreach (var type in family.Assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract && family.IsAssignableFrom(t)))
                Objects[(family, type.Name)] = type;
        // Keras 3 splits L1L2 into L1 and L2; their config keys (l1, l2) bind to L1L2 all the same.
        Objects[(typeof(Regularizer), "L1")] = typeof(L1L2);
        Objects[(typeof(Regularizer), "L2")] = typeof(L1L2);
    }

    /// <summary>Adds the [KerasLayer] types of an assembly (custom layers).</summary>
    public static void Register(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KerasLayerAttribute>() is not { } declaration) continue;
            foreach (var name in declaration.Aliases.Prepend(declaration.ClassName))
                lock (Layers) Layers[name] = type;
        }
    }

    public static Type? Layer(string className)
    {
        lock (Layers) return Layers.TryGetValue(className, out var t) ? t : null;
    }

    public static IReadOnlyCollection<string> LayerClassNames
    {
        get { lock (Layers) return Layers.Keys.ToList(); }
    }

    public static Type? Object(Type family, string className) =>
        Objects.TryGetValue((family, className), out var t) ? t : null;
}
