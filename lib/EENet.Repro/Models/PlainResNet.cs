using EENet.Repro.Cost;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>
/// The non-EE counterpart (the official resnet.py): conv1, bn1, relu, [maxpool], stage1..3 or layer1..4, avgpool,
/// fully_connected. As an <see cref="EarlyExitModel"/> it has no early exit, so training and evaluation code is shared.
/// </summary>
public sealed class PlainResNet : EarlyExitModel
{
    private readonly List<Module<Tensor, Tensor>> sequence = new();
    private readonly Linear fully_connected;
    private readonly Softmax softmax;
    private readonly ModelDescription description;

    public PlainResNet(string modelName, string dataset, ResNetLayout layout, long[] inputShape, int numClasses) : base(modelName)
    {
        var stem = layout.BuildStem(inputShape[0]);
        var blocks = layout.BuildBlocks();
        var avgpool = AdaptiveAvgPool2d(1);
        fully_connected = Linear(layout.FinalChannels, numClasses);
        softmax = Softmax(1);
        var profile = BackboneProfile.Measure(stem, blocks.Select(b => (b.Position, b.Module)).ToList(), avgpool, fully_connected, inputShape);

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
        foreach (var (name, module) in named)
        {
            register_module(name, module);
            sequence.Add(module);
        }
        description = new ModelDescription(modelName, dataset, profile.TotalMacs, profile.TotalParams, [],
            layout.SixNPlusTwo ? "6n+2 CIFAR ResNet" : "ImageNet-style ResNet", "none", "none");
        RegisterComponents();
        Layers.Initialize(this);
    }

    public override int NumEarlyExits => 0;
    public override ModelDescription Description => description;

    public override Tensor ForwardStage(int k, Tensor x)
    {
        foreach (var module in sequence) x = module.call(x);
        return x;
    }

    public override ExitOutput ForwardExit(int k, Tensor features) =>
        new(softmax.call(fully_connected.call(features.flatten(1))), null);
}
