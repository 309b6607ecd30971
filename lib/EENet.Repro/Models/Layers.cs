using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>The few layer constructors and the initialisation the ResNets share.</summary>
internal static class Layers
{
    public static Conv2d Conv3x3(long inPlanes, long outPlanes, long stride = 1) =>
        Conv2d(inPlanes, outPlanes, kernel_size: 3, stride: stride, padding: 1L, bias: false);

    public static Conv2d Conv1x1(long inPlanes, long outPlanes, long stride = 1) =>
        Conv2d(inPlanes, outPlanes, kernel_size: 1, stride: stride, bias: false);

    /// <summary>Official init: conv kaiming_normal(fan_out, relu); BN weight 1, bias 0; Linear keeps PyTorch's default.</summary>
    public static void Initialize(Module model)
    {
        using var _ = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    if (bn.weight is not null) init.constant_(bn.weight, 1);
                    if (bn.bias is not null) init.constant_(bn.bias, 0);
                    break;
            }
        }
    }
}
