using EENet.Repro.Cost;
using EENet.Repro.Models;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>
/// RQ4: how does the distribution of exit blocks affect accuracy and cost? Exit positions and costs per distribution
/// (no training), then accuracy and average cost of each. Quadratic is the kit's own definition: shown, never checked.
/// </summary>
public static class Rq4Distributions
{
    public const string Name = "rq4";
    public const string Question = "How does the distribution method of exit blocks affect accuracy and cost across datasets?";
    public static readonly string[] Distributions = ["pareto", "golden-ratio", "fine", "linear", "quadratic"];

    public static IReadOnlyList<RunSpec> Specs(Profile p)
    {
        var model = p == Profile.Full ? "eenet110" : "eenet20";
        var datasets = p == Profile.Full ? new[] { "cifar10", "svhn" } : ["cifar10"];
        return datasets.SelectMany(d => Distributions.Select(dist => new RunSpec($"{dist}, {d}", d,
            Sizing.Config(p, model, Sizing.Data(p, d), quickEpochs: 2, quickTrainLimit: 5_000, numEe: 2, distribution: dist)))).ToList();
    }

    public static string Cuts(Profile p) => p switch
    {
        Profile.Smoke => "smoke: generated CIFAR-shaped images, 1 epoch, 1 seed. Not comparable to the paper.",
        Profile.Quick => "quick: EENet-20 on CIFAR10 only, 2 epochs on 5,000 training images.",
        _ => "full: EENet-110 on CIFAR10 and SVHN, official defaults (150 epochs).",
    };

    /// <summary>Where the exits go for each distribution (EENet-110 and EENet-20 on CIFAR10, 2 and 4 exits).</summary>
    public static List<ModelDescription> Placements()
    {
        var list = new List<ModelDescription>();
        foreach (var model in new[] { "eenet20", "eenet110" })
        foreach (var n in new[] { 2, 4 })
        foreach (var dist in Distributions)
        {
            using var net = ModelFactory.Create(new ModelSpec(model, "cifar10", n, dist, "pool"));
            list.Add(net.Description with { Model = $"{model} N={n}" });
        }
        return list;
    }

    public static ExperimentResult Run(Profile profile, ExperimentRunner runner)
    {
        var placements = Placements();
        var runs = runner.Run(Name, Specs(profile), Profiles.Seeds(profile));
        var summaries = ConfigSummary.PerLabel(runs);
        var checks = new List<PaperCheck>();
        // Placement is arithmetic on MAC counts, not training: it compares in every profile.
        foreach (var (model, dist, n, costs) in PaperNumbers.OfficialExitCosts)
        {
            using var net = ModelFactory.Create(new ModelSpec(model, "cifar10", n, dist, "pool"));
            for (var k = 0; k < costs.Length; k++)
                checks.Add(PaperChecks.Near($"{model}, {dist}, N={n}: cost of exit {k}", costs[k], net.Description.Exits[k].Cost, 0, 0.00005, comparable: true));
        }
        return new ExperimentResult(Name, Question, profile, profile.ComparableToPaper(), Cuts(profile), summaries, checks, runs, placements);
    }
}
