using TorchSharp;

namespace EENet.Repro.Runtime;

/// <summary>Turns the kit's device option (auto | cpu | cuda) into a TorchSharp device.</summary>
public static class DeviceSelector
{
    public static readonly string[] Choices = ["auto", "cpu", "cuda"];

    public static torch.Device Resolve(string choice)
    {
        TorchRuntime.Initialize();
        switch (choice.Trim().ToLowerInvariant())
        {
            case "auto":
                return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            case "cpu":
                return torch.CPU;
            case "cuda":
                if (!torch.cuda.is_available())
                {
                    throw new ArgumentException(
                        "Device 'cuda' was requested but CUDA is not available (torch.cuda.is_available() is false). " +
                        "Build the kit with -p:TorchBackend=cuda on a machine with an NVIDIA GPU and driver (see README, " +
                        "'Switching to CUDA'), or use --device cpu.");
                }
                return torch.CUDA;
            default:
                throw new ArgumentException($"Unknown device '{choice}'. Use one of: {string.Join(", ", Choices)}.");
        }
    }
}
