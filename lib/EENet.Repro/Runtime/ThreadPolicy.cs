using EENet.Repro.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Runtime;

/// <summary>
/// How many CPU threads libtorch uses when the user does not say (--threads 0): all cores for the ResNets, at most
/// <see cref="SmallModelThreads"/> for a model as small as EENet-8, whose 2–8-channel operations leave little to split.
/// The 7× slowdown EENet-8 once had at 2 threads came from NNPACK's spinning thread pool, now off (<see cref="NnPack"/>);
/// without it, EENet-8 trains as fast at 2 threads as at 1 on 2 cores, and EENet-20 1.4–1.8× faster. The rule is static —
/// the model and the cores this process may use, never a timing — so the same configuration on the same machine always
/// gets the same thread count and the same numbers. $EENET_THREADS sets another default (e.g. 1 on a machine shared with
/// other jobs; `reproduce --jobs` gives each worker its share of the cores). Measurements in docs/benchmarks.md.
/// </summary>
public static class ThreadPolicy
{
    /// <summary>Environment variable with a default thread count for every model (0 or unset: the rule).</summary>
    public const string Variable = "EENET_THREADS";

    /// <summary>Below this many MACs per example a model is small (EENet-8: 0.19 M; ResNet-20: 41 M).</summary>
    public const long SmallModelMacs = 5_000_000;

    /// <summary>
    /// Thread cap for small models: measured equal to 1 thread or faster at 2 on 2 cores; more threads were not measured
    /// and cannot help much with 2–8 channels, while every idle OpenMP worker spins.
    /// </summary>
    public const int SmallModelThreads = 2;

    /// <summary>The thread count for training <paramref name="model"/>: <paramref name="requested"/> when above 0, else the rule.</summary>
    public static int ForTraining(EarlyExitModel model, int requested) =>
        requested > 0 ? requested
        : int.TryParse(Environment.GetEnvironmentVariable(Variable), out var fromEnv) && fromEnv > 0 ? fromEnv
        : model.Description.TotalMacs < SmallModelMacs ? Math.Clamp(Environment.ProcessorCount, 1, SmallModelThreads)
        : Math.Max(1, Environment.ProcessorCount);

    /// <summary>The thread count for evaluating <paramref name="model"/>.</summary>
    public static int ForInference(EarlyExitModel model, int requested) => ForTraining(model, requested);

    /// <summary>Sets the training thread count (CPU only) and returns it.</summary>
    public static int ApplyForTraining(EarlyExitModel model, int requested, Device device) =>
        Apply(ForTraining(model, requested), device);

    public static int ApplyForInference(EarlyExitModel model, Device device, int requested = 0) =>
        Apply(ForInference(model, requested), device);

    private static int Apply(int threads, Device device)
    {
        if (device.type != DeviceType.CPU) return torch.get_num_threads();
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
        return threads;
    }
}
