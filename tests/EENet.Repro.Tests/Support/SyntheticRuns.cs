using EENet.Repro.Cost;
using EENet.Repro.Experiments;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Training;

namespace EENet.Repro.Tests;

/// <summary>
/// Runs made up for the analyses: a trace whose exits, accuracy and confidences are chosen, as a finished run would carry it.
/// </summary>
internal static class SyntheticRuns
{
    /// <summary>
    /// A run whose test set of <paramref name="n"/> examples leaves at each exit in the given shares at T = 0.5, with the
    /// given accuracy at every exit (the first examples of each exit are right) and confidences drawn so the trade-off
    /// curve over T is smooth: an example's own exit is confident (0.5..1), earlier exits are not (0..0.5).
    /// </summary>
    public static RunRecord Run(RunSpec spec, long seed, double[] shares, double accuracy, double[] costs, int n = 1000, int classes = 10,
        double earlyAccuracy = double.NaN)
    {
        var random = new Random((int)(seed * 7919));
        var numExits = shares.Length;
        var exitOf = new int[n];
        var bounds = shares.Select((_, k) => (int)Math.Round(n * shares.Take(k + 1).Sum())).ToArray();
        for (var i = 0; i < n; i++) exitOf[i] = Array.FindIndex(bounds, b => i < b) is var k and >= 0 ? k : numExits - 1;
        var labels = Enumerable.Range(0, n).Select(i => i % classes).ToArray();
        var confidences = Enumerable.Range(0, numExits - 1).Select(_ => new float[n]).ToArray();
        var predictions = Enumerable.Range(0, numExits).Select(_ => new int[n]).ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < numExits - 1; k++)
                confidences[k][i] = k < exitOf[i] ? (float)(0.5 * random.NextDouble()) : k == exitOf[i]
                    ? (float)(0.5 + 0.5 * random.NextDouble()) : (float)random.NextDouble();
            for (var k = 0; k < numExits; k++)
            {
                var p = k < numExits - 1 && !double.IsNaN(earlyAccuracy) ? earlyAccuracy : accuracy;
                predictions[k][i] = random.NextDouble() < p ? labels[i] : (labels[i] + 1) % classes;
            }
        }
        var trace = new ExitTrace(confidences, predictions, labels, costs, 1_000_000,
            Enumerable.Range(0, numExits).Select(k => predictions[k].Select((p, i) => p == labels[i] ? 0.9f : 0.05f).ToArray()).ToArray());
        var exits = costs.Take(numExits - 1).Select((c, k) =>
            new ExitDescription(k, $"s1.b{k + 1}", (long)(c * 1_000_000), 0, 0, (long)(c * 1_000_000), 0, 0, c, c))
            .ToList();
        var model = new ModelDescription(spec.Config.Model, spec.Config.Dataset, 1_000_000, 1000, exits, "synthetic",
            "fine", "pool", "synthetic");
        var at = trace.At(0.5);
        var result = new TrainingResult(spec.Config with { Seed = seed }, model, [], 1, TestSummary.From(at, model), 1, null,
            "synthetic", "synthetic");
        return new RunRecord(spec, seed, result, trace, $"synthetic/{spec.Label}/{seed}");
    }

    public static RunSpec Spec(string label, string group, string model, string dataset, ExitType exitType = ExitType.Pool,
        Distribution distribution = Distribution.Fine, int filters = 2) =>
        new(label, group, new TrainingConfig
        {
            Model = ModelName.Parse(model), Dataset = dataset, ExitType = exitType, Distribution = distribution, Filters = filters,
            NumEarlyExits = 2,
        });
}
