using System.CommandLine;
using System.Globalization;
using EENet.Repro.Datasets;

namespace EENet.Repro.DataScripts;

/// <summary>The fetch / verify / list commands; callable in-process with any writers.</summary>
public static class DataScriptsCli
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var dataset = new Argument<string[]>("dataset")
        {
            Description = $"One or more of {DatasetCatalog.NameList}, or all.", Arity = ArgumentArity.OneOrMore,
        };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data folder (default: ${DataDirectory.Variable} or ./data)." };
        var mirror = new Option<string[]>("--mirror") { Description =
            "Base URL of a mirror holding the files (tried before the public mirrors; repeatable).",
                AllowMultipleArgumentsPerToken = false };
        var from = new Option<string?>("--from") { Description = "Folder with already-downloaded files: no network is used." };
        var force = new Option<bool>("--force") { Description = "Verify and unpack again even when the dataset is stamped as done." };
        var noLocal = new Option<bool>("--no-local") { Description = "Do not take files from system folders (Debian's Fashion-MNIST)." };

        var fetch = new Command("fetch", "Download (or copy), verify and unpack datasets; a no-op when it is already there and verified.")
        {
            dataset, dataDir, mirror, from, force, noLocal,
        };
        fetch.SetAction(async (r, cancel) =>
        {
            var entries = Entries(r.GetValue(dataset)!, error);
            if (entries is null) return 2;
            var from_ = r.GetValue(from);
            if (from_ is not null && !Directory.Exists(from_)) return Fail(error, $"--from: folder {from_} does not exist.");
            foreach (var m in r.GetValue(mirror) ?? [])
            {
                if (!Uri.TryCreate(m, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                    return Fail(error, $"--mirror: '{m}' is not an http(s) URL.");
            }
            using var http = Downloader.CreateClient();
            var fetcher = new DatasetFetcher(DataDirectory.Resolve(r.GetValue(dataDir)), http, line => error.WriteLine(line),
                new ConsoleDownloadProgress(error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected))
            {
                Mirrors = r.GetValue(mirror) ?? [],
                FromDir = from_,
                Force = r.GetValue(force),
                UseLocalSources = !r.GetValue(noLocal),
            };
            var failed = 0;
            foreach (var entry in entries)
            {
                try
                {
                    var report = await fetcher.FetchAsync(entry, cancel);
                    foreach (var action in report.Actions) output.WriteLine(action);
                }
                catch (Exception e) when (e is FetchException or IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"error: {e.Message}");
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        });

        var verify = new Command("verify", "Check every file of fetched datasets against its published checksum.") { dataset, dataDir };
        verify.SetAction(r =>
        {
            var entries = Entries(r.GetValue(dataset)!, error);
            if (entries is null) return 2;
            using var http = Downloader.CreateClient();
            var fetcher = new DatasetFetcher(DataDirectory.Resolve(r.GetValue(dataDir)), http);
            var bad = 0;
            foreach (var entry in entries)
            {
                var problems = fetcher.Verify(entry);
                if (problems.Count == 0) output.WriteLine($"{entry.Name}: OK");
                else
                {
                    bad++;
                    foreach (var p in problems) error.WriteLine($"{entry.Name}: {p}");
                    error.WriteLine($"{entry.Name}: run 'dotnet run --project data-scripts -- fetch {entry.Name} --force' to fetch it " +
                        $"again.");
                }
            }
            return bad == 0 ? 0 : 1;
        });

        var list = new Command("list", "Show the datasets, their files, sizes, checksums and mirrors.");
        list.SetAction(_ =>
        {
            foreach (var entry in DatasetCatalog.All)
            {
                output.WriteLine($"{entry.Name} -> <data>/{entry.Folder} ({entry.Unpack})");
                foreach (var f in entry.Downloads)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {f.Name}  {(f.Size is { } s ? $"{s:N0} bytes" : "size not published")}  " +
                        $"{(f.Sha256 is not null ? "sha256 " + f.Sha256 : "md5 " + f.Md5)}"));
                    foreach (var u in f.Urls) output.WriteLine($"    {u}");
                }
                output.WriteLine($"  provenance: {entry.Provenance}");
            }
            return 0;
        });

        var root = new RootCommand(
            "EENet.Repro data scripts: fetch, verify and unpack MNIST, Fashion-MNIST, CIFAR-10, SVHN and Tiny-ImageNet.")
        {
            fetch, verify, list,
        };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static IReadOnlyList<DatasetInfo>? Entries(string[] names, TextWriter error)
    {
        if (names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase))) return DatasetCatalog.All;
        try
        {
            return names.Select(name => DatasetCatalog.Get(name) is { IsGenerated: false } entry ? entry
                : throw new ArgumentException($"{name} is generated in memory: nothing to fetch.")).Distinct().ToList();
        }
        catch (ArgumentException e)
        {
            Fail(error, "dataset: " + e.Message);
            return null;
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return 2;
    }
}

/// <summary>A progress bar on an interactive terminal; a line per 10 % otherwise.</summary>
internal sealed class ConsoleDownloadProgress(TextWriter error, bool interactive) : IProgress<DownloadProgress>
{
    private long lastTick;
    private int lastDecile = -1;

    public void Report(DownloadProgress p)
    {
        var fraction = p.Total is > 0 ? (double)p.Done / p.Total.Value : 0;
        var rate = p.Elapsed.TotalSeconds > 0 ? (p.Done - p.ResumedFrom) / p.Elapsed.TotalSeconds : 0;
        var eta = rate > 0 && p.Total is { } t ? TimeSpan.FromSeconds((t - p.Done) / rate) : TimeSpan.Zero;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{p.File} {p.Done / 1e6:F1}/{(p.Total is { } tt ? (tt / 1e6).ToString("F1", CultureInfo.InvariantCulture) : "?")} MB " +
            $"{rate / 1e6:F1} MB/s ETA {eta:hh\\:mm\\:ss}");
        if (interactive)
        {
            if (Environment.TickCount64 - lastTick < 200 && p.Done != p.Total) return;
            lastTick = Environment.TickCount64;
            var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
            error.Write($"\r[{bar}] {text}   ");
            if (p.Done == p.Total) error.WriteLine();
            return;
        }
        var decile = (int)(fraction * 10);
        if (decile == lastDecile) return;
        lastDecile = decile;
        error.WriteLine(text);
    }
}
