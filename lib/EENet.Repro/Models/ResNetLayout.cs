using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>One residual block of a backbone and where it sits (stage and block, 1-based).</summary>
public sealed record BlockSlot(int Stage, int Block, Module<Tensor, Tensor> Module)
{
    public string Position => $"s{Stage}.b{Block}";
}

/// <summary>
/// The shape of a ResNet: 6n+2 CIFAR ResNets (3×3 stem, 16/32/64 channels, no max-pool) or ImageNet-style
/// ResNets (7×7/2 stem with 3×3/2 max-pool, 64..512 channels). Plain and early-exit models build from it.
/// </summary>
public sealed record ResNetLayout(int Depth, bool SixNPlusTwo, bool UsesBottleneck, int[] Repetitions)
{
    public static readonly int[] SixNPlusTwoDepths = [20, 32, 44, 56, 110];
    public static readonly int[] ImageNetDepths = [18, 34, 50, 101, 152];

    public static ResNetLayout ForDepth(int depth) => depth switch
    {
        20 or 32 or 44 or 56 or 110 => new(depth, true, false, Enumerable.Repeat((depth - 2) / 6, 3).ToArray()),
        18 => new(depth, false, false, [2, 2, 2, 2]),
        34 => new(depth, false, false, [3, 4, 6, 3]),
        50 => new(depth, false, true, [3, 4, 6, 3]),
        101 => new(depth, false, true, [3, 4, 23, 3]),
        152 => new(depth, false, true, [3, 8, 36, 3]),
        _ => throw new ArgumentException(
            $"No ResNet of depth {depth}. Use one of {string.Join(", ", SixNPlusTwoDepths.Concat(ImageNetDepths))}."),
    };

    public int Expansion => UsesBottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
    public long StemWidth => SixNPlusTwo ? 16 : 64;
    public long FinalChannels => (SixNPlusTwo ? 64 : 512) * Expansion;
    public int BlockCount => Repetitions.Sum();

    /// <summary>Stem as the official Sequential: conv, bn, relu (and max-pool for ImageNet-style).</summary>
    public Sequential BuildStem(long inChannels)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        if (SixNPlusTwo)
        {
            layers.Add(("0", Conv2d(inChannels, 16, kernel_size: 3, stride: 1, padding: 1L, bias: false)));
        }
        else
        {
            layers.Add(("0", Conv2d(inChannels, 64, kernel_size: 7, stride: 2, padding: 3L, bias: false)));
        }
        layers.Add(("1", BatchNorm2d(StemWidth)));
        layers.Add(("2", ReLU(inplace: true)));
        if (!SixNPlusTwo)
        {
            layers.Add(("3", MaxPool2d(kernel_size: 3, stride: 2, padding: 1)));
        }
        return Sequential(layers);
    }

    /// <summary>
    /// The residual blocks in order, each with the 1×1 conv + BN downsample where the shape changes, created one at a
    /// time as the sequence is enumerated: a caller can create other modules (exit blocks) between blocks, in the
    /// official code's order, so that the same seed draws the same initial weights.
    /// </summary>
    public IEnumerable<BlockSlot> BuildBlocks()
    {
        var inplanes = StemWidth;
        var planes = StemWidth;
        long stride = 1;
        for (var stage = 0; stage < Repetitions.Length; stage++)
        {
            for (var block = 0; block < Repetitions[stage]; block++)
            {
                var blockStride = block == 0 ? stride : 1;
                Sequential? downsample = null;
                if (block == 0 && (blockStride != 1 || inplanes != planes * Expansion))
                {
                    downsample = Sequential(
                        ("0", Layers.Conv1x1(inplanes, planes * Expansion, blockStride)),
                        ("1", BatchNorm2d(planes * Expansion)));
                }
                Module<Tensor, Tensor> module = UsesBottleneck
                    ? new Bottleneck(inplanes, planes, blockStride, downsample)
                    : new BasicBlock(inplanes, planes, blockStride, downsample);
                yield return new BlockSlot(stage + 1, block + 1, module);
                inplanes = planes * Expansion;
            }
            planes *= 2;
            stride = 2;
        }
    }
}
