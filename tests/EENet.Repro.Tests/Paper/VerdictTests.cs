using EENet.Repro.Experiments;
using EENet.Repro.Models;
using EENet.Repro.Paper;
using Xunit;

namespace EENet.Repro.Tests;

/// <summary>
/// Synthetic per-seed results through the research questions' checks: each verdict must be the right one, for the right reason.
/// </summary>
public class VerdictTests
{
    private static readonly double[] PaperShares = [0.0047, 0.2247, 0.7706];
    private static readonly double[] Eenet8Costs = [0.08, 0.26, 1.0];

    private static List<RunRecord> Eenet8Runs(Func<long, double[]> shares, double accuracy) =>
        new long[] { 1, 2, 3 }.Select(seed =>
            SyntheticRuns.Run(SyntheticRuns.Spec(Rq1ExitsUsed.Eenet8Label, "eenet8", "eenet8", "mnist"), seed,
            shares(seed), accuracy, Eenet8Costs, n: 10_000)).ToList();

    private static PaperCheck Check(ExperimentResult r, string claimPart) =>
        r.Checks.First(c => c.Claim.Contains(claimPart, StringComparison.Ordinal));

    private static ExperimentResult Rq1(Profile profile, List<RunRecord> runs) =>
        new Rq1ExitsUsed().Result(profile, [], runs, new RunCounts(runs.Count, runs.Count, 0));

    [Fact]
    public void Results_that_agree_with_the_paper_pass_only_in_the_full_profile()
    {
        var runs = Eenet8Runs(_ => PaperShares, 0.9655);
        var full = Rq1(Profile.Full, runs);
        foreach (var claim in new[] { "test accuracy", "average relative cost", "share of test examples at EE-block 0",
            "share of test examples at last exit",
                     "every exit, in every seed", "normalised entropy" })
        {
            Assert.Equal(Verdict.Pass, Check(full, claim).Verdict);
        }
        var quick = Rq1(Profile.Quick, runs);
        Assert.DoesNotContain(quick.Checks, c => c.Kind == CheckKind.Statistical && c.Verdict is Verdict.Pass or Verdict.Fail);
        Assert.Equal(Verdict.Indicative, Check(quick, "test accuracy").Verdict);
        Assert.Equal(Direction.Agrees, Check(quick, "test accuracy").Direction);
        var smoke = Rq1(Profile.Smoke, runs);
        Assert.All(smoke.Checks.Where(c => c.Kind == CheckKind.Statistical), c => Assert.Equal(Verdict.NotComparable, c.Verdict));
        // Structural checks decide in every profile.
        Assert.All(new[] { full, quick, smoke }, r =>
            Assert.Equal(Verdict.Pass, Check(r, "cost of exit 0 (the official constant)").Verdict));
    }

    [Fact]
    public void Results_that_disagree_fail_in_full_and_point_the_other_way_in_quick()
    {
        // Nothing at the first exit, a lower accuracy: the paper's first exit takes 0.47 %, so "no example there" disagrees.
        var runs = Eenet8Runs(_ => [0.0, 0.30, 0.70], 0.90);
        var full = Rq1(Profile.Full, runs);
        Assert.Equal(Verdict.Fail, Check(full, "test accuracy").Verdict);
        Assert.Equal(Verdict.Fail, Check(full, "share of test examples at EE-block 0").Verdict);
        Assert.Equal(Verdict.Fail, Check(full, "every exit, in every seed").Verdict);
        var quick = Rq1(Profile.Quick, runs);
        Assert.Equal(Direction.Disagrees, Check(quick, "share of test examples at EE-block 0").Direction);
        Assert.Equal("indicative: disagrees", Check(quick, "share of test examples at EE-block 0").VerdictWithDirection);
    }

    [Fact]
    public void A_dead_exit_in_one_seed_is_counted_not_averaged_away()
    {
        // Seeds 1 and 3 match the paper; seed 2 sends nothing to exit 0. The mean share (0.31 %) would still look alive.
        var runs = Eenet8Runs(seed => seed == 2 ? [0.0, 0.2294, 0.7706] : PaperShares, 0.9655);
        var full = Rq1(Profile.Full, runs);
        var check = Check(full, "every exit, in every seed");
        Assert.Equal(Verdict.Fail, check.Verdict);
        Assert.Contains("unused (< 0.1 %): 1 of 9 seed-exits", check.Reproduced);
        Assert.Contains("dead exits (< 1 %): 3 of 9 seed-exits", check.Reproduced); // 0.47 % is under the 1 % flag too
        Assert.Contains("seed 2: exit 0", check.Reproduced);
        var table = full.Tables.First(t => t.Title.StartsWith("Exit use per seed"));
        Assert.Contains(table.Rows, r => r[1] == "2" && r[2].StartsWith("0.0 % (dead)", StringComparison.Ordinal));
    }

    private static List<RunRecord> ExitTypeRuns(string name, double poolEarlyAccuracy, double plainEarlyAccuracy) =>
        (from type in new[] { ExitType.Plain, ExitType.Pool, ExitType.Bnpool }
         from seed in new long[] { 1, 2, 3 }
         select SyntheticRuns.Run(SyntheticRuns.Spec($"{type.Name()} exits, {name}", name, "eenet20", "cifar10", type), seed,
             [0.3, 0.3, 0.4], 0.9, [0.13, 0.25, 1.0], earlyAccuracy: type == ExitType.Plain ? plainEarlyAccuracy : poolEarlyAccuracy))
        .ToList();

