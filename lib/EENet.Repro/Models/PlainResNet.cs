using EENet.Repro.Cost;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>
/// The non-EE counterpart (the official resnet.py): conv1, bn1, relu, [maxpool], stage1..3 or layer1..4, avgpool,
/// fully_connected, created and initialised in that order as the official code does, so the same seed gives the
/// same weights. As an <see cref="EarlyExitModel"/> it has no early exit, so training and evaluation code is shared.
/// Its <see cref="Profile"/> (MACs per block) is what exit placement and exit costs of the EENet are measured against.
/// </summary>
public sealed class PlainResNet : EarlyExitModel
{
    private readonly List<Module<Tensor, Tensor>> sequence = new();
    private readonly Linear fully_connected;
    private readonly Softmax softmax;
    private readonly ModelDescription description;

    public PlainResNet(ModelName name, string dataset, ResNetLayout layout, long[] inputShape, int numClasses) : base(name.ToString())
    {
        var stem = layout.BuildStem(inputShape[0]);
        var blocks = layout.BuildBlocks().ToList();
        var avgpool = AdaptiveAvgPool2d(1);
        fully_connected = Linear(layout.FinalChannels, numClasses);
        softmax = Softmax(1);

        // Official key names: the stem's layers at top level, then one Sequential per stage.
        var named = new List<(string, Module<Tensor, Tensor>)>
        {
            ("conv1", (Module<Tensor, Tensor>)stem[0]), ("bn1", (Module<Tensor, Tensor>)stem[1]), ("relu", (Module<Tensor, Tensor>)stem[2]),
        };
        if (!layout.SixNPlusTwo) named.Add(("maxpool", (Module<Tensor, Tensor>)stem[3]));
        var stagePrefix = layout.SixNPlusTwo ? "stage" : "layer";
        foreach (var group in blocks.GroupBy(b => b.Stage))
        {
            named.Add(($"{stagePrefix}{group.Key}", Sequential(group.Select((b, i) => (i.ToString(), b.Module)).ToList())));
        }
        named.Add(("avgpool", avgpool));
        foreach (var (n, module) in named)
        {
            register_module(n, module);
            sequence.Add(module);
        }
        RegisterComponents();
        Layers.Initialize(this);
        Profile = BackboneProfile.Measure(stem, blocks.Select(b => (b.Position, b.Module)).ToList(), avgpool, fully_connected, inputShape);
        description = new ModelDescription(name, dataset, Profile.TotalMacs, Profile.TotalParams, [],
            layout.SixNPlusTwo ? "6n+2 CIFAR ResNet" : "ImageNet-style ResNet", "none", "none",
                "the plain counterpart answers at its one exit: cost 1.");
    }

    /// <summary>MACs of the stem, of each block and of the head, and the feature shape after each block.</summary>
    public BackboneProfile Profile { get; }

    public override int NumEarlyExits => 0;
    public override ModelDescription Description => description;

    public override Tensor ForwardStage(int k, Tensor x)
    {
        foreach (var module in sequence) x = module.call(x);
        return x;
    }

    public override ExitOutput ForwardExit(int k, Tensor features) =>
        new(softmax.call(fully_connected.call(features.flatten(1))), null);

    public override IEnumerable<Module> StageModules(int k) => sequence;

    public override IEnumerable<Module> ExitModules(int k) => [fully_connected];
}
