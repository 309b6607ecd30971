using EENet.Repro.Cost;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>
/// A ResNet with N early exits placed by a distribution of the plain counterpart's MACs (the official EENet, eenet.py).
/// Built as the official constructor builds it: the counterpart first (its MACs place the exits; creating it draws
/// from the random generator as the official code does), then stem, blocks and exit blocks interleaved, the final
/// classifier and confidence heads, then Kaiming initialisation of every convolution, so the same seed gives the
/// official initial weights. Field names give the official state-dict keys: <c>stages.{k}.{i}…</c>,
/// <c>exits.{k}.confidence.0.weight</c>, <c>exits.{k}.classifier.0.weight</c>, <c>classifier.0.weight</c>,
/// <c>confidence.0.weight</c> (the official final confidence head, unused by the losses v0–v2).
/// </summary>
public sealed class EarlyExitResNet : EarlyExitModel
{
    private readonly ModuleList<Sequential> stages = new();
    private readonly ModuleList<ExitBlock> exits = new();
    private readonly Sequential classifier;
    private readonly Sequential confidence;
    private readonly ModelDescription description;

    public EarlyExitResNet(ModelName name, string dataset, ResNetLayout layout, long[] inputShape, int numClasses,
        int numEarlyExits, Distribution distribution, ExitType exitType, IReadOnlyList<string>? exitPositions =
            null) : base(name.ToString())
    {
        using var counterpart = new PlainResNet(name.Plain, dataset, layout, inputShape, numClasses);
        var profile = counterpart.Profile;
        var exitAfter = exitPositions is { Count: > 0 }
            ? ExitPlacement.AtPositions(profile, exitPositions, name.ToString())
            : ExitPlacement.Place(profile, distribution, numEarlyExits, name.ToString());

        var current = new List<(string, Module<Tensor, Tensor>)> { ("0", layout.BuildStem(inputShape[0])) };
        var positions = new List<string>();
        var b = 0;
        foreach (var block in layout.BuildBlocks())
        {
            current.Add((current.Count.ToString(), block.Module));
            if (exits.Count < exitAfter.Count && exitAfter[exits.Count] == b)
            {
                stages.Add(Sequential(current));
                current = new List<(string, Module<Tensor, Tensor>)>();
                exits.Add(new ExitBlock(exitType, profile.FeatureShapes[b], numClasses));
                positions.Add(block.Position);
            }
            b++;
        }
        current.Add((current.Count.ToString(), AdaptiveAvgPool2d(1)));
        stages.Add(Sequential(current));
        classifier = Sequential(("0", Linear(layout.FinalChannels, numClasses)), ("1", Softmax(1)));
        confidence = Sequential(("0", Linear(layout.FinalChannels, 1)), ("1", Sigmoid()));
        RegisterComponents();
        Layers.Initialize(this);

        description = new ModelDescription(name, dataset, profile.TotalMacs, profile.TotalParams,
            ExitCosting.Describe(this, inputShape, positions, profile.TotalMacs),
            layout.SixNPlusTwo ? "6n+2 CIFAR ResNet" : "ImageNet-style ResNet", exitPositions is { Count: > 0 } ? "custom"
                : distribution.Name(), exitType.Name(),
            ExitCosting.ResNetNote);
    }

    public override int NumEarlyExits => exits.Count;
    public override ModelDescription Description => description;

    public override Tensor ForwardStage(int k, Tensor x) => stages[k].call(x);

    public override ExitOutput ForwardExit(int k, Tensor features)
    {
        if (k < exits.Count) return exits[k].call(features);
        return new ExitOutput(classifier.call(features.flatten(1)), null);
    }

    public override IEnumerable<Module> StageModules(int k) => [stages[k]];

    public override IEnumerable<Module> ExitModules(int k) => [k < exits.Count ? exits[k] : classifier];
}
