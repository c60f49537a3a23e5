namespace KerasSharp.Optimizers;

/// <summary>Keras 2.3.1's optimizer defaults (keras/optimizers.py), declared once. An epsilon left null is <c>K.epsilon()</c> when the optimizer is made.</summary>
public static class OptimizerDefaults
{
    public const double SgdLearningRate = 0.01;
    public const double RmspropLearningRate = 0.001;
    public const double RmspropRho = 0.9;
    public const double AdagradLearningRate = 0.01;
    public const double AdadeltaLearningRate = 1.0;
    public const double AdadeltaRho = 0.95;
    public const double AdamLearningRate = 0.001;
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double AdamaxLearningRate = 0.002;
    public const double NadamLearningRate = 0.002;
    public const double NadamScheduleDecay = 0.004;
}
