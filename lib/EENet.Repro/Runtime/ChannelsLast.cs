using EENet.Repro.Models;
using static TorchSharp.torch;

namespace EENet.Repro.Runtime;

/// <summary>
/// Channels-last (NHWC) training on the CPU for the ResNets: oneDNN's convolutions run faster on NHWC memory (EENet-20 at
/// 2 threads, batch 32: 84–95 ms per step against 106–125 ms NCHW; docs/benchmarks.md). TorchSharp 0.107 has no
/// memory-format API, but an NCHW-shaped tensor with NHWC strides is what channels-last is: the convolution weights are
/// given those strides in place (<c>set_</c> keeps each parameter's identity, so the optimiser still finds it) and each
/// training batch is copied into them. Shapes, values and state-dict keys do not change; weights are written to files
/// in NCHW order (<see cref="Training.ModelState.Save"/>). Not for EENet-8: with 2–8 channels NHWC is 3× slower
/// (37 vs 12 ms per step). The optimiser must be created before <see cref="Apply"/>, so that its state stays NCHW, which
/// TorchSharp can save.
/// </summary>
public static class ChannelsLast
{
    /// <summary>Whether training <paramref name="model"/> on <paramref name="device"/> uses channels-last: ResNets on the CPU.</summary>
    public static bool SuitsTraining(EarlyExitModel model, Device device) =>
        device.type == TorchSharp.DeviceType.CPU && OneDnn.SuitsModel(model);

    /// <summary>The same values with NHWC strides (a copy); N×C×H×W tensors only.</summary>
    public static Tensor Of(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <summary>Gives every 4-D parameter (the convolution weights) NHWC strides, in place.</summary>
    public static void Apply(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var p in model.parameters().Where(p => p.dim() == 4))
        {
            using var nhwc = Of(p);
            p.set_(nhwc);
        }
    }
}
