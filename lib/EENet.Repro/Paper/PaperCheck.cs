using System.Globalization;
using EENet.Repro.Experiments;

namespace EENet.Repro.Paper;

/// <summary>
/// Structural checks are arithmetic on the built networks (MACs, parameters, exit positions and costs): deterministic,
/// pass or fail in every profile. Statistical checks are about trained networks (accuracy, cost, exit use, comparisons):
/// pass or fail only where the run matches the paper's budget (the full profile, on the paper's data).
/// </summary>
public enum CheckKind { Structural, Statistical }

/// <summary>
/// pass / fail: decided. indicative: a statistical check of a run smaller than the paper's (quick profile), shown with
/// its interval and the direction it points, never a pass. not comparable: not the paper's data (smoke profile).
/// </summary>
public enum Verdict { Pass, Fail, Indicative, NotComparable }

/// <summary>Which way a reproduced value points, next to the paper's claim (undecided: a comparison that detected no difference).</summary>
public enum Direction { Agrees, Disagrees, Undecided }

/// <summary>One line of a paper-check table.</summary>
/// <param name="Source">Where the paper's value comes from, verbatim (see <see cref="PaperNumbers"/>).</param>
/// <param name="Reproduced">Mean ± std over seeds, with each seed's value.</param>
/// <param name="Interval">The 95 % interval of the mean (or of the paired difference), or the structural value.</param>
/// <param name="Criterion">What "agrees" means for this check.</param>
public sealed record PaperCheck(string Claim, CheckKind Kind, string PaperValue, string Source, string Reproduced, string Interval,
    string Criterion, Direction Direction, Verdict Verdict)
{
    public string KindText => Kind == CheckKind.Structural ? "structural" : "statistical";

    public string VerdictText => Verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "fail",
        Verdict.Indicative => "indicative",
        _ => "not comparable",
    };

    public string DirectionText => Direction switch
    {
        Direction.Agrees => "agrees",
        Direction.Disagrees => "disagrees",
        _ => "no difference detected",
    };

    /// <summary>The verdict with the direction where the verdict itself does not say it ("indicative: agrees").</summary>
    public string VerdictWithDirection => Verdict is Verdict.Pass or Verdict.Fail ? VerdictText : $"{VerdictText}: {DirectionText}";
}

/// <summary>
/// Builds checks. A statistical check's direction comes from the same criterion in every profile; only the profile decides
/// whether that direction becomes a verdict (<see cref="Profiles.DecidesStatistics"/>).
/// </summary>
public static class PaperChecks
{
    public static string F(double v, string format) => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A structural check: pass when |value − expected| ≤ tolerance, in every profile.</summary>
    public static PaperCheck Structural(string claim, PaperNumber expected, double value, double tolerance, string format = "F6")
    {
        var agrees = Math.Abs(value - expected.Value) <= tolerance;
        return new PaperCheck(claim, CheckKind.Structural, F(expected.Value, format), expected.Source, F(value, format),
            "exact (deterministic)",
            $"|value − paper| ≤ {F(tolerance, format)}", agrees ? Direction.Agrees : Direction.Disagrees, agrees
                ? Verdict.Pass : Verdict.Fail);
    }

    /// <summary>A statistical check whose direction is given; the profile turns it into a verdict.</summary>
    public static PaperCheck Statistical(string claim, string paperValue, string source, string reproduced,
        string interval, string criterion,
        bool agrees, Profile profile) =>
        Statistical(claim, paperValue, source, reproduced, interval, criterion, agrees ? Direction.Agrees : Direction.Disagrees, profile);

    /// <summary>A statistical check with a three-way direction (comparisons): only "agrees" passes in the full profile.</summary>
    public static PaperCheck Statistical(string claim, string paperValue, string source, string reproduced,
        string interval, string criterion,
        Direction direction, Profile profile) =>
        new(claim, CheckKind.Statistical, paperValue, source, reproduced, interval, criterion, direction,
            Profiles.VerdictFor(profile, direction == Direction.Agrees));

    /// <summary>Agrees when |mean − paper| ≤ tolerance.</summary>
    public static PaperCheck Near(string claim, PaperNumber paper, Stat reproduced, double tolerance, Profile profile,
        string format = "F4") =>
        Statistical(claim, F(paper.Value, format), paper.Source, $"{reproduced.Format(format)} (seeds: {reproduced.PerSeed(format)})",
            reproduced.Interval(format), $"|mean − paper| ≤ {F(tolerance, format)}",
            Math.Abs(reproduced.Mean - paper.Value) <= tolerance, profile);

    /// <summary>Agrees when the mean lies in [low, high].</summary>
    public static PaperCheck Within(string claim, PaperNumber paper, Stat reproduced, double low, double high, Profile profile,
        string format = "F4") =>
        Statistical(claim, F(paper.Value, format), paper.Source, $"{reproduced.Format(format)} (seeds: {reproduced.PerSeed(format)})",
            reproduced.Interval(format), $"mean in [{F(low, format)}, {F(high, format)}]",
            reproduced.Mean >= low && reproduced.Mean <= high, profile);

    /// <summary>Agrees when mean ≤ paper + tolerance (a claim of "reduced to at most").</summary>
    public static PaperCheck AtMost(string claim, PaperNumber paper, Stat reproduced, double tolerance, Profile profile,
        string format = "F3") =>
        Statistical(claim, "≤ " + F(paper.Value, format), paper.Source,
            $"{reproduced.Format(format)} (seeds: {reproduced.PerSeed(format)})",
            reproduced.Interval(format), $"mean ≤ paper + {F(tolerance, format)}",
            reproduced.Mean <= paper.Value + tolerance, profile);
}
