using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// Keras names → declarations, built once from the attributes: every <see cref="KerasLayerAttribute"/> type, and one
/// table per family of every <see cref="KerasObjectAttribute"/> class or function, under its name and aliases (Keras
/// keeps one table per module: <c>keras.losses.get</c> never returns an optimizer). Custom layers and objects register
/// by carrying the attribute (Keras's <c>register_keras_serializable</c>) in an assembly passed to <see cref="Register"/>.
/// </summary>
public static class ObjectRegistry
{
    private static readonly Type[] Families =
    {
        typeof(Optimizer), typeof(Loss), typeof(Metric), typeof(Initializer), typeof(Regularizer), typeof(Constraint), typeof(ActivationFunction),
    };

    private static readonly object Gate = new();
    private static readonly Dictionary<string, Type> Layers = new();

    // Each name's declaration: the class's declared constructor, or the function.
    private static readonly Dictionary<Type, Dictionary<string, MethodBase>> Objects = Families.ToDictionary(f => f, _ => new Dictionary<string, MethodBase>());

    static ObjectRegistry() => Register(typeof(Layer).Assembly);

    /// <summary>Adds the [KerasLayer] types and the [KerasObject] classes and static methods of an assembly; a name declared again is replaced.</summary>
    public static void Register(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KerasLayerAttribute>() is { } layer)
                lock (Gate)
                    foreach (var name in layer.Aliases.Prepend(layer.ClassName)) Layers[name] = type;
            if (type.GetCustomAttribute<KerasObjectAttribute>() is { } declared)
                Add(declared, FamilyOf(type, declared), KerasConfig.DeclaredConstructor(type));
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                if (method.GetCustomAttribute<KerasObjectAttribute>() is { } function)
                    Add(function, FamilyOf(method, function), method);
        }
    }

    public static Type? Layer(string className)
    {
        lock (Gate) return Layers.TryGetValue(className, out var t) ? t : null;
    }

    public static IReadOnlyCollection<string> LayerClassNames
    {
        get { lock (Gate) return Layers.Keys.ToList(); }
    }

    /// <summary>Every name <paramref name="family"/> (e.g. <c>typeof(Loss)</c>) declares, class names and aliases, sorted.</summary>
    public static IReadOnlyList<string> Names(Type family)
    {
        ArgumentNullException.ThrowIfNull(family);
        lock (Gate)
            return Objects.TryGetValue(family, out var table)
                ? table.Keys.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal).ToList()
                : throw new ArgumentException($"{family.Name} is not a Keras object family; the families are {string.Join(", ", Families.Select(f => f.Name))}.", nameof(family));
    }

    /// <summary>The declaration of <paramref name="name"/> in <paramref name="family"/> (a constructor or a function), or null.</summary>
    internal static MethodBase? Find(Type family, string name)
    {
        lock (Gate)
        {
            var table = Objects[family];
            if (table.TryGetValue(name, out var declaration)) return declaration;
            // keras.optimizers.deserialize lowercases a name whose lowercase form it has ('Adam', 'ADAM' → 'adam').
            return family == typeof(Optimizer) && table.TryGetValue(name.ToLowerInvariant(), out declaration) ? declaration : null;
        }
    }

    /// <summary>
    /// The object <paramref name="name"/> declares in the family <typeparamref name="T"/>, built from
    /// <paramref name="config"/> (keys it lacks at their defaults); null when no declaration has that name.
    /// </summary>
    internal static T? Create<T>(string name, JObject? config = null) where T : class =>
        Find(typeof(T), name) is { } declaration ? (T)KerasConfig.Create(declaration, config ?? new JObject(), $"{typeof(T).Name} '{name}'") : null;

    /// <summary>The names of <paramref name="family"/> as an error lists them.</summary>
    internal static string KnownNames(Type family) => string.Join(", ", Names(family));

    /// <summary>The error of a family's <c>get</c> for a name nothing declares: the name, then every known one.</summary>
    internal static ArgumentException Unknown(Type family, string what, string name, string parameter) =>
        new($"Unknown {what}: '{name}'. Known: {KnownNames(family)}.", parameter);

    private static string ClassFamilies => string.Join(", ", Families.Where(f => f != typeof(ActivationFunction)).Select(f => f.Name));

    private static void Add(KerasObjectAttribute declared, Type family, MethodBase declaration)
    {
        lock (Gate)
            foreach (var name in declared.Aliases.Prepend(declared.Name)) Objects[family][name] = declaration;
    }

    private static Type FamilyOf(Type type, KerasObjectAttribute declared) =>
        !type.IsAbstract && type.GetConstructors().Length > 0 && Families.FirstOrDefault(f => f.IsAssignableFrom(type)) is { } family
            ? family
            : throw new KerasException($"[KerasObject(\"{declared.Name}\")] on {type.FullName}: a declared class is a public, non-abstract subclass of one of {ClassFamilies}.");

    /// <summary>An activation takes and returns a tensor; any other function is a factory of the family it returns.</summary>
    private static Type FamilyOf(MethodInfo method, KerasObjectAttribute declared)
    {
        var parameters = method.GetParameters();
        if (method.ReturnType == typeof(Tensor) && parameters.Length == 1 && parameters[0].ParameterType == typeof(Tensor)) return typeof(ActivationFunction);
        return Families.FirstOrDefault(f => f.IsAssignableFrom(method.ReturnType))
            ?? throw new KerasException($"[KerasObject(\"{declared.Name}\")] on {method.DeclaringType?.FullName}.{method.Name}: a declared function is an activation (Tensor f(Tensor)) or returns one of {ClassFamilies}.");
    }
}
