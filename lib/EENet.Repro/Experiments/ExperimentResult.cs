using EENet.Repro.Cost;
using EENet.Repro.Models;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>A table an analysis adds to its result (per-seed histograms, comparisons, rankings), rendered by every front end.</summary>
public sealed record ResultTable(string Title, string[] Header, IReadOnlyList<string[]> Rows, string? Note = null);

/// <summary>What a research question returns: configurations, summaries, checks, extra tables and the raw runs.</summary>
public sealed record ExperimentResult(
    string Experiment,
    string Question,
    Profile Profile,
    string Cuts,
    IReadOnlyList<RunSpec> Configurations,
    IReadOnlyList<ConfigSummary> Summaries,
    IReadOnlyList<PaperCheck> Checks,
    IReadOnlyList<ResultTable> Tables,
    IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<ModelDescription> Placements,
    RunCounts Counts)
{
    public ConfigSummary Summary(string label) => Summaries.FirstOrDefault(s => s.Label == label)
        ?? throw new KeyNotFoundException($"No configuration '{label}' in {Experiment}.");

    public static readonly string[] SummaryHeader =
        ["configuration", "seeds", "accuracy (mean ± std)", "95 % CI", "average cost", "examples per exit (mean)"];

    /// <summary>Rows for the summary table: configuration, seeds, accuracy with its interval, average cost, examples per exit.</summary>
    public IEnumerable<string[]> SummaryRows() => Summaries.Select(s => new[]
    {
        s.Label, s.SeedCount.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Accuracy.Percent(),
            s.Accuracy.PercentInterval(),
        s.AverageCost.Format("F3"), string.Join(" / ", s.ExitCounts.Select(c => PaperChecks.F(c.Mean, "F0"))),
    });

    public static readonly string[] CheckHeader = ["claim", "kind", "paper", "source", "reproduced", "95 % CI", "criterion", "verdict"];

    public IEnumerable<string[]> CheckRows() => Checks.Select(c => new[]
    {
        c.Claim, c.KindText, c.PaperValue, c.Source, c.Reproduced, c.Interval, c.Criterion, c.VerdictWithDirection,
    });

    public static readonly string[] ConfigurationHeader =
        ["configuration", "model", "dataset", "exits", "distribution", "exit type", "epochs",
        "train limit", "test limit"];

    /// <summary>The configurations as a table, printed at the start of a run and in the report.</summary>
    public static IEnumerable<string[]> ConfigurationRows(IEnumerable<RunSpec> specs) => specs.Select(s => new[]
    {
        s.Label, s.Config.Model.ToString(), s.Config.Dataset, s.Config.Model.HasEarlyExits ? s.Config.NumEarlyExits.ToString() : "0",
        s.Config.Distribution.Name(), s.Config.ExitType.Name(), s.Config.Epochs.ToString(),
        s.Config.TrainLimit?.ToString("N0") ?? "all", s.Config.TestLimit?.ToString("N0") ?? "all",
    });
}
