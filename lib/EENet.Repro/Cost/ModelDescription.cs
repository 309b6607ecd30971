using EENet.Repro.Models;

namespace EENet.Repro.Cost;

/// <summary>
/// One early exit as <c>describe</c> reports it. Following the official code (eenet.py add_exit_block counts
/// <c>nn.Sequential(*stages, exit)</c>), <see cref="Macs"/> is the backbone prefix plus the exit head as the official
/// counter sees it — its two Linear layers; the exit's pooling (and bnpool's BatchNorm and ReLU) sit outside what that
/// counter hooks and are listed apart in <see cref="UncountedHeadMacs"/>. <see cref="MacShare"/> = Macs / the plain
/// counterpart's MACs. <see cref="Cost"/> is what the loss and the evaluation use: the MAC share for ResNets, the
/// official constants 0.08 / 0.26 for EENet-8.
/// </summary>
public sealed record ExitDescription(int Index, string Position, long BackboneMacs, long HeadMacs, long UncountedHeadMacs, long Macs,
    long Params, long HeadParams, double Cost, double MacShare);

/// <summary>A model's costs: totals are those of the plain (non-EE) counterpart; exits are early exits only, in order.</summary>
/// <param name="CostNote">One sentence on where the costs come from (why EENet-8's differ from its MAC share).</param>
public sealed record ModelDescription(ModelName Model, string Dataset, long TotalMacs, long TotalParams,
    IReadOnlyList<ExitDescription> Exits, string Family, string Distribution, string ExitType, string CostNote);
