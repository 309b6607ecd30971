using EENet.Repro.Cost;
using EENet.Repro.Options;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>What a research question's analysis found: summaries, checks, extra tables and (RQ4) exit placements.</summary>
public sealed record Analysis(IReadOnlyList<ConfigSummary> Summaries, IReadOnlyList<PaperCheck> Checks, IReadOnlyList<ResultTable> Tables,
    IReadOnlyList<ModelDescription>? Placements = null);

/// <summary>
/// The shape every research question shares: its configurations for a profile (one list, printed at the start of a run
/// and in the report) → runs over the profile's seeds (trained or loaded by the <see cref="ExperimentRunner"/>) →
/// an analysis of those runs (summaries, checks, tables) → an <see cref="ExperimentResult"/> that notebooks, the command
/// line and the report only render. The analysis reads runs (traces and results), so tests can feed it synthetic runs.
/// </summary>
public abstract class ResearchQuestion
{
    public abstract string Name { get; }
    public abstract string Question { get; }

    /// <summary>The configurations this question trains in a profile, each with its label and comparison group.</summary>
    public abstract IReadOnlyList<RunSpec> Configurations(Profile profile);

    /// <summary>What the profile cut compared with the paper.</summary>
    public virtual string Cuts(Profile profile) => Sizing.Describe(profile);

    /// <summary>Summaries, checks and tables from the runs (every configuration × seed).</summary>
    public abstract Analysis Analyze(Profile profile, IReadOnlyList<RunRecord> runs);

    public ExperimentResult Run(Profile profile, ExperimentRunner runner)
    {
        var configurations = Configurations(profile);
        var (runs, counts) = runner.Run(Name, configurations, Profiles.Seeds(profile));
        return Result(profile, configurations, runs, counts);
    }

    /// <summary>The result of an analysis of given runs (also what tests call with synthetic runs).</summary>
    public ExperimentResult Result(Profile profile, IReadOnlyList<RunSpec> configurations, IReadOnlyList<RunRecord> runs, RunCounts counts)
    {
        var analysis = Analyze(profile, runs);
        return new ExperimentResult(Name, Question, profile, Cuts(profile), configurations, analysis.Summaries,
            analysis.Checks, analysis.Tables,
            runs, analysis.Placements ?? [], counts);
    }
}

/// <summary>The four research questions of the paper, by name.</summary>
public static class ResearchQuestions
{
    public static readonly IReadOnlyList<ResearchQuestion> All =
        [new Rq1ExitsUsed(), new Rq2AccuracyAndCost(), new Rq3ExitTypes(), new Rq4Distributions()];

    public static IReadOnlyList<string> Names => All.Select(q => q.Name).ToArray();

    public static ResearchQuestion Get(string name) =>
        All.FirstOrDefault(q => q.Name == name.Trim().ToLowerInvariant())
        ?? throw new OptionException($"question: '{name}' is not one of: {string.Join(", ", Names)}, all.");

    public static ExperimentResult Run(string name, Profile profile, ExperimentRunner runner) => Get(name).Run(profile, runner);
}
