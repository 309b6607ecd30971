namespace EENet.Repro.Paper;

/// <summary>A number the paper (or the official code) gives, and exactly where it comes from.</summary>
public sealed record PaperNumber(double Value, string Source);

/// <summary>
/// Where the kit's reference numbers come from. The paper's body could not be retrieved; each number names its real source.
/// </summary>
public static class Sources
{
    public const string Abstract =
        "abstract of arXiv:2409.05336 (Demir & Akbas): \"reducing the computational cost to 20% of the original\" (no dataset named)";

    public const string Summary =
        "a published third-party summary of the paper (not the paper's own table)";

    public const string OfficialCode = "official code, github.com/eksuas/eenets.pytorch at 888ece4";

    public const string OfficialRun =
        "measured by running the official code (github.com/eksuas/eenets.pytorch at 888ece4, eenet.py self.cost) with PyTorch 1.13.1";
}

/// <summary>
/// The numbers the kit checks, each with its source verbatim. Paper: Demir &amp; Akbas, "Early-exit Convolutional Neural
/// Networks", arXiv:2409.05336. Official code: github.com/eksuas/eenets.pytorch (HEAD 888ece4).
/// </summary>
public static class PaperNumbers
{
    /// <summary>The abstract's headline: EE-ResNets keep accuracy while cutting cost "to 20% of the original".</summary>
    public static readonly PaperNumber HeadlineRelativeCost = new(0.20, Sources.Abstract);

    private const string RelativeCostWording =
        "; its wording is ambiguous between 'reduced to' and 'reduced by' — the kit reads 'to' (as the abstract's 'to 20%'): the EENet " +
        "reaches its ResNet's accuracy at no more than this share of the ResNet's cost";

    /// <summary>Relative cost of EE vs non-EE ResNets per dataset, read as "cost reduced to".</summary>
    public static readonly IReadOnlyDictionary<string, PaperNumber> RelativeCost = new Dictionary<string, PaperNumber>
    {
        ["cifar10"] = new(0.20, Sources.Summary + ": relative FLOPs CIFAR10 20%" + RelativeCostWording),
        ["svhn"] = new(0.30, Sources.Summary + ": relative FLOPs SVHN 30%" + RelativeCostWording),
        ["tiny-imagenet"] = new(0.42, Sources.Summary + ": relative FLOPs Tiny-ImageNet 42%" + RelativeCostWording),
    };

    private const string Eenet8Table = Sources.Summary + ", MNIST table, EENet-8 with 2 filters";

    /// <summary>MNIST, EENet-8 (2 filters): test accuracy.</summary>
    public static readonly PaperNumber Eenet8MnistAccuracy = new(0.9655, Eenet8Table + ": accuracy 96.55%");

    /// <summary>
    /// MNIST, EENet-8 (2 filters): average relative cost. The same table's counts give
    /// (47·0.08 + 2,247·0.26 + 7,706·1.00) / 10,000 = 0.829, not 0.82.
    /// </summary>
    public static readonly PaperNumber Eenet8MnistAverageCost = new(0.82, Eenet8Table + ": average cost 0.82 (its exit counts give 0.829)");

    /// <summary>MNIST, EENet-8 (2 filters): test examples per exit (EE-block 0, EE-block 1, last exit) of 10,000.</summary>
    public static readonly IReadOnlyList<PaperNumber> Eenet8MnistExitCounts =
    [
        new(47, Eenet8Table + ": EE-block 0, 47 of 10,000 test examples"),
        new(2247, Eenet8Table + ": EE-block 1, 2,247 of 10,000"),
        new(7706, Eenet8Table + ": last exit, 7,706 of 10,000"),
    ];

    /// <summary>MNIST, EENet-8 (2 filters): FLOPs per exit as the table lists them (a Keras profiler count; shown, not checked).</summary>
    public static readonly IReadOnlyList<PaperNumber> Eenet8Flops =
    [
        new(546, Eenet8Table + ": FLOPs 546; official custom_eenet.py complexity (546, 137)"),
        new(1844, Eenet8Table + ": FLOPs 1,844; official custom_eenet.py complexity (1844, 407)"),
        new(6982, Eenet8Table + ": FLOPs 6,982; official custom_eenet.py complexity (6982, 1490)"),
    ];

    /// <summary>EENet-8's exit costs, hard-coded by the official code for 2 and 4 filters alike.</summary>
    public static readonly IReadOnlyList<PaperNumber> Eenet8OfficialCosts =
    [
        new(0.08, Sources.OfficialCode + ", custom_eenet.py forward: cost_0 = 0.08"),
        new(0.26, Sources.OfficialCode + ", custom_eenet.py forward: cost_1 = 0.26"),
    ];

