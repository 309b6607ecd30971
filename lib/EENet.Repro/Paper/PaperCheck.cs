using System.Globalization;

namespace EENet.Repro.Paper;

public enum Verdict { Pass, Fail, NotComparable }

/// <summary>One line of a notebook's paper-check table.</summary>
public sealed record PaperCheck(string Claim, string PaperValue, string Provenance, string Reproduced, string Tolerance, Verdict Verdict, string? Note = null)
{
    public string VerdictText => Verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "fail",
        _ => "not comparable",
    };
}

/// <summary>
/// Turns a reproduced value (mean ± std over seeds) into a verdict against a paper number. Results of the smoke
/// profile (or of data that is not the paper's) are "not comparable", whatever their value.
/// </summary>
public static class PaperChecks
{
    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Pass when |mean − paper| ≤ tolerance.</summary>
    public static PaperCheck Near(string claim, PaperNumber paper, double? mean, double? std, double tolerance, bool comparable,
        string format = "F4", string? note = null)
    {
        var reproduced = mean is null ? "not run" : $"{F(mean.Value, format)} ± {F(std ?? 0, format)}";
        var verdict = !comparable || mean is null ? Verdict.NotComparable
            : Math.Abs(mean.Value - paper.Value) <= tolerance ? Verdict.Pass : Verdict.Fail;
        return new PaperCheck(claim, F(paper.Value, format), paper.Provenance, reproduced, $"± {F(tolerance, format)}", verdict, note);
    }

    /// <summary>Pass when mean ≤ paper + tolerance (e.g. "cost reduced to at most 20%").</summary>
    public static PaperCheck AtMost(string claim, PaperNumber paper, double? mean, double? std, double tolerance, bool comparable,
        string format = "F3", string? note = null)
    {
        var reproduced = mean is null ? "not run" : $"{F(mean.Value, format)} ± {F(std ?? 0, format)}";
        var verdict = !comparable || mean is null ? Verdict.NotComparable
            : mean.Value <= paper.Value + tolerance ? Verdict.Pass : Verdict.Fail;
        return new PaperCheck(claim, $"≤ {F(paper.Value, format)}", paper.Provenance, reproduced, $"+ {F(tolerance, format)}", verdict, note);
    }

    /// <summary>A qualitative claim: pass when the stated condition holds on the reproduced numbers.</summary>
    public static PaperCheck Holds(string claim, string provenance, bool holds, string reproduced, string criterion, bool comparable, string? note = null) =>
        new(claim, "holds", provenance, reproduced, criterion, !comparable ? Verdict.NotComparable : holds ? Verdict.Pass : Verdict.Fail, note);
}
