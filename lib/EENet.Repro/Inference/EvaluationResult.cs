namespace EENet.Repro.Inference;

/// <summary>
/// Early-exit evaluation of a set at one threshold. Exit N is the final classifier. Average MACs follow the
/// official cost convention: average relative cost × the plain counterpart's MACs.
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
    int[] Labels)
{
    public static EvaluationResult From(double threshold, int[] exits, int[] predictions, int[] labels, IReadOnlyList<double> costs, long totalMacs)
    {
        var numExits = costs.Count;
        var counts = new int[numExits];
        var correct = new int[numExits];
        var totalCorrect = 0;
        var costSum = 0.0;
        for (var i = 0; i < exits.Length; i++)
        {
            counts[exits[i]]++;
            costSum += costs[exits[i]];
            if (predictions[i] == labels[i])
            {
                correct[exits[i]]++;
                totalCorrect++;
            }
        }
        var n = Math.Max(exits.Length, 1);
        var averageCost = costSum / n;
        return new EvaluationResult(threshold, exits.Length, (double)totalCorrect / n, averageCost, averageCost * totalMacs,
            counts, counts.Select((c, k) => c == 0 ? double.NaN : (double)correct[k] / c).ToArray(), costs.ToArray(),
            exits, predictions, labels);
    }
}

/// <summary>One point of a threshold sweep: accuracy and cost when the early-exit threshold is T.</summary>
public sealed record SweepPoint(double Threshold, double Accuracy, double AverageCost, int[] ExitCounts);
