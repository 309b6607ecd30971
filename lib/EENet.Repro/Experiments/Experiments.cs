namespace EENet.Repro.Experiments;

/// <summary>The four research questions by name, for the CLI and the notebooks.</summary>
public static class ResearchQuestions
{
    public static readonly string[] Names = ["rq1", "rq2", "rq3", "rq4"];

    public static ExperimentResult Run(string name, Profile profile, ExperimentRunner runner) => name.Trim().ToLowerInvariant() switch
    {
        "rq1" => Rq1ExitsUsed.Run(profile, runner),
        "rq2" => Rq2AccuracyAndCost.Run(profile, runner),
        "rq3" => Rq3ExitTypes.Run(profile, runner),
        "rq4" => Rq4Distributions.Run(profile, runner),
        _ => throw new ArgumentException($"Unknown research question '{name}'. Use one of: rq1, rq2, rq3, rq4, all."),
    };
}
