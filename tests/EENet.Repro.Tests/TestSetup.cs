using System.Runtime.CompilerServices;
using EENet.Repro.Runtime;

namespace EENet.Repro.Tests;

internal static class TestSetup
{
    // Tests may touch TorchSharp before any kit type; load the natives first and keep thread counts explicit
    // (results differ between 1 and 2 threads, and 2 threads next to another job slow everything down).
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        TorchRuntime.Initialize();
        TorchSharp.torch.set_num_threads(1);
    }
}
