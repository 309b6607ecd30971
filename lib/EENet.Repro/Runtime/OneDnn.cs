using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EENet.Repro.Runtime;

/// <summary>
/// Chooses libtorch's oneDNN (mkldnn) CPU path per phase. Training: oneDNN's backward pays for ResNets (16+ channels:
/// EENet-20 trains 1.75× faster with it) and costs for EENet-8's 2–8 channels (it trains 16 % faster without).
/// Inference: always on (EENet-8's eval-mode forward at batch 128 takes 6 ms with it, 156 ms without). Figures in
/// docs/benchmarks.md. The switch is libtorch's process-wide
/// at::globalContext().setUserEnabledMkldnn, which TorchSharp does not expose: it is called by its symbol in
/// libtorch_cpu.so (Linux; elsewhere the setting is left as it is).
/// </summary>
public static class OneDnn
{
    /// <summary>Below this many output channels in its smallest convolution, a model runs without oneDNN.</summary>
    public const int MinChannels = 16;

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    /// <summary>
    /// Whether oneDNN suits training the model: every convolution has at least <see cref="MinChannels"/> output channels.
    /// </summary>
    public static bool SuitsModel(nn.Module model) =>
        model.named_modules().Select(m => m.module).OfType<Conv2d>().All(c => c.weight!.shape[0] >= MinChannels);

    /// <summary>
    /// The CPU path for training <paramref name="model"/>; returns the state now in force, or null where it cannot be set.
    /// </summary>
    public static bool? ConfigureForTraining(nn.Module model) => TrySetEnabled(SuitsModel(model));

    /// <summary>The CPU path for inference: oneDNN on, for every model.</summary>
    public static bool? ConfigureForInference() => TrySetEnabled(true);

    public static bool? TrySetEnabled(bool enabled)
    {
        NnPack.Disable(); // the other CPU convolution path, with its own spinning thread pool
        return LibTorchContext.TryWith(context =>
        {
            SetUserEnabledMkldnn(context, enabled);
            return UserEnabledMkldnn(context);
        });
    }
}
