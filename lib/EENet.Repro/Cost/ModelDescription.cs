namespace EENet.Repro.Cost;

/// <summary>
/// One early exit as <c>describe</c> reports it. <see cref="Cost"/> follows the official code: MACs of the backbone
/// prefix the exit stands on over the plain counterpart's MACs (the exit head is not included), which reproduces
/// the official per-exit costs. <see cref="Macs"/> and <see cref="Params"/> are what answering at this exit really
/// takes: backbone prefix plus this exit's head.
/// </summary>
public sealed record ExitDescription(int Index, string Position, long Macs, long Params, double Cost,
    long BackboneMacs, long HeadMacs, long HeadParams);

/// <summary>A model's costs: totals are those of the plain (non-EE) counterpart; exits are early exits only, in order.</summary>
public sealed record ModelDescription(string Model, string Dataset, long TotalMacs, long TotalParams,
    IReadOnlyList<ExitDescription> Exits, string Family, string Distribution, string ExitType);
