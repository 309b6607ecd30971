using EENet.Repro.Options;
using EENet.Repro.Paper;
using EENet.Repro.Runtime;
using TorchSharp;

namespace EENet.Repro.Experiments;

/// <summary>
/// How big an experiment runs. smoke: about a minute per research question on 2 CPU cores, offline data (Fashion-MNIST,
/// generated images in the other datasets' shapes): not comparable to the paper. quick: a classroom laptop without GPU,
/// real data, a few epochs on subsets: its statistical checks are indicative. full: the paper's configurations (150
/// epochs), meant for a GPU: the only profile whose statistical checks pass or fail.
/// </summary>
public enum Profile { Smoke, Quick, Full }

public static class Profiles
{
    /// <summary>Environment variable that selects the profile for the CLI, tests and notebooks.</summary>
    public const string Variable = "EENET_PROFILE";

    public static readonly Choices<Profile> Choices =
        new((Profile.Smoke, "smoke", []), (Profile.Quick, "quick", []), (Profile.Full, "full", []));

    public static Profile Parse(string text, string option = "--profile") => Choices.Parse(text, option);

    /// <summary>The explicit choice, else $EENET_PROFILE, else full with CUDA and quick without.</summary>
    public static Profile Resolve(string? explicitChoice = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitChoice)) return Parse(explicitChoice);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnv) return Parse(fromEnv, $"${Variable}");
        TorchRuntime.Initialize();
        return torch.cuda.is_available() ? Profile.Full : Profile.Quick;
    }

    /// <summary>Seeds per configuration: EENets are strongly seed-dependent, so one run is never a verdict.</summary>
    public static long[] Seeds(Profile profile) => profile switch
    {
        Profile.Smoke => [1, 2],
        _ => [1, 2, 3],
    };

    public static string Name(this Profile p) => Choices.Name(p);

    /// <summary>Whether statistical checks become pass / fail: only at the paper's budget on the paper's data.</summary>
    public static bool DecidesStatistics(this Profile p) => p == Profile.Full;

    /// <summary>Whether the profile trains on the paper's datasets (smoke uses offline stand-ins).</summary>
    public static bool UsesPaperData(this Profile p) => p != Profile.Smoke;

    /// <summary>A statistical check's verdict: pass / fail in full, indicative in quick, not comparable in smoke.</summary>
    public static Verdict VerdictFor(Profile p, bool agrees) => p switch
    {
        Profile.Full => agrees ? Verdict.Pass : Verdict.Fail,
        Profile.Quick => Verdict.Indicative,
        _ => Verdict.NotComparable,
    };

    /// <summary>One line for tables and reports: what the profile's statistical verdicts can and cannot show.</summary>
    public static string VerdictScope(this Profile p) => p switch
    {
        Profile.Full => "full profile: the paper's configurations and budget on the paper's data; statistical checks pass or fail.",
        Profile.Quick => "quick profile: real data, but a few epochs on subsets instead of 150 epochs. Statistical checks are " +
                         "indicative: they show the reproduced value, its interval and whether it points the same way as the paper, and " +
                         "cannot pass or fail.",
        _ => "smoke profile: offline stand-in data (Fashion-MNIST, generated images), 1 epoch. Statistical checks are not comparable to " +
             "the paper; only structural checks (MACs, exit positions and costs) pass or fail.",
    };
}
