using System.Reflection;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace EENet.Repro.Runtime;

/// <summary>
/// Finds SkiaSharp's native library (JPEG decoding, PNG encoding) when the host read no deps.json, as in a notebook
/// kernel that loads the kit with #r: a DllImport resolver looks in runtimes/&lt;rid&gt;/native next to SkiaSharp.dll.
/// In an ordinary app the resolver finds nothing new and the runtime's own probing answers.
/// </summary>
public static class SkiaRuntime
{
    private static int _registered;

    public static void Initialize()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var assembly = typeof(SKImageInfo).Assembly;
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone registered a resolver for SkiaSharp already: theirs stands.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!name.Contains("SkiaSharp", StringComparison.Ordinal)) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(name, assembly, path, out var handle)) return handle;
        var dir = Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory;
        var (rids, file) = OperatingSystem.IsWindows() ? (new[] { "win-x64", "win-arm64" }, "libSkiaSharp.dll")
            : OperatingSystem.IsMacOS() ? (new[] { "osx", "osx-arm64" }, "libSkiaSharp.dylib")
            : (new[] { RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64" }, "libSkiaSharp.so");
        // Built for this machine's runtime identifier, the native library sits next to SkiaSharp.dll; otherwise under runtimes/.
        foreach (var candidate in rids.Select(rid => Path.Combine(dir, "runtimes", rid, "native", file)).Prepend(Path.Combine(dir, file)))
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle)) return handle;
        }
        return IntPtr.Zero;
    }
}
