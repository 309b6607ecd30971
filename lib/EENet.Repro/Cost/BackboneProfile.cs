using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Cost;

/// <summary>
/// Per-piece MACs of a backbone (stem, each residual block, the head) and the feature shape after each block:
/// all that exit placement and exit costing need, measured once on a batch-1 zero input.
/// </summary>
public sealed class BackboneProfile
{
    public long StemMacs { get; }
    public IReadOnlyList<long> BlockMacs { get; }
    public IReadOnlyList<string> BlockPositions { get; }
    public IReadOnlyList<long[]> FeatureShapes { get; }
    public long HeadMacs { get; }
    public long TotalMacs { get; }
    public long TotalParams { get; }

    private BackboneProfile(long stem, List<long> blocks, List<string> positions, List<long[]> shapes, long head, long parameters)
    {
        StemMacs = stem;
        BlockMacs = blocks;
        BlockPositions = positions;
        FeatureShapes = shapes;
        HeadMacs = head;
        TotalMacs = stem + blocks.Sum() + head;
        TotalParams = parameters;
    }

    /// <summary>MACs of the stem and blocks 0..b: the backbone prefix an exit after block b stands on.</summary>
    public long PrefixMacs(int b) => StemMacs + BlockMacs.Take(b + 1).Sum();

    public static BackboneProfile Measure(Module<Tensor, Tensor> stem,
        IReadOnlyList<(string Position, Module<Tensor, Tensor> Module)> blocks,
        Module<Tensor, Tensor> pool, Linear classifier, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        var x = zeros([1, .. inputShape]);
        var (stemMacs, y) = MacCounter.MeasureWithOutput(stem, stem.call, x);
        x = y;
        var blockMacs = new List<long>();
        var shapes = new List<long[]>();
        foreach (var (_, block) in blocks)
        {
            (var macs, x) = MacCounter.MeasureWithOutput(block, block.call, x);
            blockMacs.Add(macs);
            shapes.Add(x.shape[1..]);
        }
        var (poolMacs, pooled) = MacCounter.MeasureWithOutput(pool, pool.call, x);
        var flat = pooled.flatten(1);
        var (fcMacs, _) = MacCounter.MeasureWithOutput(classifier, classifier.call, flat);
        var parameters = MacCounter.Parameters(stem) + blocks.Sum(b => MacCounter.Parameters(b.Module)) + MacCounter.Parameters(classifier);
        return new BackboneProfile(stemMacs, blockMacs, blocks.Select(b => b.Position).ToList(), shapes, poolMacs + fcMacs, parameters);
    }
}
