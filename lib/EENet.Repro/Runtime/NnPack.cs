using System.Runtime.InteropServices;

namespace EENet.Repro.Runtime;

/// <summary>
/// Turns off libtorch's NNPACK convolutions, process-wide, on the CPU. libtorch picks NNPACK for a convolution whenever
/// oneDNN is off (EENet-8's training path), and NNPACK splits its work over a pthreadpool of its own whose idle workers
/// spin beside OpenMP's: at 2 threads on 2 cores, EENet-8's forward pass with the loss took 78–81 ms per batch of 32
/// with NNPACK and 4–6 ms without it (1 thread: 3–5 ms either way), and the whole step went from 104 to 12 ms.
/// Without NNPACK the same convolutions run as im2col + GEMM on OpenMP's threads. Measurements in
/// docs/benchmarks.md. Like <see cref="OneDnn"/>, the switch is called by its symbol in libtorch_cpu.so (Linux only).
/// </summary>
public static class NnPack
{
    private static readonly object Gate = new();
    private static bool? _state;

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNNPACK(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNNPACK(IntPtr context);

    /// <summary>Turns NNPACK off once per process; returns whether it is now enabled, or null where it cannot be set.</summary>
    public static bool? Disable()
    {
        lock (Gate)
        {
            return _state ??= LibTorchContext.TryWith(context =>
            {
                SetUserEnabledNNPACK(context, false);
                return UserEnabledNNPACK(context);
            });
        }
    }
}
