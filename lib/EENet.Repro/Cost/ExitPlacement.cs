namespace EENet.Repro.Cost;

/// <summary>How the N early exits are spread over the network's MACs (RQ4).</summary>
public enum Distribution { Pareto, Fine, Linear, GoldenRatio, Quadratic }

/// <summary>The placement rule of the official code, with thresholds per distribution.</summary>
public static class ExitPlacement
{
    /// <summary>φ as the official code writes it.</summary>
    public const double GoldenRatio = 1.61803398875;

    public static readonly string[] Names = ["pareto", "fine", "linear", "golden-ratio", "quadratic"];

    public static Distribution Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "pareto" => Distribution.Pareto,
        "fine" => Distribution.Fine,
        "linear" => Distribution.Linear,
        "golden-ratio" or "gold_ratio" or "golden_ratio" or "goldenratio" => Distribution.GoldenRatio,
        "quadratic" => Distribution.Quadratic,
        _ => throw new ArgumentException($"Unknown distribution '{text}'. Use one of: {string.Join(", ", Names)} (gold_ratio is accepted too)."),
    };

    public static string Name(this Distribution d) => d switch
    {
        Distribution.GoldenRatio => "golden-ratio",
        _ => d.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Fractions t_i of the plain model's MACs that exit i (0-based) must reach. Pareto 1−0.8^(i+1), Fine 1−0.95^(i+1),
    /// Linear (i+1)/(N+1), Golden ratio φ^(i−N) (official eenet.py). Quadratic ((i+1)/(N+1))² is the kit's own
    /// definition: the paper names a quadratic distribution but the official code has no formula for it, so it stays
    /// out of every paper check.
    /// </summary>
    public static double[] Fractions(Distribution distribution, int numEarlyExits) =>
        Enumerable.Range(0, numEarlyExits).Select(i => distribution switch
        {
            Distribution.Pareto => 1 - Math.Pow(0.8, i + 1),
            Distribution.Fine => 1 - Math.Pow(0.95, i + 1),
            Distribution.Linear => (i + 1.0) / (numEarlyExits + 1),
            Distribution.GoldenRatio => Math.Pow(GoldenRatio, i - numEarlyExits),
            Distribution.Quadratic => Math.Pow((i + 1.0) / (numEarlyExits + 1), 2),
            _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
        }).ToArray();

    /// <summary>
    /// Block indices (0-based) after which each early exit sits. As in the official code: after each residual block,
    /// if the backbone prefix MACs (no exit heads) reach the next exit's threshold, that exit goes right after this
    /// block; at most one exit per block, so later exits slide to later blocks.
    /// </summary>
    public static IReadOnlyList<int> Place(BackboneProfile profile, Distribution distribution, int numEarlyExits, string modelName)
    {
        if (numEarlyExits < 0) throw new ArgumentException($"The number of early exits must be 0 or more (got {numEarlyExits}).");
        var thresholds = Fractions(distribution, numEarlyExits).Select(f => f * profile.TotalMacs).ToArray();
        var placed = new List<int>();
        for (var b = 0; b < profile.BlockMacs.Count && placed.Count < numEarlyExits; b++)
        {
            if (profile.PrefixMacs(b) >= thresholds[placed.Count]) placed.Add(b);
        }
        if (placed.Count < numEarlyExits)
        {
            throw new ExitPlacementException(
                $"{modelName} cannot hold {numEarlyExits} early exits with the '{distribution.Name()}' distribution: only {placed.Count} fit " +
                $"(it has {profile.BlockMacs.Count} residual blocks and exit {placed.Count} would need {Fractions(distribution, numEarlyExits)[placed.Count]:P1} " +
                "of the MACs after one block). Use fewer exits (--num-ee), another distribution, or a deeper model.");
        }
        return placed;
    }
}

public sealed class ExitPlacementException(string message) : ArgumentException(message);
