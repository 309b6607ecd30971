using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>What an exit answers for a batch: class probabilities (B×K) and, for early exits, confidence h (B×1).</summary>
public sealed record ExitOutput(Tensor Probabilities, Tensor? Confidence);

/// <summary>
/// An early-exit block: a confidence branch (Linear→Sigmoid) and a softmax branch (Linear→Softmax) with separate
/// parameters, fed by one of three feature reducers. Unlike the official code, Plain sizes its heads on the real
/// feature map (C·H·W), and Bnpool's BatchNorm is a registered submodule followed by ReLU, so it is trained,
/// moved to the device, switched by eval() and counted.
/// </summary>
public sealed class ExitBlock : Module<Tensor, ExitOutput>
{
    private readonly BatchNorm2d? bn;
    private readonly ReLU? relu;
    private readonly AdaptiveAvgPool2d? pool;
    private readonly Sequential confidence;
    private readonly Sequential classifier;

    public ExitType Type { get; }
    public long Features { get; }

    /// <param name="featureShape">C, H, W of the feature map the exit reads.</param>
    public ExitBlock(ExitType type, long[] featureShape, int numClasses) : base($"ExitBlock_{type}")
    {
        Type = type;
        var channels = featureShape[0];
        Features = type == ExitType.Plain ? featureShape[0] * featureShape[1] * featureShape[2] : channels;
        if (type == ExitType.Bnpool)
        {
            bn = BatchNorm2d(channels);
            relu = ReLU();
        }
        if (type != ExitType.Plain)
        {
            pool = AdaptiveAvgPool2d(1);
        }
        confidence = Sequential(("0", Linear(Features, 1)), ("1", Sigmoid()));
        classifier = Sequential(("0", Linear(Features, numClasses)), ("1", Softmax(1)));
        RegisterComponents();
    }

    public override ExitOutput forward(Tensor x)
    {
        if (bn is not null && relu is not null)
        {
            x = relu.call(bn.call(x));
        }
        if (pool is not null)
        {
            x = pool.call(x);
        }
        x = x.flatten(1);
        return new ExitOutput(classifier.call(x), confidence.call(x));
    }
}
