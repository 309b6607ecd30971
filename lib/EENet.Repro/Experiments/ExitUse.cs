using EENet.Repro.Inference;

namespace EENet.Repro.Experiments;

/// <summary>
/// How one run uses its exits at a threshold (RQ1): the share of the test set at each exit, dead exits, the normalised
/// entropy of the exit choice overall and within each class, and the share of classes whose examples use at least two
/// exits. An exit is "used" by a set when it takes at least <see cref="DeadShare"/> of it.
/// </summary>
public sealed record ExitUse(double[] Shares, int[] DeadExits, double Entropy, double[] ClassEntropy, double ClassesUsingTwoExits)
{
    /// <summary>An exit that takes less than 1 % of a set is flagged dead for that set (the kit's threshold for reports).</summary>
    public const double DeadShare = 0.01;

    /// <summary>
    /// Below this share an exit counts as unused by the check that every exit is used: 0.1 % (10 of 10,000 test images), under
    /// the paper's smallest share (0.47 % at EENet-8's first exit), which the 1 % dead flag would itself catch.
    /// </summary>
    public const double UnusedShare = 0.001;

    public static ExitUse Of(ExitTrace trace, double threshold)
    {
        var at = trace.At(threshold);
        var n = (double)at.Count;
        var shares = at.ExitCounts.Select(c => c / n).ToArray();
        var dead = Enumerable.Range(0, shares.Length).Where(k => shares[k] < DeadShare).ToArray();
        var classes = at.Labels.Distinct().Order().ToArray();
        var classEntropy = new double[classes.Length];
        var twoOrMore = 0;
        for (var c = 0; c < classes.Length; c++)
        {
            var counts = new int[shares.Length];
            var members = 0;
            for (var i = 0; i < at.Count; i++)
            {
                if (at.Labels[i] != classes[c]) continue;
                counts[at.Exits[i]]++;
                members++;
            }
            classEntropy[c] = NormalisedEntropy(counts.Select(x => (double)x / members).ToArray());
            if (counts.Count(x => x >= DeadShare * members && x > 0) >= 2) twoOrMore++;
        }
        return new ExitUse(shares, dead, NormalisedEntropy(shares), classEntropy, classes.Length == 0 ? 0
            : (double)twoOrMore / classes.Length);
    }

    /// <summary>
    /// Shannon entropy of a distribution over k outcomes divided by log k: 0 = one exit takes all, 1 = all exits equally.
    /// </summary>
    public static double NormalisedEntropy(IReadOnlyList<double> p)
    {
        if (p.Count < 2) return 0;
        var h = -p.Where(x => x > 0).Sum(x => x * Math.Log(x));
        return h <= 0 ? 0 : h / Math.Log(p.Count); // no −0 for a single busy exit
    }
}
