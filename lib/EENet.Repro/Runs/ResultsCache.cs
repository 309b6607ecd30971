using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EENet.Repro.Runtime;
using EENet.Repro.Training;

namespace EENet.Repro.Runs;

/// <summary>
/// One cache of finished runs for every research question: <c>&lt;results&gt;/runs/&lt;run id&gt;/seed-&lt;n&gt;/</c>, a
/// <see cref="RunDirectory"/> each. The run id is a slug of the configuration plus a hash of every setting that decides
/// its numbers (not the seed, device, thread count or evaluation batch size) and of <see cref="NumericsVersion"/>, so the
/// same configuration used by two questions trains once, and a change to the kit that changes the numbers never reuses
/// a stale run.
/// </summary>
public sealed class ResultsCache(string root)
{
    /// <summary>Environment variable for the results folder (default ./results).</summary>
    public const string Variable = "EENET_RESULTS_DIR";

    /// <summary>
    /// Bumped whenever the kit changes the numbers a configuration produces. 2: exit costs include the exit heads' Linear
    /// layers, the kept epoch is the one with the lowest validation loss, generated stand-ins are augmented like the
    /// datasets they stand in for, and ResNet EENets draw their initial weights in the official order. 3: NNPACK off (EENet-8's
    /// convolutions run as im2col + GEMM) and the ResNets train channels-last on the CPU (other kernels, other rounding).
    /// </summary>
    public const string NumericsVersion = "3";

    public const string RunsFolder = "runs";
    public const string ConfigFile = "config.json";

    public string Root { get; } = root;

    public static string DefaultRoot(string fallback = "results") =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnv ? fromEnv : fallback;

    public static string RunId(TrainingConfig config)
    {
        var key = JsonSerializer.Serialize(Canonical(config), TrainingConfig.Json) + "|numerics=" + NumericsVersion;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..10];
        var slug = $"{config.Model}-{config.Dataset}" + (config.Model.HasEarlyExits && config.Model.Family != Models.ModelFamily.Eenet8
            ? config.ExitPositions is { Length: > 0 } positions
                ? $"-custom-{string.Join('-', positions).Replace('.', '_')}-{Models.ExitTypes.Name(config.ExitType)}"
                : $"-{config.NumEarlyExits}ee-{Cost.Distributions.Name(config.Distribution)}-{Models.ExitTypes.Name(config.ExitType)}"
            : "");
        return $"{slug}-{hash}";
    }

    /// <summary>The config with what does not decide the numbers cleared (seed is per folder).</summary>
    public static TrainingConfig Canonical(TrainingConfig config) =>
        config with { Seed = 0, Device = DeviceChoice.Auto, EvalBatchSize = 0, Threads = 0 };

    public RunDirectory Run(TrainingConfig config, long seed) =>
        new(Path.Combine(Root, RunsFolder, RunId(config), $"seed-{seed}"));

    /// <summary>Records the configuration next to its seeds (for people browsing the folder and for --list).</summary>
    public void Describe(TrainingConfig config)
    {
        var file = Path.Combine(Root, RunsFolder, RunId(config), ConfigFile);
        if (!File.Exists(file)) AtomicFile.WriteText(file, JsonSerializer.Serialize(Canonical(config), TrainingConfig.Json));
    }

    /// <summary>
    /// Writes the finished runs among <paramref name="runs"/> into a zip file (without optimiser state), for another machine.
    /// </summary>
    public int Export(string file, IEnumerable<RunDirectory> runs)
    {
        var count = 0;
        var configs = new HashSet<string>(StringComparer.Ordinal);
        AtomicFile.Write(file, writer =>
        {
            using var zip = new ZipArchive(writer.BaseStream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var run in runs.Where(r => r.IsComplete))
            {
                var relative = Path.GetRelativePath(Root, run.Path).Replace('\\', '/');
                foreach (var name in new[] { RunDirectory.ResultFile, RunDirectory.TraceFile, RunDirectory.MetricsCsvFile,
                    RunDirectory.MetricsJsonFile,
                             RunDirectory.TestExitsFile, RunDirectory.BestWeightsFile })
                {
                    var source = run.File(name);
                    if (File.Exists(source)) zip.CreateEntryFromFile(source, $"{relative}/{name}", CompressionLevel.Optimal);
                }
                var config = Path.Combine(Path.GetDirectoryName(run.Path)!, ConfigFile);
                var configEntry = $"{Path.GetDirectoryName(relative)!.Replace('\\', '/')}/{ConfigFile}";
                if (File.Exists(config) && configs.Add(configEntry)) zip.CreateEntryFromFile(config, configEntry);
                count++;
            }
        });
        return count;
    }

    /// <summary>
    /// Unpacks runs exported by <see cref="Export"/>: each run folder is written to a temporary folder and renamed into
    /// place, runs already finished here are kept, and entries outside runs/ are refused. Returns (imported, skipped).
    /// </summary>
    public (int Imported, int Skipped) Import(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"--import-results: {file} does not exist.");
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(file);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"--import-results: {file} is not a results archive written by --export-results ({e.Message}).", e);
        }
        using (zip)
        {
            var groups = new Dictionary<string, List<ZipArchiveEntry>>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                var parts = entry.FullName.Split('/');
                var valid = parts[0] == RunsFolder && parts.All(p => p.Length > 0 && p != "." && p != ".." && !p.Contains('\\'))
                            && (parts.Length == 4 || (parts.Length == 3 && parts[2] == ConfigFile));
                if (!valid) throw new InvalidDataException(
                    $"--import-results: {file} holds '{entry.FullName}', which is not a run file; nothing was imported.");
                var key = parts.Length == 4 ? string.Join('/', parts[..3]) : string.Join('/', parts[..2]);
                if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
                list.Add(entry);
            }
            int imported = 0, skipped = 0;
            foreach (var (folder, entries) in groups)
            {
                var target = Path.Combine(Root, folder);
                if (entries.Count == 1 && entries[0].Name == ConfigFile)
                {
                    if (!File.Exists(Path.Combine(target, ConfigFile))) Extract(entries[0], Path.Combine(target, ConfigFile));
                    continue;
                }
                if (new RunDirectory(target).IsComplete)
                {
                    skipped++;
                    continue;
                }
                if (!entries.Any(e => e.Name == RunDirectory.ResultFile) || !entries.Any(e => e.Name == RunDirectory.TraceFile))
                    throw new InvalidDataException(
                        $"--import-results: {folder} in {file} lacks its result or trace; nothing more was imported.");
                var temp = $"{target}.import-{Guid.NewGuid():N}";
                try
                {
                    foreach (var entry in entries) Extract(entry, Path.Combine(temp, entry.Name));
                    if (Directory.Exists(target)) Directory.Delete(target, recursive: true); // an unfinished attempt
                    Directory.Move(temp, target);
                    imported++;
                }
                finally
                {
                    if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
                }
            }
            return (imported, skipped);
        }
    }

    private static void Extract(ZipArchiveEntry entry, string destination)
    {
        if (entry.Length > 2L << 30) throw new InvalidDataException(
            $"{entry.FullName} is {entry.Length:N0} bytes: too large for a run file.");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        entry.ExtractToFile(destination, overwrite: true);
    }
}
