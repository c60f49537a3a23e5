using System;

namespace KerasSharp;

/// <summary>
/// Marks the constructor that a declared type's config binds to, where the type has several of the same length (a
/// <c>Lambda</c> takes its function as a delegate of several kinds, and as the <c>LambdaFunction</c> its config names).
/// </summary>
[AttributeUsage(AttributeTargets.Constructor, Inherited = false)]
public sealed class KerasConstructorAttribute : Attribute
{
}
