using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace EENet.Repro.Runtime;

/// <summary>
/// Where a run ran, as result.json records it: the kit's version and commit, TorchSharp and libtorch, the device (the
/// GPU's name when there is one), the OS, cores and thread settings. Numbers depend on the thread count and the device,
/// so a result carries them.
/// </summary>
public sealed record RunEnvironment(string Kit, string Commit, string TorchSharp, string LibTorch, string Device, string Os, int Cores,
    int Threads, string OmpWaitPolicy, DateTime FinishedUtc)
{
    public static RunEnvironment Capture(torch.Device device, int threads)
    {
        var kit = typeof(RunEnvironment).Assembly;
        return new RunEnvironment(
            kit.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown",
            Metadata(kit, "SourceCommit") ?? "unknown",
            typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                ?? "unknown",
            LibTorchVersion,
            DeviceSelector.Describe(device),
            RuntimeInformation.OSDescription,
            Environment.ProcessorCount,
            threads,
            OpenMp.WaitPolicy ?? "libgomp default",
            DateTime.UtcNow);
    }

    /// <summary>The libtorch TorchSharp-cpu 0.107.0 bundles (TorchSharp does not expose the version at run time).</summary>
    public const string LibTorchVersion = "2.10.0";

    private static string? Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
