namespace EENet.Repro.Inference;

/// <summary>
/// The exit rule: a sample leaves at the first early exit whose confidence h exceeds the threshold T, else at the last
/// exit. Every evaluator (batched, per-sample, the trace) compares in float32, so all take identical decisions.
/// </summary>
public static class EarlyExitRule
{
    /// <summary>
    /// T = 0.5, the kit's one source for it. Provenance: the paper's inference rule and the official code
    /// (eenet.py: self.exit_threshold = 0.5; custom_eenet.py: conf_0.item() &gt; 0.5).
    /// </summary>
    public const double PaperThreshold = 0.5;

    /// <summary>Whether a sample with confidence <paramref name="confidence"/> leaves at an early exit.</summary>
    public static bool Leaves(float confidence, double threshold) => confidence > (float)threshold;
}
