namespace EENet.Repro.Inference;

/// <summary>
/// Early-exit evaluation of a set at one threshold. Exit N is the final classifier. Average MACs follow the
/// official cost convention: average relative cost × the plain counterpart's MACs. <see cref="Loss"/> is the official
/// validation loss (main.py validate(): per example, −log p[y] at the exit taken + λ · that exit's cost, averaged), NaN
/// when the per-example probabilities were not recorded.
/// </summary>
public sealed record EvaluationResult(
    double Threshold,
    int Count,
    double Accuracy,
    double AverageCost,
    double AverageMacs,
    int[] ExitCounts,
    double[] ExitAccuracy,
    double[] ExitCosts,
    int[] Exits,
    int[] Predictions,
    int[] Labels,
    double Loss = double.NaN)
{
    /// <summary>
    /// Probabilities are floored here before the log, as in the training loss, so one zero cannot make the mean infinite.
    /// </summary>
    public const double ProbabilityFloor = 1e-30;

    /// <param name="labelProbabilities">p[y] at the exit each example took, or null.</param>
    public static EvaluationResult From(double threshold, int[] exits, int[] predictions, int[] labels,
        IReadOnlyList<double> costs, long totalMacs,
        float[]? labelProbabilities = null, double lambda = 1.0)
    {
        if (exits.Length == 0) throw new ArgumentException("Nothing to evaluate: the set has no example.");
        var numExits = costs.Count;
        var counts = new int[numExits];
        var correct = new int[numExits];
        var totalCorrect = 0;
        double costSum = 0, lossSum = 0;
        for (var i = 0; i < exits.Length; i++)
        {
            counts[exits[i]]++;
            costSum += costs[exits[i]];
            if (labelProbabilities is not null) lossSum += -Math.Log(Math.Max(labelProbabilities[i], ProbabilityFloor))
                + lambda * costs[exits[i]];
            if (predictions[i] == labels[i])
            {
                correct[exits[i]]++;
                totalCorrect++;
            }
        }
        var n = exits.Length;
        var averageCost = costSum / n;
        return new EvaluationResult(threshold, n, (double)totalCorrect / n, averageCost, averageCost * totalMacs,
            counts, counts.Select((c, k) => c == 0 ? double.NaN : (double)correct[k] / c).ToArray(), costs.ToArray(),
            exits, predictions, labels, labelProbabilities is null ? double.NaN : lossSum / n);
    }
}

/// <summary>One point of a threshold sweep: accuracy and cost when the early-exit threshold is T.</summary>
public sealed record SweepPoint(double Threshold, double Accuracy, double AverageCost, int[] ExitCounts);
