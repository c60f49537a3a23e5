using System.Collections.Immutable;
using KerasSharp.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KerasSharp.Generators.Analyzers;

/// <summary>
/// KSG0010: <c>print('x_train shape:', x_train.shape)</c> ported as <c>$"x_train shape: {x_train.shape}"</c> prints
/// <c>System.Int64[]</c>, because TorchSharp's <c>shape</c> is a <c>long[]</c>. Wherever that array is turned into
/// text (an interpolation hole, a string concatenation, <c>ToString()</c>, or an <c>object</c> argument of
/// Write/WriteLine/Format/Concat), the warning names the one-token fix: <c>.Shape</c>, which prints as Python does.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TensorShapeTextAnalyzer : DiagnosticAnalyzer
{
    private const string TensorType = "TorchSharp.torch+Tensor";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.TensorShapeAsText);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var tensor = start.Compilation.GetTypeByMetadataName(TensorType);
            if (tensor is null) return;
            start.RegisterOperationAction(c => Check(c, ((IInterpolationOperation)c.Operation).Expression, tensor), OperationKind.Interpolation);
            start.RegisterOperationAction(c =>
            {
                var add = (IBinaryOperation)c.Operation;
                if (add.OperatorKind != BinaryOperatorKind.Add || add.Type?.SpecialType != SpecialType.System_String) return;
                Check(c, add.LeftOperand, tensor);
                Check(c, add.RightOperand, tensor);
            }, OperationKind.Binary);
            start.RegisterOperationAction(c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (call.TargetMethod.Name == "ToString" && call.Arguments.Length == 0 && call.Instance is { } instance)
                    Check(c, instance, tensor);
                else if (call.TargetMethod.Name is "Write" or "WriteLine" or "Format" or "Concat")
                    foreach (var argument in call.Arguments)
                        if (argument.Value is IConversionOperation { Type.SpecialType: SpecialType.System_Object } boxed)
                            Check(c, boxed.Operand, tensor);
                        else if (argument.Value is IArrayCreationOperation { Initializer: { } items } && argument.Parameter?.IsParams == true)
                            foreach (var item in items.ElementValues)
                                if (item is IConversionOperation { Type.SpecialType: SpecialType.System_Object } element)
                                    Check(c, element.Operand, tensor);
            }, OperationKind.Invocation);
        });
    }

    private static void Check(OperationAnalysisContext context, IOperation operation, INamedTypeSymbol tensor)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        if (operation is IPropertyReferenceOperation { Property.Name: "shape", Instance: { } instance } property
            && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, tensor))
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TensorShapeAsText, property.Syntax.GetLocation(), instance.Syntax.ToString()));
    }
}
