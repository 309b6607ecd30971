using System.Diagnostics;
using EENet.Repro.Experiments;
using EENet.Repro.Models;
using EENet.Repro.Runs;
using EENet.Repro.Runtime;

namespace EENet.Repro.Cli.Commands;

/// <summary>
/// <c>reproduce --jobs N</c>: trains the pending runs in N worker processes side by side (each a <c>reproduce --shard i/N
/// --help-others</c> on the same results folder, with cores / N threads: a worker done with its share takes the others'
/// unstarted runs), then the parent analyses the cached runs. Processes, not threads:
/// libtorch's thread count and oneDNN switch are process-wide.
/// </summary>
internal static class Workers
{
    /// <summary>
    /// The worker count: --jobs when given; else one (a GPU is shared by nothing; a single pending run needs no split), or one per
    /// core when runs are pending on the CPU — independent single-thread runs use two cores better than one run split over two
    /// threads (docs/benchmarks.md).
    /// </summary>
    public static int Decide(int requested, IReadOnlyList<ResearchQuestion> questions, Profile profile,
        ResultsCache cache, DeviceChoice device)
    {
        if (requested > 0) return requested;
        if (DeviceSelector.Resolve(device).type != TorchSharp.DeviceType.CPU) return 1;
        var pending = questions.SelectMany(q => ExperimentRunner.Plan(cache, q.Configurations(profile), Profiles.Seeds(profile)))
            .Where(p => !p.Cached).DistinctBy(p => p.Folder.Path).Count();
        return Math.Max(1, Math.Min(Environment.ProcessorCount, pending));
    }

    public static void Run(CliIO io, TextWriter human, int workers, IReadOnlyList<string> questions, Profile profile,
        ResultsCache cache, string? dataDir, DeviceChoice device, CancellationToken cancel)
    {
        var threads = Math.Max(1, Environment.ProcessorCount / workers);
        human.WriteLine($"training pending runs in {workers} worker processes, {threads} CPU thread(s) each (--jobs to change)");
        var cli = typeof(Cli).Assembly.Location;
        var processes = new List<(int Index, Process Process, List<string> Tail)>();
        try
        {
            for (var i = 1; i <= workers; i++)
            {
                var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true };
                var arguments = new List<string>
                {
                    cli, "reproduce", questions.Count == ResearchQuestions.Names.Count ? "all" : questions.Single(),
                    "--profile", profile.Name(), "--results", cache.Root, "--device", device.Name(),
                    "--shard", $"{i}/{workers}", "--help-others",
                    "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (dataDir is not null) arguments.AddRange(["--data-dir", dataDir]);
                foreach (var a in arguments) start.ArgumentList.Add(a);
                var process = Process.Start(start)!;
                var tail = new List<string>();
                var index = i;
                void Forward(string? line)
                {
                    if (line is null) return;
                    lock (tail)
                    {
                        tail.Add(line);
                        if (tail.Count > 20) tail.RemoveAt(0);
                    }
                    lock (human) human.WriteLine($"[worker {index}] {line}");
                }
                process.OutputDataReceived += (_, e) => Forward(e.Data);
                process.ErrorDataReceived += (_, e) => Forward(e.Data);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add((i, process, tail));
            }
            foreach (var (_, process, _) in processes)
            {
                while (!process.WaitForExit(500))
                {
                    if (cancel.IsCancellationRequested) throw new OperationCanceledException(cancel);
                }
                process.WaitForExit();
            }
            var failed = processes.FirstOrDefault(p => p.Process.ExitCode != 0);
            if (failed.Process is not null)
            {
                var code = failed.Process.ExitCode;
                throw new InvalidOperationException(
                    $"worker {failed.Index} of {workers} stopped with exit code {code}: {string.Join(" | ", failed.Tail.TakeLast(3))}");
            }
        }
        finally
        {
            foreach (var (_, process, _) in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    /// <summary>The dotnet host that runs this CLI (the apphost's own runtime when started as eenet).</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";
}
