using System.Runtime.CompilerServices;
using EENet.Repro.Runtime;

namespace EENet.Repro.Tests;

internal static class TestSetup
{
    // Tests may touch TorchSharp before any kit type; load the natives first. Results depend on the thread count, and
    // tests share the machine with each other and with CI: every model trains on one thread (the kit's EENET_THREADS).
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        TorchRuntime.Initialize();
        Environment.SetEnvironmentVariable(ThreadPolicy.Variable, "1");
        TorchSharp.torch.set_num_threads(1);
    }
}
