namespace EENet.Repro.Inference;

/// <summary>
/// Every exit's confidence, prediction and probability of the true class for every sample of a set (one full pass):
/// enough to evaluate early exit at any threshold without running the network again (threshold sweeps, the classroom
/// exercises), and to plot confidence distributions per exit. Stored with each run as trace.json.
/// </summary>
/// <param name="LabelProbabilities">p_k[y] per exit k and sample (null in traces written before the kit recorded it).</param>
public sealed record ExitTrace(float[][] Confidences, int[][] Predictions, int[] Labels, double[] Costs, long TotalMacs,
    float[][]? LabelProbabilities = null)
{
    public int Count => Labels.Length;
    public int NumExits => Predictions.Length;

    /// <summary>The exit each sample takes at threshold T: the first early exit with h &gt; T, else the last.</summary>
    public int ExitAt(int sample, double threshold)
    {
        var k = 0;
        while (k < NumExits - 1 && !EarlyExitRule.Leaves(Confidences[k][sample], threshold)) k++;
        return k;
    }

    /// <param name="lambda">λ of the validation loss (the official criterion for keeping an epoch).</param>
    public EvaluationResult At(double threshold, double lambda = 1.0)
    {
        var exits = new int[Count];
        var predictions = new int[Count];
        var probabilities = LabelProbabilities is null ? null : new float[Count];
        for (var i = 0; i < Count; i++)
        {
            exits[i] = ExitAt(i, threshold);
            predictions[i] = Predictions[exits[i]][i];
            if (probabilities is not null) probabilities[i] = LabelProbabilities![exits[i]][i];
        }
        return EvaluationResult.From(threshold, exits, predictions, Labels, Costs, TotalMacs, probabilities, lambda);
    }

    public IReadOnlyList<SweepPoint> Sweep(IReadOnlyList<double> thresholds) => thresholds.Select(t =>
    {
        var r = At(t);
        return new SweepPoint(t, r.Accuracy, r.AverageCost, r.ExitCounts);
    }).ToList();

    /// <summary>The same trace with other exit costs (e.g. EENet-8's MAC shares instead of its official constants).</summary>
    public ExitTrace WithCosts(IReadOnlyList<double> costs) => this with { Costs = costs.ToArray() };
}