    [Fact]
    public void Exit_types_with_equal_curves_detect_no_difference_and_different_curves_detect_the_better_one()
    {
        var rq3 = new Rq3ExitTypes();
        var same = rq3.Result(Profile.Full, [], ExitTypeRuns("cifar10, fine N=2", 0.8, 0.8), new RunCounts(9, 9, 0));
        var sameCheck = same.Checks.Single(c => c.Kind == CheckKind.Statistical);
        Assert.Equal(Direction.Undecided, sameCheck.Direction);
        Assert.Equal(Verdict.Fail, sameCheck.Verdict);   // the paper's claim is not reproduced by equal exit types
        Assert.Contains("no difference detected", sameCheck.Reproduced);

        var better = rq3.Result(Profile.Full, [], ExitTypeRuns("cifar10, fine N=2", 0.85, 0.5), new RunCounts(9, 9, 0));
        var betterCheck = better.Checks.Single(c => c.Kind == CheckKind.Statistical);
        Assert.Equal(Direction.Agrees, betterCheck.Direction);
        Assert.Equal(Verdict.Pass, betterCheck.Verdict);
        Assert.Contains("pool exits, cifar10, fine N=2 better", betterCheck.Reproduced);
        Assert.Contains(PairedComparison.Method, betterCheck.Criterion);

        var worse = rq3.Result(Profile.Quick, [], ExitTypeRuns("cifar10, fine N=2", 0.5, 0.85), new RunCounts(9, 9, 0));
        Assert.Equal(Direction.Disagrees, worse.Checks.Single(c => c.Kind == CheckKind.Statistical).Direction);
        Assert.Equal(Verdict.Indicative, worse.Checks.Single(c => c.Kind == CheckKind.Statistical).Verdict);
        Assert.All(worse.Checks.Where(c => c.Kind == CheckKind.Structural), c => Assert.Equal(Verdict.Pass, c.Verdict));
    }

    [Fact]
    public void Cost_at_iso_accuracy_decides_the_relative_cost_claim()
    {
        var rq2 = new Rq2AccuracyAndCost();
        List<RunRecord> Runs(double[] shares, double eeAccuracy) =>
        [
            .. new long[] { 1, 2, 3 }.Select(s =>
                SyntheticRuns.Run(SyntheticRuns.Spec("EENet-110, cifar10", "cifar10", "eenet110", "cifar10"), s, shares,
                    eeAccuracy, [0.06, 0.11, 1.0])),
            .. new long[] { 1, 2, 3 }.Select(s =>
                SyntheticRuns.Run(SyntheticRuns.Spec("ResNet-110, cifar10", "cifar10", "resnet110", "cifar10"), s, [1.0], 0.93, [1.0])),
        ];
        // Most examples leave early and the EENet is as accurate as its ResNet: its cost at iso-accuracy is far below 0.20.
        var cheap = rq2.Result(Profile.Full, [], Runs([0.5, 0.4, 0.1], 0.93), new RunCounts(6, 6, 0));
        var relative = cheap.Checks.First(c => c.Claim.Contains("within 1 point"));
        Assert.Equal(Verdict.Pass, relative.Verdict);
        Assert.Equal(Verdict.Pass, cheap.Checks.First(c => c.Claim.Contains("similar")).Verdict);
        // Far less accurate: no threshold reaches the ResNet's accuracy; "not reached" is reported and the claim fails.
        var poor = rq2.Result(Profile.Full, [], Runs([0.5, 0.4, 0.1], 0.80), new RunCounts(6, 6, 0));
        Assert.Equal(Verdict.Fail, poor.Checks.First(c => c.Claim.Contains("within 1 point")).Verdict);
        Assert.Equal(Verdict.Fail, poor.Checks.First(c => c.Claim.Contains("similar")).Verdict);
        Assert.Contains(poor.Tables[0].Rows, r => r[^1] == "not reached");
    }

    [Fact]
    public void Every_checked_number_names_its_source()
    {
        foreach (var n in PaperNumbers.RelativeCost.Values.Append(PaperNumbers.HeadlineRelativeCost).Append(
            PaperNumbers.Eenet8MnistAccuracy)
                     .Append(PaperNumbers.Eenet8MnistAverageCost).Concat(PaperNumbers.Eenet8MnistExitCounts).Concat(
                         PaperNumbers.Eenet8OfficialCosts))
        {
            Assert.True(n.Source.Contains("summary") || n.Source.Contains("abstract") || n.Source.Contains("official code"), n.Source);
        }
        Assert.Contains("ambiguous between 'reduced to' and 'reduced by'", PaperNumbers.RelativeCost["cifar10"].Source);
        Assert.Contains("0.829", PaperNumbers.Eenet8MnistAverageCost.Source);
        Assert.All(PaperNumbers.OfficialExitCosts, c => Assert.Contains("running the official code", c.Source));
        // The entropy RQ1 compares with is derived from the paper's table, and says so.
        Assert.Equal(0.511, Rq1ExitsUsed.PaperEntropy.Value, 3);
        Assert.Contains("derived by the kit", Rq1ExitsUsed.PaperEntropy.Source);
    }

    [Fact]
    public void Official_exit_costs_are_structural_checks_that_pass_in_every_profile()
    {
        var checks = OfficialCosts.Checks(PaperNumbers.OfficialExitCosts).ToList();
        Assert.Equal(PaperNumbers.OfficialExitCosts.Count, checks.Count);
        Assert.All(checks, c =>
        {
            Assert.Equal(CheckKind.Structural, c.Kind);
            Assert.Equal(Verdict.Pass, c.Verdict);
        });
    }
}
