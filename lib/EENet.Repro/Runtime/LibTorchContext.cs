using System.Runtime.InteropServices;

namespace EENet.Repro.Runtime;

/// <summary>
/// libtorch's process-wide <c>at::globalContext()</c>, whose switches (oneDNN, NNPACK) TorchSharp does not expose: the kit
/// calls them by their symbols in libtorch_cpu.so (Linux; elsewhere the settings are left as they are).
/// </summary>
internal static class LibTorchContext
{
    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    /// <summary>
    /// Calls <paramref name="use"/> with the context; returns its result, or null off Linux or with a libtorch build that lacks
    /// the symbols.
    /// </summary>
    public static bool? TryWith(Func<IntPtr, bool> use)
    {
        if (!OperatingSystem.IsLinux()) return null;
        TorchRuntime.Initialize();
        try
        {
            return use(GlobalContext());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
