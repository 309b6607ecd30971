namespace EENet.Repro.Inference;

/// <summary>
/// Every exit's confidence and prediction for every sample of a set (one full pass). Enough to evaluate early exit
/// at any threshold without running the network again, and to plot confidence distributions per exit.
/// </summary>
public sealed record ExitTrace(float[][] Confidences, int[][] Predictions, int[] Labels, double[] Costs, long TotalMacs)
{
    public int Count => Labels.Length;
    public int NumExits => Predictions.Length;

    /// <summary>The exit each sample takes at threshold T: the first early exit with h &gt; T, else the last.</summary>
    public int ExitAt(int sample, double threshold)
    {
        var t = (float)threshold; // float32 comparison, as in the batched and per-sample paths
        var k = 0;
        while (k < NumExits - 1 && !(Confidences[k][sample] > t)) k++;
        return k;
    }

    public EvaluationResult At(double threshold)
    {
        var exits = new int[Count];
        var predictions = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            exits[i] = ExitAt(i, threshold);
            predictions[i] = Predictions[exits[i]][i];
        }
        return EvaluationResult.From(threshold, exits, predictions, Labels, Costs, TotalMacs);
    }

    public IReadOnlyList<SweepPoint> Sweep(IReadOnlyList<double> thresholds) => thresholds.Select(t =>
    {
        var r = At(t);
        return new SweepPoint(t, r.Accuracy, r.AverageCost, r.ExitCounts);
    }).ToList();
}
