using static TorchSharp.torch;

namespace KerasSharp.Activations;

/// <summary>
/// Keras 2's activation functions (keras@2.3.1:keras/activations.py and backend/tensorflow_backend.py), each declared
/// under its Keras name; <see cref="ActivationFunction.Get"/> finds them through the registry.
/// </summary>
internal static class Keras2Activations
{
    [KerasObject("linear")]
    public static Tensor Linear(Tensor x) => x.alias();

    [KerasObject("elu")]
    public static Tensor Elu(Tensor x) => nn.functional.elu(x, 1.0);

    [KerasObject("relu")]
    public static Tensor Relu(Tensor x) => nn.functional.relu(x);

    [KerasObject("softmax")]
    public static Tensor Softmax(Tensor x) => ActivationFunction.Softmax(x, -1);

    [KerasObject("sigmoid")]
    public static Tensor Sigmoid(Tensor x) => x.sigmoid();

    [KerasObject("tanh")]
    public static Tensor Tanh(Tensor x) => x.tanh();

    [KerasObject("selu")]
    public static Tensor Selu(Tensor x) => nn.functional.selu(x);

    [KerasObject("softplus")]
    public static Tensor Softplus(Tensor x) => nn.functional.softplus(x);

    [KerasObject("softsign")]
    public static Tensor Softsign(Tensor x) => x / (x.abs() + 1);

    /// <summary>Keras 2's piecewise-linear sigmoid; Keras 3 changed it to relu6(x + 3) / 6.</summary>
    [KerasObject("hard_sigmoid")]
    public static Tensor HardSigmoid(Tensor x) => (x * 0.2 + 0.5).clamp(0.0, 1.0);

    /// <summary>
    /// min(max(x, 0), 6): the function keras_applications' MobileNet (Keras 2.1–2.2.2) defines and saves by name,
    /// loaded there with <c>custom_objects={'relu6': relu6}</c>.
    /// </summary>
    [KerasObject("relu6")]
    public static Tensor Relu6(Tensor x) => nn.functional.relu6(x);

    [KerasObject("exponential")]
    public static Tensor Exponential(Tensor x) => x.exp();
}
