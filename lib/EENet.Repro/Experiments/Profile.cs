using EENet.Repro.Runtime;
using TorchSharp;

namespace EENet.Repro.Experiments;

/// <summary>
/// How big an experiment runs. smoke: seconds on 2 CPU cores, offline data (Fashion-MNIST, generated images in the
/// other datasets' shapes), never comparable to the paper. quick: a classroom laptop without GPU, about 15 minutes per
/// notebook on real data, with documented cuts. full: the paper's configurations, meant for a GPU.
/// </summary>
public enum Profile { Smoke, Quick, Full }

public static class Profiles
{
    /// <summary>Environment variable that selects the profile for the CLI, tests and notebooks.</summary>
    public const string Variable = "EENET_PROFILE";

    public static Profile Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "smoke" => Profile.Smoke,
        "quick" => Profile.Quick,
        "full" => Profile.Full,
        _ => throw new ArgumentException($"Unknown profile '{text}'. Use one of: smoke, quick, full."),
    };

    /// <summary>The explicit choice, else $EENET_PROFILE, else full with CUDA and quick without.</summary>
    public static Profile Resolve(string? explicitChoice = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitChoice)) return Parse(explicitChoice);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnv) return Parse(fromEnv);
        TorchRuntime.Initialize();
        return torch.cuda.is_available() ? Profile.Full : Profile.Quick;
    }

    /// <summary>Seeds per configuration: EENets are strongly seed-dependent, so one run is never a verdict.</summary>
    public static long[] Seeds(Profile profile) => profile switch
    {
        Profile.Smoke => [1],
        _ => [1, 2, 3],
    };

    public static string Name(this Profile p) => p.ToString().ToLowerInvariant();

    public static bool ComparableToPaper(this Profile p) => p != Profile.Smoke;
}
