using EENet.Repro.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Runtime;

/// <summary>
/// How many CPU threads libtorch uses when the user does not say (--threads 0): one for a model as small as EENet-8, all
/// cores for the ResNets. libtorch splits each operation over its threads through two pools (libgomp's for ATen's
/// operations and a second inside libtorch's BLAS), and idle workers of both spin between operations: with EENet-8's
/// 2–8-channel operations there is nothing to split, and at 2 threads on 2 cores the spinning workers of the two pools
/// take the cores the main thread needs (EENet-8: 100 ms per step at 2 threads against 14 ms at 1). A ResNet's
/// convolutions are large enough to divide (EENet-20: 99 ms at 2 threads, 175 ms at 1). The rule is static — the model and
/// the cores this process may use, never a timing — so the same configuration on the same machine always gets the same
/// thread count and the same numbers. $EENET_THREADS sets another default (e.g. 1 on a machine shared with other jobs).
/// Measurements in docs/benchmarks.md.
/// </summary>
public static class ThreadPolicy
{
    /// <summary>Environment variable with a default thread count for every model (0 or unset: the rule).</summary>
    public const string Variable = "EENET_THREADS";

    /// <summary>Below this many MACs per example, one thread is fastest (EENet-8: 0.19 M; ResNet-20: 41 M).</summary>
    public const long SmallModelMacs = 5_000_000;

    /// <summary>The thread count for training <paramref name="model"/>: <paramref name="requested"/> when above 0, else the rule.</summary>
    public static int ForTraining(EarlyExitModel model, int requested) =>
        requested > 0 ? requested
        : int.TryParse(Environment.GetEnvironmentVariable(Variable), out var fromEnv) && fromEnv > 0 ? fromEnv
        : model.Description.TotalMacs < SmallModelMacs ? 1 : Math.Max(1, Environment.ProcessorCount);

    /// <summary>The thread count for evaluating <paramref name="model"/>.</summary>
    public static int ForInference(EarlyExitModel model, int requested) => ForTraining(model, requested);

    /// <summary>Sets the training thread count (CPU only) and returns it.</summary>
    public static int ApplyForTraining(EarlyExitModel model, int batchSize, int requested, Device device) =>
        Apply(ForTraining(model, requested), device);

    public static int ApplyForInference(EarlyExitModel model, Device device, int requested = 0) => Apply(ForInference(model, requested), device);

    private static int Apply(int threads, Device device)
    {
        if (device.type != DeviceType.CPU) return torch.get_num_threads();
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
        return threads;
    }
}
