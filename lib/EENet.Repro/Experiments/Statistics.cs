using System.Globalization;

namespace EENet.Repro.Experiments;

/// <summary>
/// A statistic over seeds: every seed's value, mean, sample standard deviation and a 95 % confidence interval of the
/// mean from Student's t (n − 1 degrees of freedom), clipped to the range the quantity can take (<see cref="Share"/>: a
/// share or relative cost in [0, 1]; with 2 seeds the t-interval is wide enough to leave it). With one seed the
/// interval is undefined (shown as "n/a").
/// </summary>
public sealed record Stat(double[] Values)
{
    /// <summary>The smallest value the quantity can take; the interval is clipped to it.</summary>
    public double Min { get; init; } = double.NegativeInfinity;
    /// <summary>The largest value the quantity can take.</summary>
    public double Max { get; init; } = double.PositiveInfinity;

    public int N => Values.Length;
    public double Mean => N == 0 ? double.NaN : Values.Average();
    public double Std => N > 1 ? Math.Sqrt(Values.Sum(v => (v - Mean) * (v - Mean)) / (N - 1)) : 0;
    public double HalfWidth => N > 1 ? StudentT.Quantile975(N - 1) * Std / Math.Sqrt(N) : double.NaN;
    public double Low => Math.Max(Min, Mean - HalfWidth);
    public double High => Math.Min(Max, Mean + HalfWidth);

    public static Stat Of(IEnumerable<double> values) => new(values.ToArray());

    /// <summary>A quantity in [0, 1]: an accuracy, a share of examples, a relative cost, a normalised entropy.</summary>
    public static Stat Share(IEnumerable<double> values) => new(values.ToArray()) { Min = 0, Max = 1 };

    private static string F(double v, string format) => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"mean ± std".</summary>
    public string Format(string format = "F4") => $"{F(Mean, format)} ± {F(Std, format)}";

    /// <summary>"[low, high]", the 95 % interval.</summary>
    public string Interval(string format = "F4") => N > 1 ? $"[{F(Low, format)}, {F(High, format)}]" : "n/a (1 seed)";

    public string Percent() => $"{F(100 * Mean, "F2")} ± {F(100 * Std, "F2")} %";

    public string PercentInterval() => N > 1 ? $"[{F(100 * Low, "F2")}, {F(100 * High, "F2")}] %" : "n/a (1 seed)";

    /// <summary>Each seed's value, e.g. "0.91 / 0.93 / 0.90".</summary>
    public string PerSeed(string format = "F4") => string.Join(" / ", Values.Select(v => F(v, format)));
}

/// <summary>What a seed-paired comparison of A and B found at 95 %.</summary>
public enum Outcome { ABetter, NoDifferenceDetected, BBetter }

/// <summary>
/// A paired comparison over seeds: the per-seed differences A − B (same seed, same data), their mean and a paired
/// t-interval at 95 %. "A better" when the whole interval is above 0, "B better" when below, else no difference
/// detected. With one seed nothing can be detected. The kit states this method wherever it reports a comparison.
/// </summary>
public sealed record PairedComparison(string A, string B, Stat Difference)
{
    public const string Method = "paired t-interval over seeds (95 %)";

    public static PairedComparison Of(string a, string b, IReadOnlyList<double> valuesA, IReadOnlyList<double> valuesB)
    {
        if (valuesA.Count != valuesB.Count) throw new ArgumentException(
            $"Pairing {a} with {b} needs the same seeds ({valuesA.Count} vs {valuesB.Count}).");
        return new PairedComparison(a, b, Stat.Of(valuesA.Zip(valuesB, (x, y) => x - y)));
    }

    public Outcome Outcome => Difference.N < 2 || double.IsNaN(Difference.HalfWidth) ? Outcome.NoDifferenceDetected
        : Difference.Low > 0 ? Outcome.ABetter
        : Difference.High < 0 ? Outcome.BBetter
        : Outcome.NoDifferenceDetected;

    public string Text => Outcome switch
    {
        Outcome.ABetter => $"{A} better",
        Outcome.BBetter => $"{B} better",
        _ => "no difference detected",
    };

    public string Describe(string format = "F4") =>
        $"{A} − {B}: {Difference.Format(format)}, 95 % CI {Difference.Interval(format)} → {Text}";
}

/// <summary>Quantiles of Student's t distribution.</summary>
public static class StudentT
{
    // t_{0.975, df} for df = 1..30 (standard tables); above 30 the normal quantile with a small correction.
    private static readonly double[] Table =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static double Quantile975(int degreesOfFreedom) => degreesOfFreedom switch
    {
        < 1 => double.NaN,
        <= 30 => Table[degreesOfFreedom - 1],
        _ => 1.959964 + 2.37 / degreesOfFreedom,
    };
}
