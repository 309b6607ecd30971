namespace EENet.Repro.Paper;

/// <summary>A number the paper (or the official code) reports, and where it comes from.</summary>
public sealed record PaperNumber(double Value, string Provenance);

/// <summary>
/// The paper's numbers the kit checks. Paper: Demir &amp; Akbas, "Early-exit Convolutional Neural Networks",
/// arXiv:2409.05336. Official code: github.com/eksuas/eenets.pytorch.
/// </summary>
public static class PaperNumbers
{
    /// <summary>Inference threshold on the confidence h_i.</summary>
    public static readonly PaperNumber Threshold = new(0.5, "paper (inference rule) and official code (conf > 0.5)");

    /// <summary>Abstract: EE-ResNets keep accuracy while cutting cost "to 20% of the original".</summary>
    public static readonly PaperNumber HeadlineRelativeCost = new(0.20, "abstract: cost reduced to 20% of the original");

    /// <summary>Relative cost of EE vs non-EE ResNets, read as "cost reduced to".</summary>
    public static readonly IReadOnlyDictionary<string, PaperNumber> RelativeCost = new Dictionary<string, PaperNumber>
    {
        ["cifar10"] = new(0.20, "paper summary: CIFAR10 relative FLOPs 20%"),
        ["svhn"] = new(0.30, "paper summary: SVHN relative FLOPs 30%"),
        ["tiny-imagenet"] = new(0.42, "paper summary: Tiny-ImageNet relative FLOPs 42%"),
    };

    /// <summary>MNIST, EENet-8 (2 filters): test accuracy.</summary>
    public static readonly PaperNumber Eenet8MnistAccuracy = new(0.9655, "paper summary: MNIST EENet-8 accuracy 96.55%");

    /// <summary>MNIST, EENet-8 (2 filters): average relative cost over the 10,000 test images.</summary>
    public static readonly PaperNumber Eenet8MnistAverageCost = new(0.82, "paper summary: MNIST EENet-8 average cost 0.82");

    /// <summary>MNIST, EENet-8 (2 filters): test examples per exit (EE-block 0, EE-block 1, last exit).</summary>
    public static readonly IReadOnlyList<PaperNumber> Eenet8MnistExitCounts =
    [
        new(47, "paper summary, MNIST EENet-8 table: EE-block 0, 47 of 10,000 test examples"),
        new(2247, "paper summary, MNIST EENet-8 table: EE-block 1, 2,247 examples"),
        new(7706, "paper summary, MNIST EENet-8 table: last exit, 7,706 examples"),
    ];

    /// <summary>MNIST, EENet-8 (2 filters): FLOPs per exit as the paper's table lists them (Keras profiler).</summary>
    public static readonly IReadOnlyList<PaperNumber> Eenet8Flops =
    [
        new(546, "paper summary table and official custom_eenet.py complexity (546, 137)"),
        new(1844, "paper summary table and official custom_eenet.py complexity (1844, 407)"),
        new(6982, "paper summary table and official custom_eenet.py complexity (6982, 1490)"),
    ];

    /// <summary>Official per-exit costs for two ResNet configurations (placement and MAC counting).</summary>
    public static readonly IReadOnlyList<(string Model, string Distribution, int NumEe, PaperNumber[] Costs)> OfficialExitCosts =
    [
        ("eenet20", "fine", 2, [new(0.1282, "official code (eenet.py cost): EENet-20 fine, exit 0"), new(0.2445, "official code: EENet-20 fine, exit 1")]),
        ("eenet110", "pareto", 2, [new(0.2086, "official code (eenet.py cost): EENet-110 pareto, exit 0"), new(0.3734, "official code: EENet-110 pareto, exit 1")]),
    ];

    public const string PoolBeatsPlain = "paper summary: pool / bnpool exits beat plain exits on the accuracy-cost trade-off (qualitative)";
    public const string ExitsAreUsed = "paper summary (RQ1): examples leave at every exit, with diversity per input (qualitative)";
    public const string V2AvoidsDeadExits = "paper summary: L_v2 avoids the dead exits of L_v1 (qualitative)";
}
