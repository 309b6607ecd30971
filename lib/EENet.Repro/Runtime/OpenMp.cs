using System.Runtime.InteropServices;

namespace EENet.Repro.Runtime;

/// <summary>
/// What OpenMP settings this process runs with, for result.json and reports. libtorch's bundled libgomp reads
/// OMP_WAIT_POLICY / GOMP_SPINCOUNT once, when it loads; unset, its idle workers spin for a while after each parallel
/// region. The kit leaves that default alone: measured on 2 cores (docs/benchmarks.md), spinning is what makes two threads
/// pay off for the ResNets (EENet-20: 99 ms per step at 2 threads against 162 ms with OMP_WAIT_POLICY=PASSIVE and 175 ms at
/// 1 thread). EENet-8's 7× slowdown at 2 threads was not OpenMP's spinning alone but NNPACK's second pool beside it, now
/// off (<see cref="NnPack"/>).
/// </summary>
public static class OpenMp
{
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";
    public const string SpinCountVariable = "GOMP_SPINCOUNT";

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv(string name);

    /// <summary>The wait policy (or spin count) the process was started with; null when neither is set (libgomp's default).</summary>
    public static string? WaitPolicy
    {
        get
        {
            var policy = Read(WaitPolicyVariable);
            var spin = Read(SpinCountVariable);
            return policy is not null ? policy + (spin is null ? "" : $", {SpinCountVariable}={spin}") : spin is null ? null
                : $"{SpinCountVariable}={spin}";
        }
    }

    private static string? Read(string name)
    {
        try
        {
            var value = OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(name) : Marshal.PtrToStringAnsi(GetEnv(name));
            return string.IsNullOrEmpty(value) ? null : value;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Environment.GetEnvironmentVariable(name);
        }
    }
}
