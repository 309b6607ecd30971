using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace EENet.Repro.Runtime;

/// <summary>
/// Makes TorchSharp's native libraries load wherever the kit runs: a bin folder (the build already patched
/// it), a test host, or a notebook kernel that loads TorchSharp straight from the NuGet cache and reads no
/// deps.json. Call <see cref="Initialize"/> before the first tensor operation; the library's module
/// initializer does, so any use of a kit type is enough.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _initialized;

#pragma warning disable CA2255 // a library module initializer is the point: it runs before any TorchSharp call from kit code.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void InitializeOnLoad()
    {
        SkiaRuntime.Initialize();
        Initialize();
    }

    public static void Initialize()
    {
        lock (Gate)
        {
            if (_initialized) return;
            _initialized = true;
            if (!OperatingSystem.IsLinux()) return;

            var torchSharpDir = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
            var folders = CandidateFolders(torchSharpDir).Where(Directory.Exists).Distinct().ToList();

            var bridge = FindFirst(folders, "libLibTorchSharp.so");
            if (bridge is null) return; // Not a layout we know (e.g. a CUDA package set): leave loading to TorchSharp.
            EnsurePatched(bridge);

            // Load libtorch by absolute path first, so a system libtorch (Debian's python3-torch) cannot be
            // picked up by name and fail later with an undefined symbol.
            foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so" })
            {
                var path = FindFirst(folders, name);
                if (path is not null) NativeLibrary.TryLoad(path, out _);
            }
            NativeLibrary.TryLoad(bridge, out _);
        }
    }

    private static void EnsurePatched(string bridge)
    {
        if (ElfVersionNeedPatcher.Inspect(bridge) != ElfVersionNeedPatcher.Outcome.Patched) return;
        try
        {
            ElfVersionNeedPatcher.PatchFile(bridge);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException(
                $"TorchSharp's native bridge '{bridge}' needs {ElfVersionNeedPatcher.GlibcxxVersion} (GCC 13's libstdc++), " +
                $"which this system lacks, and the kit could not patch it ({e.Message}). Make the file writable, or run " +
                "'dotnet build' on the kit once (the build patches its own copies). See README, Troubleshooting.", e);
        }
    }

    private static IEnumerable<string> CandidateFolders(string torchSharpDir)
    {
        const string rid = "runtimes/linux-x64/native";
        yield return AppContext.BaseDirectory;
        yield return Path.Combine(AppContext.BaseDirectory, rid);
        yield return torchSharpDir;
        yield return Path.Combine(torchSharpDir, rid);
        // NuGet cache layout: torchsharp/<v>/lib/net8.0/TorchSharp.dll and torchsharp/<v>/runtimes/linux-x64/native.
        var packageRoot = Path.GetFullPath(Path.Combine(torchSharpDir, "..", ".."));
        yield return Path.Combine(packageRoot, rid);
        var packagesDir = Path.GetFullPath(Path.Combine(packageRoot, "..", ".."));
        foreach (var libtorch in new[] { "libtorch-cpu-linux-x64", "libtorch-cuda-12.8-linux-x64" })
        {
            var dir = Path.Combine(packagesDir, libtorch);
            if (!Directory.Exists(dir)) continue;
            foreach (var version in Directory.GetDirectories(dir).OrderDescending(StringComparer.Ordinal))
            {
                yield return Path.Combine(version, rid);
            }
        }
    }

    private static string? FindFirst(IEnumerable<string> folders, string file) =>
        folders.Select(f => Path.Combine(f, file)).FirstOrDefault(File.Exists);
}
