using EENet.Repro.Inference;
using EENet.Repro.Training;

namespace EENet.Repro.Experiments;

/// <summary>
/// One configuration of a research question (the seed is the runner's): a label, the group it is compared in, the config.
/// </summary>
public sealed record RunSpec(string Label, string Group, TrainingConfig Config);

/// <summary>One finished run: its training result and the trace of every exit on the test set.</summary>
public sealed record RunRecord(RunSpec Spec, long Seed, TrainingResult Result, ExitTrace Trace, string Folder)
{
    public string Label => Spec.Label;
    public string Group => Spec.Group;
}

/// <summary>How many runs a research question needed, and how many came from the results cache.</summary>
public sealed record RunCounts(int Total, int Cached, int Trained);
