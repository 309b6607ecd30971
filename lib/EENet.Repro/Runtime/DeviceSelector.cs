using EENet.Repro.Options;
using TorchSharp;

namespace EENet.Repro.Runtime;

/// <summary>The device option: CUDA when available, or a fixed choice.</summary>
public enum DeviceChoice { Auto, Cpu, Cuda }

/// <summary>Turns the kit's device option (auto | cpu | cuda) into a TorchSharp device.</summary>
public static class DeviceSelector
{
    public static readonly Choices<DeviceChoice> Choices = new(
        (DeviceChoice.Auto, "auto", []),
        (DeviceChoice.Cpu, "cpu", []),
        (DeviceChoice.Cuda, "cuda", []));

    public static string Name(this DeviceChoice d) => Choices.Name(d);

    public static torch.Device Resolve(DeviceChoice choice)
    {
        TorchRuntime.Initialize();
        switch (choice)
        {
            case DeviceChoice.Auto:
                return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            case DeviceChoice.Cpu:
                return torch.CPU;
            default:
                if (!torch.cuda.is_available())
                {
                    throw new OptionException(
                        "--device cuda: CUDA is not available (torch.cuda.is_available() is false). " +
                        "Build the kit with -p:TorchBackend=cuda on a machine with an NVIDIA GPU and driver (see README, " +
                        "'Switching to CUDA'), or use --device cpu.");
                }
                return torch.CUDA;
        }
    }

    /// <summary>A human-readable name of the device: the GPU's where CUDA is used.</summary>
    public static string Describe(torch.Device device) =>
        device.type == DeviceType.CUDA ? $"cuda ({CudaName()})" : "cpu";

    private static string CudaName()
    {
        try
        {
            return torch.cuda.device_count() > 0 ? $"{torch.cuda.device_count()} GPU(s)" : "no GPU";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "GPU";
        }
    }
}
