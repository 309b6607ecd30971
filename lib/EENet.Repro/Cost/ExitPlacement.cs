using EENet.Repro.Options;

namespace EENet.Repro.Cost;

/// <summary>How the N early exits are spread over the network's MACs (RQ4).</summary>
public enum Distribution { Pareto, Fine, Linear, GoldenRatio, Quadratic }

public static class Distributions
{
    /// <summary>gold_ratio is the official main.py's name; quadratic is the kit's own (see docs/design.md).</summary>
    public static readonly Choices<Distribution> Choices = new(
        (Distribution.Pareto, "pareto", []),
        (Distribution.Fine, "fine", []),
        (Distribution.Linear, "linear", []),
        (Distribution.GoldenRatio, "golden-ratio", ["gold_ratio", "golden_ratio", "goldenratio"]),
        (Distribution.Quadratic, "quadratic", []));

    /// <summary>The four distributions of the official code (quadratic has no official formula).</summary>
    public static readonly Distribution[] Official =
        [Distribution.Pareto, Distribution.Fine, Distribution.Linear, Distribution.GoldenRatio];

    public static Distribution Parse(string text, string option = "--distribution") => Choices.Parse(text, option);

    public static string Name(this Distribution d) => Choices.Name(d);
}

/// <summary>The placement rule of the official code, with thresholds per distribution.</summary>
public static class ExitPlacement
{
    /// <summary>φ as the official code writes it.</summary>
    public const double GoldenRatio = 1.61803398875;

    /// <summary>
    /// Fractions t_i of the plain model's MACs that exit i (0-based) must reach. Pareto 1−0.8^(i+1), Fine 1−0.95^(i+1),
    /// Linear (i+1)/(N+1), Golden ratio φ^(i−N) (official eenet.py). Quadratic ((i+1)/(N+1))² is the kit's own
    /// definition: the paper names a quadratic distribution but the official code has no formula for it, so it stays
    /// out of every paper check.
    /// </summary>
    public static double[] Fractions(Distribution distribution, int numEarlyExits) =>
        Thresholds(distribution, numEarlyExits, 1.0);

    /// <summary>
    /// The MAC thresholds themselves, computed in the official code's order of operations (set_thresholds in eenet.py:
    /// total·(1−0.8^(i+1)), total·(1/(N+1))·(i+1), total·φ^(i−N)), so that a block whose prefix lands exactly on a
    /// threshold is decided as the official code decides it.
    /// </summary>
    public static double[] Thresholds(Distribution distribution, int numEarlyExits, double totalMacs)
    {
        var margin = 1.0 / (numEarlyExits + 1);
        return Enumerable.Range(0, numEarlyExits).Select(i => distribution switch
        {
            Distribution.Pareto => totalMacs * (1 - Math.Pow(0.8, i + 1)),
            Distribution.Fine => totalMacs * (1 - Math.Pow(0.95, i + 1)),
            Distribution.Linear => totalMacs * margin * (i + 1),
            Distribution.GoldenRatio => totalMacs * Math.Pow(GoldenRatio, i - numEarlyExits),
            Distribution.Quadratic => totalMacs * Math.Pow((i + 1.0) / (numEarlyExits + 1), 2),
            _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
        }).ToArray();
    }

    /// <summary>
    /// Block indices (0-based) after which each early exit sits. As in the official code: after each residual block,
    /// if the backbone prefix MACs (no exit heads) reach the next exit's threshold, that exit goes right after this
    /// block; at most one exit per block, so later exits slide to later blocks.
    /// </summary>
    public static IReadOnlyList<int> Place(BackboneProfile profile, Distribution distribution, int numEarlyExits, string modelName)
    {
        if (numEarlyExits < 0) throw new ArgumentException($"The number of early exits must be 0 or more (got {numEarlyExits}).");
        var thresholds = Thresholds(distribution, numEarlyExits, profile.TotalMacs);
        var placed = new List<int>();
        for (var b = 0; b < profile.BlockMacs.Count && placed.Count < numEarlyExits; b++)
        {
            if (profile.PrefixMacs(b) >= thresholds[placed.Count]) placed.Add(b);
        }
        if (placed.Count < numEarlyExits)
        {
            throw new ExitPlacementException(
                $"{modelName} cannot hold {numEarlyExits} early exits with the '{distribution.Name()}' distribution: only {placed.Count} " +
                $"fit (it has {profile.BlockMacs.Count} residual blocks and exit {placed.Count} would need " +
                $"{Fractions(distribution, numEarlyExits)[placed.Count]:P1} " +
                "of the MACs after one block). Use fewer exits (--num-ee), another distribution, or a deeper model.");
        }
        return placed;
    }

    /// <summary>
    /// Block indices of exits placed by hand ("s1.b2" = after block 2 of stage 1), in order, one per block: a design of one's
    /// own instead of a distribution. Unknown, repeated or out-of-order positions are an error listing the valid ones.
    /// </summary>
    public static IReadOnlyList<int> AtPositions(BackboneProfile profile, IReadOnlyList<string> positions, string modelName)
    {
        var indices = new List<int>();
        foreach (var position in positions)
        {
            var index = profile.BlockPositions.ToList().IndexOf(position.Trim().ToLowerInvariant());
            if (index < 0)
            {
                throw new ExitPlacementException(
                    $"--exits: {modelName} has no block '{position}'. Its blocks are {string.Join(", ", profile.BlockPositions)}.");
            }
            if (indices.Count > 0 && index <= indices[^1])
                throw new ExitPlacementException(
                    $"--exits: give positions in order, each after the last ('{position}' is not after '{positions[indices.Count - 1]}').");
            indices.Add(index);
        }
        return indices;
    }
}

public sealed class ExitPlacementException(string message) : ArgumentException(message);
