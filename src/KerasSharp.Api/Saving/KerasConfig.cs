using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Regularizers;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// <c>get_config</c> and <c>from_config</c> for every declared object, read from its one declaration: the public
/// constructor's parameter names are the config keys, each bound to the property of the same name (PascalCase, or
/// the one marked <see cref="KerasNameAttribute"/>). No per-class code and no switch on class names.
/// </summary>
public static class KerasConfig
{
    // Base-layer keywords: written by the Layer base in Keras's order, never as ordinary config entries.
    private static readonly HashSet<string> BaseKeys = new() { "name", "trainable", "input_shape", "batch_input_shape", "dtype" };

    /// <summary>The class name a layer is saved under: its [KerasLayer] name.</summary>
    public static string ClassName(Layer layer) =>
        layer.GetType().GetCustomAttribute<KerasLayerAttribute>()?.ClassName ?? layer.GetType().Name;

    /// <summary>A layer's Keras 2 config: name, trainable, batch_input_shape and dtype when set, then its own arguments.</summary>
    public static JObject LayerConfig(Layer layer, Shape? batchInputShape)
    {
        var config = new JObject { ["name"] = layer.Name, ["trainable"] = layer.Trainable };
        if (batchInputShape is not null)
        {
            config["batch_input_shape"] = ToToken(batchInputShape);
            config["dtype"] = layer.Dtype;
        }
        foreach (var (name, value) in Arguments(layer).Where(a => !BaseKeys.Contains(a.Name)))
            config[name] = ToToken(value);
        return config;
    }

    /// <summary>The Keras 2 serialisation of a family object: <c>{"class_name": ..., "config": {...}}</c>.</summary>
    public static JObject Serialize(object value)
    {
        // Keras 2.2.4 has GlorotUniform, HeNormal... only as functions returning a VarianceScaling, and writes that.
        var type = value is VarianceScaling ? typeof(VarianceScaling) : value.GetType();
        var className = type.GetCustomAttribute<KerasObjectAttribute>()?.Name ?? type.Name;
        var config = new JObject();
        foreach (var (name, argument) in Arguments(value, type))
            // Keras 2 optimizers write clipnorm/clipvalue only when set (None would break their `> 0` checks).
            if (argument is not null || value is not Optimizers.Optimizer) config[name] = ToToken(argument);
        return new JObject { ["class_name"] = className, ["config"] = config };
    }

    /// <summary>Each constructor argument with the value its property holds now.</summary>
    private static IEnumerable<(string Name, object? Value)> Arguments(object value, Type? declaring = null)
    {
        var type = declaring ?? value.GetType();
        var ctor = DeclaredConstructor(type);
        // A parameter without a property is a legacy alias (an optimizer's `lr`) and is not written.
        foreach (var parameter in ctor.GetParameters())
            if (Property(type, parameter.Name!) is { } property)
                yield return (parameter.Name!, property.GetValue(value));
    }

