using EENet.Repro.Cost;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>
/// A ResNet with N early exits placed by a distribution of the plain counterpart's MACs (the official EENet).
/// Field names give the official state-dict keys: <c>stages.{k}.{i}…</c>, <c>exits.{k}.confidence.0.weight</c>,
/// <c>exits.{k}.classifier.0.weight</c>, <c>fully_connected.weight</c>.
/// </summary>
public sealed class EarlyExitResNet : EarlyExitModel
{
    private readonly ModuleList<Sequential> stages = new();
    private readonly ModuleList<ExitBlock> exits = new();
    private readonly Linear fully_connected;
    private readonly Softmax softmax;
    private readonly ModelDescription description;

    public EarlyExitResNet(string modelName, string dataset, ResNetLayout layout, long[] inputShape, int numClasses,
        int numEarlyExits, Distribution distribution, ExitType exitType) : base(modelName)
    {
        var stem = layout.BuildStem(inputShape[0]);
        var blocks = layout.BuildBlocks();
        var avgpool = AdaptiveAvgPool2d(1);
        fully_connected = Linear(layout.FinalChannels, numClasses);
        softmax = Softmax(1);

        var profile = BackboneProfile.Measure(stem, blocks.Select(b => (b.Position, b.Module)).ToList(), avgpool, fully_connected, inputShape);
        var exitAfter = ExitPlacement.Place(profile, distribution, numEarlyExits, modelName);

        var exitRecords = new List<ExitDescription>();
        var current = new List<(string, Module<Tensor, Tensor>)> { ("0", stem) };
        long prefixParams = MacCounter.Parameters(stem);
        var exitIndex = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            current.Add((current.Count.ToString(), blocks[b].Module));
            prefixParams += MacCounter.Parameters(blocks[b].Module);
            if (exitIndex < exitAfter.Count && exitAfter[exitIndex] == b)
            {
                stages.Add(Sequential(current));
                current = new List<(string, Module<Tensor, Tensor>)>();
                var exit = new ExitBlock(exitType, profile.FeatureShapes[b], numClasses);
                exits.Add(exit);
                var head = MacCounter.Measure(exit, t => exit.call(t).Probabilities, profile.FeatureShapes[b]);
                var headParams = MacCounter.Parameters(exit);
                var prefixMacs = profile.PrefixMacs(b);
                exitRecords.Add(new ExitDescription(exitIndex, blocks[b].Position, prefixMacs + head, prefixParams + headParams,
                    (double)prefixMacs / profile.TotalMacs, prefixMacs, head, headParams));
                exitIndex++;
            }
        }
        current.Add((current.Count.ToString(), avgpool));
        stages.Add(Sequential(current));

        description = new ModelDescription(modelName, dataset, profile.TotalMacs, profile.TotalParams, exitRecords,
            layout.SixNPlusTwo ? "6n+2 CIFAR ResNet" : "ImageNet-style ResNet", distribution.Name(), exitType.Name());
        RegisterComponents();
        Layers.Initialize(this);
    }

    public override int NumEarlyExits => exits.Count;
    public override ModelDescription Description => description;

    public override Tensor ForwardStage(int k, Tensor x) => stages[k].call(x);

    public override ExitOutput ForwardExit(int k, Tensor features)
    {
        if (k < exits.Count) return exits[k].call(features);
        return new ExitOutput(softmax.call(fully_connected.call(features.flatten(1))), null);
    }
}