    /// <summary>EENet-8's parameters up to each exit and in total (official complexity table), by starting filters.</summary>
    public static readonly IReadOnlyDictionary<int, PaperNumber[]> Eenet8OfficialParams = new Dictionary<int, PaperNumber[]>
    {
        [2] = [new(137, Sources.OfficialCode + ", custom_eenet.py complexity (546, 137)"), new(407, Sources.OfficialCode + ", (1844, 407)"),
            new(1490, Sources.OfficialCode + ", (6982, 1490)")],
        [4] = [new(407, Sources.OfficialCode + ", custom_eenet.py complexity for 4 filters (1792, 407)"),
            new(1395, Sources.OfficialCode + ", (6608, 1395)"),
            new(5332, Sources.OfficialCode + ", (25814, 5332)")],
    };

    /// <summary>
    /// Official per-exit costs of ResNet EENets (placement and MAC counting, exit heads included), to 6 decimals: the
    /// configurations the research questions train, measured by running the official code (the same values as
    /// tests/EENet.Repro.Tests/Fixtures/official-exit-costs.json, which holds 672). Plain exits after a downsampling stage
    /// are absent: the official code cannot build them.
    /// </summary>
    public static readonly IReadOnlyList<OfficialExitCost> OfficialExitCosts =
    [
        new("eenet20", "cifar10", "fine", 2, "pool", [0.128205, 0.244535]),
        new("eenet20", "cifar10", "pareto", 2, "pool", [0.244535, 0.360865]),
        new("eenet20", "cifar10", "linear", 2, "pool", [0.360865, 0.681371]),
        new("eenet20", "cifar10", "gold_ratio", 2, "pool", [0.451085, 0.681371]),
        new("eenet20", "cifar10", "fine", 2, "plain", [0.132553, 0.248883]),
        new("eenet20", "cifar10", "fine", 2, "bnpool", [0.128205, 0.244535]),
        new("eenet20", "cifar10", "gold_ratio", 4, "pool", [0.244535, 0.360865, 0.451085, 0.681371]),
        new("eenet20", "cifar10", "gold_ratio", 4, "bnpool", [0.244535, 0.360865, 0.451085, 0.681371]),
        new("eenet110", "cifar10", "fine", 2, "pool", [0.058295, 0.114671]),
        new("eenet110", "cifar10", "pareto", 2, "pool", [0.208632, 0.373353]),
        new("eenet110", "cifar10", "linear", 2, "pool", [0.340178, 0.670960]),
        new("eenet110", "cifar10", "gold_ratio", 2, "pool", [0.391953, 0.633759]),
        new("eenet110", "cifar10", "fine", 2, "plain", [0.058997, 0.115374]),
        new("eenet110", "cifar10", "fine", 2, "bnpool", [0.058295, 0.114671]),
        new("eenet110", "cifar10", "gold_ratio", 4, "pool", [0.152256, 0.246217, 0.391953, 0.633759]),
        new("eenet110", "cifar10", "gold_ratio", 4, "bnpool", [0.152256, 0.246217, 0.391953, 0.633759]),
        new("eenet110", "cifar10", "fine", 8, "pool", [0.058295, 0.114671, 0.152256, 0.189840, 0.227425, 0.265009, 0.302593, 0.340178]),
        new("eenet18", "tiny-imagenet", "fine", 2, "pool", [0.194083, 0.321579]),
        new("eenet18", "tiny-imagenet", "gold_ratio", 2, "pool", [0.420756, 0.646965]),
    ];

    public const string ExitsAreUsed = Sources.Summary
        + " (RQ1): examples leave at every exit, with diversity of exit choice per input (qualitative)";
    public const string PoolBeatsPlain = Sources.Summary
        + " (RQ3): pool and bnpool exits give a better accuracy-cost trade-off than plain exits (qualitative)";
    public const string DistributionsDiffer =
        Sources.Summary + " (RQ4): the distribution method of the exit blocks changes accuracy and cost, and its effect differs across " +
            "datasets (qualitative)";
    public const string SimilarAccuracy =
        "abstract of arXiv:2409.05336, paraphrased: EE-ResNets keep the accuracy of their non-EE counterparts while the cost drops " +
        "\"to 20% of the original\" (the exact wording of the accuracy claim was not retrieved; the tolerance is the kit's)";
}

/// <summary>A configuration and the exit costs the official code gives it.</summary>
public sealed record OfficialExitCost(string Model, string Dataset, string Distribution, int NumEe, string ExitType, double[] Costs)
{
    public string Source => Sources.OfficialRun;
}