    /// <summary>The constructor a config binds to: the one marked [KerasConstructor], else the longest.</summary>
    internal static ConstructorInfo DeclaredConstructor(Type type) =>
        type.GetConstructors().FirstOrDefault(c => c.GetCustomAttribute<KerasConstructorAttribute>() is not null)
        ?? type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    internal static PropertyInfo? Property(Type type, string keyword) =>
        type.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<KerasNameAttribute>()?.Name == keyword)
        ?? type.GetProperty(KerasNaming.ToPascalCase(keyword));

    /// <summary>Keras's JSON forms: tuples as lists, None as null, family objects as class_name/config.</summary>
    public static JToken ToToken(object? value) => value switch
    {
        null => JValue.CreateNull(),
        string s => new JValue(s),
        bool b => new JValue(b),
        int i => new JValue(i),
        long l => new JValue(l),
        double d => new JValue(d),
        int[] ints => new JArray(ints),
        long[] { Length: 1 } axis => new JValue(axis[0]),
        long[] longs => new JArray(longs),
        Shape shape => new JArray(shape.Dims.Select(d => d is int v ? new JValue(v) : JValue.CreateNull())),
        IntTuple2 t => new JArray(t.First, t.Second),
        IntTuple3 t => new JArray(t.First, t.Second, t.Third),
        Padding2D p => new JArray(new JArray(p.Top, p.Bottom), new JArray(p.Left, p.Right)),
        ActivationFunction f => new JValue(f.Name),
        LambdaFunction f => new JValue(f.Name),
        Backend.Axes a => a.Values.Length == 1 ? new JValue(a.Values[0]) : new JArray(a.Values),
        float f => new JValue(f),
        IReadOnlyDictionary<string, object?> d => new JObject(d.Select(kv => new JProperty(kv.Key, ToToken(kv.Value)))),
        object?[] items => new JArray(items.Select(ToToken)),
        Initializer or Regularizer or Constraint or Optimizers.Optimizer => Serialize(value),
        // A wrapper's layer, as Keras 2's Wrapper.get_config writes it.
        Layer layer => new JObject
        {
            ["class_name"] = FunctionalConfig.ClassName(layer),
            ["config"] = layer is Models.Model model ? model.GetConfig() : LayerConfig(layer, layer.BatchInputShape),
        },
        _ => throw new NotSupportedException($"No Keras config form for a value of type {value.GetType().Name}."),
    };

    /// <summary>
    /// Builds an object from a config: each constructor parameter takes the entry of the same name, converted to its
    /// type; absent ones keep their (Keras) default; a required one that is missing is an error naming the key.
    /// Entries no parameter takes are reported to <paramref name="unknownKey"/>.
    /// </summary>
    public static object Create(Type type, JObject config, string what, Action<string>? unknownKey = null) =>
        Create(DeclaredConstructor(type), config, what, unknownKey);

    /// <summary>
    /// <see cref="Create(Type, JObject, string, Action{string})"/> for a declaration: a constructor, or a static
    /// factory function whose parameters are the config keys (Keras's <c>regularizers.l2(l=0.01)</c>).
    /// </summary>
    internal static object Create(MethodBase declaration, JObject config, string what, Action<string>? unknownKey = null)
    {
        var parameters = declaration.GetParameters();
        var arguments = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (config.TryGetValue(p.Name!, out var token))
            {
                try
                {
                    arguments[i] = FromToken(token, p.ParameterType, $"{what}: `{p.Name}`");
                }
                catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException or OverflowException)
                {
                    throw new KerasException($"{what}: invalid value for `{p.Name}`: {token.ToString(Newtonsoft.Json.Formatting.None)} ({e.Message})", e);
                }
            }
            else if (p.HasDefaultValue)
            {
                arguments[i] = p.DefaultValue;
            }
            else
            {
                throw new KerasException($"{what}: the required config key `{p.Name}` is missing.");
            }
        }
        foreach (var key in config.Properties().Select(p => p.Name).Where(k => parameters.All(p => p.Name != k)))
            unknownKey?.Invoke(key);
        try
        {
            return declaration is ConstructorInfo ctor ? ctor.Invoke(arguments) : declaration.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new KerasException($"{what}: {e.InnerException.Message}", e.InnerException);
        }
    }

    /// <summary>
    /// An initializer, regularizer, constraint or optimizer from its Keras JSON (a name or a class_name/config
    /// object), read exactly as a layer config reads it. Generated model classes call it for objects they cannot
    /// write as a constructor call (Keras 3's L1/L2, function names such as "GlorotUniform" in Keras 2).
    /// </summary>
    public static T Deserialize<T>(string json) where T : class =>
        (T)FromToken(JToken.Parse(json), typeof(T), typeof(T).Name)!;

    private static object? FromToken(JToken token, Type type, string what)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (token.Type == JTokenType.Null) return null;
        if (target == typeof(string)) return (string)token!;
        if (target == typeof(bool)) return (bool)token;
        // Keras writes a 1D layer's int arguments as one-element lists: kernel_size [3], strides [1], pool_size [2].
        if (token is JArray { Count: 1 } single && (target == typeof(int) || target == typeof(double))) token = single[0]!;
        if (target == typeof(int)) return checked((int)(double)token);
        if (target == typeof(double)) return (double)token;
        if (target == typeof(IntTuple2)) return token is JArray a ? (IntTuple2)a.Select(v => (int)v).ToArray() : (IntTuple2)(int)token;
        if (target == typeof(IntTuple3)) return token is JArray a3 ? (IntTuple3)a3.Select(v => (int)v).ToArray() : (IntTuple3)(int)token;
        if (target == typeof(Shape)) return token is JArray s ? new Shape(s.Select(v => v.Type == JTokenType.Null ? null : (int?)(int)v).ToArray()) : (Shape)(int)token;
        if (target == typeof(long[])) return token is JArray l ? l.Select(v => (long)v).ToArray() : new[] { (long)token };
        if (target == typeof(Padding2D))
        {
            if (token is not JArray pad) return (Padding2D)(int)token;
            if (pad[0] is JArray rows) return (Padding2D)(((int)rows[0], (int)rows[1]), ((int)pad[1][0]!, (int)pad[1][1]!));
            return (Padding2D)((int)pad[0], (int)pad[1]);
        }
        if (target == typeof(ActivationFunction))
            return Activation(token is JObject f ? (string)f["config"]?["name"]! ?? (string)f["class_name"]! : (string)token!);
        if (target == typeof(Initializer)) return Family<Initializer>(token, what, Initializer.Get);
        if (target == typeof(Regularizer)) return Family<Regularizer>(token, what, Regularizer.Get);
        if (target == typeof(Constraint)) return Family<Constraint>(token, what, Constraint.Get);
        if (target == typeof(Optimizers.Optimizer)) return Family<Optimizers.Optimizer>(token, what, Optimizers.Optimizer.Get);
        if (target == typeof(LambdaFunction)) return CustomFunction(token, what);
        if (typeof(Layer).IsAssignableFrom(target))
        {
            if (token is not JObject entry) throw new KerasException($"{what}: a layer must be a {{\"class_name\": ..., \"config\": ...}} object; received {token.ToString(Newtonsoft.Json.Formatting.None)}.");
            var (className, config, normalized) = KerasConfigNormalizer.LayerEntry(entry);
            var layer = SavingApi.CreateLayer(className, config, normalized, (string?)config["name"] ?? className);
            return target.IsInstanceOfType(layer) ? layer : throw new KerasException($"{what}: expected a {target.Name}, the config makes a {className}.");
        }
        // A value of any JSON form (Constant's number or nested lists): plain .NET values.
        if (target == typeof(object)) return Plain(token);
        if (target == typeof(IReadOnlyDictionary<string, object?>))
            return ((JObject)token).Properties().ToDictionary(p => p.Name, p => Plain(p.Value));
        throw new NotSupportedException($"{what}: no converter from JSON to {target.Name}.");
    }

    /// <summary>A JSON value as a plain .NET value: null, bool, long, double, string, or an array of those.</summary>
    internal static object? Plain(JToken token) => token switch
    {
        JArray a => a.Select(Plain).ToArray(),
        JValue v => v.Value,
        _ => token.ToString(Newtonsoft.Json.Formatting.None),
    };

    /// <summary>
    /// What <c>custom_objects</c> map the model being read: names of functions (and of layers whose function is code)
    /// to the C# objects that stand for them, as Keras's <c>custom_objects</c>; and the layer being read.
    /// </summary>
    internal sealed class ReadScope
    {
        public ReadScope(IReadOnlyDictionary<string, object>? customObjects) => CustomObjects = customObjects ?? new Dictionary<string, object>();
        public IReadOnlyDictionary<string, object> CustomObjects { get; }
        public string? Layer { get; set; }
    }

    internal static readonly System.Threading.AsyncLocal<ReadScope?> Reading = new();

    /// <summary>
    /// A Lambda's function: never code from the file. The C# function comes from <c>custom_objects</c>, under the
    /// function's saved name or the layer's name.
    /// </summary>
    private static LambdaFunction CustomFunction(JToken token, string what)
    {
        var scope = Reading.Value;
        var name = token.Type == JTokenType.String ? (string?)token : null;
        var layer = scope?.Layer;
        object? found = null;
        if (scope is not null && (name is not null && scope.CustomObjects.TryGetValue(name, out found) || layer is not null && scope.CustomObjects.TryGetValue(layer, out found)))
        {
            var saved = name ?? layer;
            return found switch
            {
                LambdaFunction f => f,
                Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> f => new LambdaFunction(f, saved),
                Func<TorchSharp.torch.Tensor[], TorchSharp.torch.Tensor> f => new LambdaFunction(f, saved),
                Func<TorchSharp.torch.Tensor, IReadOnlyDictionary<string, object?>, TorchSharp.torch.Tensor> f => new LambdaFunction(f, saved),
                _ => throw new KerasException($"{what}: custom_objects[\"{saved}\"] is a {found.GetType().Name}; a Lambda needs a Func<Tensor, Tensor>, Func<Tensor[], Tensor> or LambdaFunction."),
            };
        }
        var key = name ?? layer ?? "<layer name>";
        throw new KerasException($"{what}: the layer's function is {(name is null ? "Python code" : $"the Python function '{name}'")}; KerasSharp never runs code from a file. Pass the C# function in custom_objects: new Dictionary<string, object> {{ [\"{key}\"] = (Func<Tensor, Tensor>)(x => ...) }}.");
    }

    /// <summary>
    /// An activation by name: a function <c>custom_objects</c> gives under that name (as Keras's loaders look there
    /// first, e.g. MobileNet's <c>relu6</c>), else the declared one.
    /// </summary>
    private static ActivationFunction Activation(string name)
    {
        if (Reading.Value?.CustomObjects.TryGetValue(name, out var custom) != true) return ActivationFunction.Get(name);
        return custom switch
        {
            ActivationFunction f => f,
            Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> f => ActivationFunction.Custom(name, f),
            _ => throw new KerasException($"custom_objects[\"{name}\"] is a {custom!.GetType().Name}; an activation needs a Func<Tensor, Tensor> or an ActivationFunction."),
        };
    }

    private static T Family<T>(JToken token, string what, Func<string, T> byName) where T : class
    {
        if (token.Type == JTokenType.String) return byName((string)token!);
        var obj = (JObject)token;
        var className = (string?)obj["class_name"] ?? throw new KerasException($"{what}: a {typeof(T).Name} entry has no class_name.");
        var declaration = ObjectRegistry.Find(typeof(T), className)
            ?? throw new KerasException($"{what}: unknown {typeof(T).Name.ToLowerInvariant()} class '{className}'. Known: {ObjectRegistry.KnownNames(typeof(T))}.");
        return (T)Create(declaration, (JObject?)obj["config"] ?? new JObject(), $"{what} ({className})");
    }

    /// <summary>Python's <c>json.dumps</c> text, as Keras writes configs (", " and ": " separators, floats as Python's repr, non-ASCII escaped).</summary>
    public static string ToPythonJson(JToken token) => Utils.PythonJson.Dumps(token);
}
