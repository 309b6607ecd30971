using EENet.Repro.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Cost;

/// <summary>
/// Measures what answering at each early exit costs, the way the official code does: MACs of the backbone prefix the
/// exit stands on plus the exit head's Linear layers, over the plain counterpart's MACs. Works on any
/// <see cref="EarlyExitModel"/> through its stages and exits; reads modules and shapes, never model names.
/// </summary>
public static class ExitCosting
{
    /// <summary>The official counter sees an exit head's Linear layers only (its pooling and bnpool's BatchNorm are not hooked).</summary>
    public static bool CountedInHead(Module module) => module is Linear;

    public const string ResNetNote =
        "cost = (backbone MACs up to the exit + the exit's two Linear layers) / the plain counterpart's MACs, as the official " +
        "eenet.py counts it; the exit's pooling (and bnpool's BatchNorm + ReLU) are not counted there and are listed apart.";

    public const string Eenet8Note =
        "cost: the official constants 0.08 and 0.26 (custom_eenet.py), which come from a Keras profiler count of FLOPs " +
        "(546 / 1,844 of 6,982); the kit's own MAC count, with the official PyTorch counter's conventions (every BatchNorm, " +
        "ReLU and pooling counted), gives the larger MAC share because EENet-8's tiny convolutions weigh little next to them.";

    /// <param name="positions">Where each early exit sits (e.g. "s1.b2").</param>
    /// <param name="totalMacs">MACs of the plain counterpart (the denominator of every cost).</param>
    /// <param name="fixedCosts">Costs to use instead of the MAC share (EENet-8's official constants), or null.</param>
    public static List<ExitDescription> Describe(EarlyExitModel model, long[] inputShape, IReadOnlyList<string> positions, long totalMacs,
        IReadOnlyList<double>? fixedCosts = null)
    {
        using var scope = NewDisposeScope();
        var x = zeros([1, .. inputShape]);
        long prefixMacs = 0, prefixParams = 0;
        var exits = new List<ExitDescription>();
        for (var k = 0; k < model.NumEarlyExits; k++)
        {
            var stage = k;
            (var stageMacs, x) = MacCounter.MeasureWithOutput(model, t => model.ForwardStage(stage, t), x);
            prefixMacs += stageMacs;
            prefixParams += model.StageModules(k).Sum(MacCounter.Parameters);
            var features = x.shape[1..];
            var head = MacCounter.Measure(model, t => model.ForwardExit(stage, t).Probabilities, features, CountedInHead);
            var all = MacCounter.Measure(model, t => model.ForwardExit(stage, t).Probabilities, features);
            var headParams = model.ExitModules(k).Sum(MacCounter.Parameters);
            var macs = prefixMacs + head;
            var share = (double)macs / totalMacs;
            exits.Add(new ExitDescription(k, positions[k], prefixMacs, head, all - head, macs, prefixParams + headParams, headParams,
                fixedCosts?[k] ?? share, share));
        }
        return exits;
    }
}
