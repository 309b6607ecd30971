using EENet.Repro.Models;
using EENet.Repro.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Training;

/// <summary>Loss versions of the paper: v0 (first stage of two-stage training), v1, v2 (default).</summary>
public enum LossVersion { V0, V1, V2 }

public static class LossVersions
{
    public static readonly Choices<LossVersion> Choices = new(
        (LossVersion.V0, "v0", []),
        (LossVersion.V1, "v1", []),
        (LossVersion.V2, "v2", []));

    public static string Name(this LossVersion v) => Choices.Name(v);
}

/// <summary>A loss value and its two parts: the prediction (multi-class) part and the cost part (before λ).</summary>
public sealed record LossParts(Tensor Total, Tensor Prediction, Tensor Cost);

/// <summary>
/// The EENet losses. Built backwards over exits i = N..0 with P̂_N = p_N, Ĉ_N = 1,
/// P̂_i = h_i·p_i + (1−h_i)·P̂_{i+1}, Ĉ_i = h_i·c_i + (1−h_i)·Ĉ_{i+1};
/// L_MC(P) = mean −log P[y], L_Cost(C) = mean C.
/// v0 = Σ_i L_MC(p_i); v1 = L_MC(P̂_0) + λ·L_Cost(Ĉ_0); v2 = Σ_{i=0..N} [L_MC(P̂_i) + λ·L_Cost(Ĉ_i)].
/// </summary>
public static class EarlyExitLoss
{
    /// <summary>
    /// Probabilities are clamped here before the log: a mixture that underflows to exactly 0 would give −log 0 = ∞.
    /// Far below any value a trained or freshly initialised network produces, so the loss is the paper's otherwise.
    /// </summary>
    public const double ProbabilityFloor = 1e-30;

    /// <param name="costs">c_0..c_{N−1} (c_N = 1 is implied; extra entries are ignored).</param>
    public static LossParts Compute(LossVersion version, ExitOutputs outputs, Tensor target, IReadOnlyList<double> costs, double lambda)
    {
        var n = outputs.Confidences.Count;
        if (outputs.Probabilities.Count != n + 1)
        {
            throw new ArgumentException($"Expected {n + 1} exit probabilities for {n} confidences, got {outputs.Probabilities.Count}.");
        }
        if (costs.Count < n) throw new ArgumentException($"Expected {n} exit costs, got {costs.Count}.");

        if (version == LossVersion.V0)
        {
            var prediction = outputs.Probabilities.Select(p => Nll(p, target)).Aggregate((a, b) => a + b);
            return new LossParts(prediction, prediction, zeros_like(prediction));
        }

        var cumPred = outputs.Probabilities[n];
        var cumCost = ones_like(target, dtype: cumPred.dtype).unsqueeze(1);
        var predTerms = new List<Tensor> { Nll(cumPred, target) };
        var costTerms = new List<Tensor> { cumCost.mean() };
        for (var i = n - 1; i >= 0; i--)
        {
            var h = outputs.Confidences[i];
            cumPred = h * outputs.Probabilities[i] + (1 - h) * cumPred;
            cumCost = h * costs[i] + (1 - h) * cumCost;
            predTerms.Add(Nll(cumPred, target));
            costTerms.Add(cumCost.mean());
        }
        if (version == LossVersion.V1)
        {
            var prediction = predTerms[^1];
            var cost = costTerms[^1];
            return new LossParts(prediction + lambda * cost, prediction, cost);
        }
        var predictionSum = predTerms.Aggregate((a, b) => a + b);
        var costSum = costTerms.Aggregate((a, b) => a + b);
        return new LossParts(predictionSum + lambda * costSum, predictionSum, costSum);
    }

    /// <summary>The loss used in a given epoch: two-stage training is v0 for the first epochs, then v1.</summary>
    public static LossVersion ForEpoch(LossVersion configured, bool twoStage, int epoch, int firstStageEpochs) =>
        twoStage ? (epoch < firstStageEpochs ? LossVersion.V0 : LossVersion.V1) : configured;

    private static Tensor Nll(Tensor probabilities, Tensor target) =>
        nn.functional.nll_loss(probabilities.clamp_min(ProbabilityFloor).log(), target);
}
