using EENet.Repro.Cost;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>
/// EENet-8, the official custom network for MNIST (custom_eenet.py): biased convolutions, 2 or 4 starting filters,
/// two fixed early exits after the first and second residual blocks. Its exit costs are the official constants
/// 0.08 and 0.26 (from a Keras profiler count: 546/6982 and 1844/6982 FLOPs for 2 filters), not measured here.
/// </summary>
public sealed class EENet8 : EarlyExitModel
{
    /// <summary>Official code, custom_eenet.py: cost_0, cost_1 = 0.08, 0.26 (same for 2 and 4 filters).</summary>
    public static readonly double[] OfficialCosts = [0.08, 0.26];

    private readonly Sequential initblock;
    private readonly Sequential basicblock1;
    private readonly Sequential basicblock2;
    private readonly Sequential basicblock3;
    private readonly Sequential finalblock;
    private readonly Conv2d conv2d_6;
    private readonly Conv2d conv2d_9;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Sequential exit0_classifier;
    private readonly Sequential exit1_classifier;
    private readonly Sequential exit0_confidence;
    private readonly Sequential exit1_confidence;
    private readonly Sequential classifier;
    private readonly long filters;
    private readonly ModelDescription description;

    public EENet8(string dataset, long[] inputShape, int numClasses, int filters) : base("eenet8")
    {
        if (filters is < 1 or > ModelSpec.MaxFilters)
            throw new Options.OptionException($"--filters must be in 1..{ModelSpec.MaxFilters} (got {filters}); the paper uses 2 or 4.");
        this.filters = filters;
        long f = filters;
        initblock = Sequential(
            ("0", Conv2d(inputShape[0], f, kernel_size: 3, stride: 1, padding: 1L)),
            ("1", BatchNorm2d(f)),
            ("2", ReLU(inplace: true)));
        basicblock1 = Sequential(
            ("0", Conv2d(f, f, kernel_size: 3, stride: 1, padding: 1L)),
            ("1", BatchNorm2d(f)),
            ("2", ReLU(inplace: true)),
            ("3", Conv2d(f, f, kernel_size: 3, stride: 1, padding: 1L)));
        basicblock2 = BasicBlock(f);
        basicblock3 = BasicBlock(f * 2);
        finalblock = Sequential(("0", BatchNorm2d(f * 4)), ("1", ReLU(inplace: true)), ("2", AdaptiveAvgPool2d(1)));
        conv2d_6 = Conv2d(f, f * 2, kernel_size: 1, stride: 2, padding: 0L);
        conv2d_9 = Conv2d(f * 2, f * 4, kernel_size: 1, stride: 2, padding: 0L);
        pool = AdaptiveAvgPool2d(1);
        exit0_classifier = Classifier(f, numClasses);
        exit1_classifier = Classifier(f * 2, numClasses);
        exit0_confidence = Sequential(("0", Linear(f, 1)), ("1", Sigmoid()));
        exit1_confidence = Sequential(("0", Linear(f * 2, 1)), ("1", Sigmoid()));
        classifier = Classifier(f * 4, numClasses);
        RegisterComponents();
        description = Describe(dataset, inputShape);
    }

    private static Sequential BasicBlock(long filterIn) => Sequential(
        ("0", BatchNorm2d(filterIn)),
        ("1", ReLU(inplace: true)),
        ("2", Conv2d(filterIn, filterIn * 2, kernel_size: 3, stride: 2, padding: 1L)),
        ("3", BatchNorm2d(filterIn * 2)),
        ("4", ReLU(inplace: true)),
        ("5", Conv2d(filterIn * 2, filterIn * 2, kernel_size: 3, stride: 1, padding: 1L)));

    private static Sequential Classifier(long features, int numClasses) =>
        Sequential(("0", Linear(features, numClasses)), ("1", Softmax(1)));

    public override int NumEarlyExits => 2;
    public override ModelDescription Description => description;
    public int Filters => (int)filters;

    public override Tensor ForwardStage(int k, Tensor x)
    {
        switch (k)
        {
            case 0:
                x = initblock.call(x);
                // The residual branch ends on a conv while x may be reused: out-of-place add.
                return basicblock1.call(x) + x;
            case 1:
                return basicblock2.call(x) + conv2d_6.call(x);
            case 2:
                return finalblock.call(basicblock3.call(x) + conv2d_9.call(x));
            default:
                throw new ArgumentOutOfRangeException(nameof(k), k, "EENet-8 has stages 0..2.");
        }
    }

    public override ExitOutput ForwardExit(int k, Tensor features)
    {
        switch (k)
        {
            case 0:
            {
                var e = pool.call(features).flatten(1);
                return new ExitOutput(exit0_classifier.call(e), exit0_confidence.call(e));
            }
            case 1:
            {
                var e = pool.call(features).flatten(1);
                return new ExitOutput(exit1_classifier.call(e), exit1_confidence.call(e));
            }
            case 2:
                return new ExitOutput(classifier.call(features.flatten(1)), null);
            default:
                throw new ArgumentOutOfRangeException(nameof(k), k, "EENet-8 has exits 0..2.");
        }
    }

    public override IEnumerable<Module> StageModules(int k) => k switch
    {
        0 => [initblock, basicblock1],
        1 => [basicblock2, conv2d_6],
        _ => [basicblock3, conv2d_9, finalblock],
    };

    public override IEnumerable<Module> ExitModules(int k) => k switch
    {
        0 => [exit0_classifier, exit0_confidence],
        1 => [exit1_classifier, exit1_confidence],
        _ => [classifier],
    };

    /// <summary>MACs and params with the kit's counter; costs are the official constants, the MAC share is reported beside them.</summary>
    private ModelDescription Describe(string dataset, long[] inputShape)
    {
        var totalMacs = MacCounter.Measure(this, x =>
        {
            for (var k = 0; k <= NumEarlyExits; k++) x = ForwardStage(k, x);
            return ForwardExit(NumEarlyExits, x).Probabilities; // the path to the last exit only
        }, inputShape);
        var exits = ExitCosting.Describe(this, inputShape, ["s1.b1", "s2.b1"], totalMacs, OfficialCosts);
        return new ModelDescription(ModelName.Eenet8, dataset, totalMacs, MacCounter.Parameters(this), exits,
            $"EENet-8 ({filters} filters)", "fixed", "pool", ExitCosting.Eenet8Note);
    }
}
