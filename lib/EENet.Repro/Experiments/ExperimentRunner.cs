using EENet.Repro.Data;
using EENet.Repro.Datasets;
using EENet.Repro.Options;
using EENet.Repro.Runs;
using EENet.Repro.Runtime;
using EENet.Repro.Training;

namespace EENet.Repro.Experiments;

/// <summary>A share of the runs for one process of several: "--shard 2/3" is the second of three.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var k) && int.TryParse(parts[1], out var n)
            && n is >= 1 and <= 10_000 && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new OptionException($"--shard: '{text}' is not k/n with 1 ≤ k ≤ n (e.g. 1/4 for the first of four shards).");
    }

    /// <summary>Whether the run at this position of the research question's full, fixed list is this shard's.</summary>
    public bool Owns(int position) => position % Count == Index - 1;

    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>One run of a research question: its configuration and seed, its folder in the cache, and whether it is finished.</summary>
public sealed record PlannedRun(int Position, RunSpec Spec, long Seed, TrainingConfig Config, RunDirectory Folder)
{
    public bool Cached => Folder.IsComplete;
    public string Id => $"{Path.GetFileName(Path.GetDirectoryName(Folder.Path))}/seed-{Seed}";
}

/// <summary>
/// Trains (or loads from the shared <see cref="ResultsCache"/>) the runs of a research question: each configuration
/// over the profile's seeds. A run is trained under a <see cref="RunLock"/>, so processes sharing a results folder
/// (--jobs, --shard, a cluster) never train the same run twice; an interrupted run resumes from its checkpoint.
/// </summary>
public sealed class ExperimentRunner(ResultsCache cache, string? dataDir = null, DeviceChoice device =
    DeviceChoice.Auto, bool retrain = false,
    IProgress<TrainingEvent>? progress = null, Action<string>? log = null)
{
    private readonly Dictionary<string, (ImageDataset Train, ImageDataset Test)> data = new();

    public ResultsCache Cache => cache;

    /// <summary>Intra-op threads for training (0: the kit's per-model choice).</summary>
    public int Threads { get; init; }

    /// <summary>Only this share of the runs is trained here (cluster shards, --jobs workers); null: all.</summary>
    public Shard? Shard { get; init; }

    /// <summary>
    /// With <see cref="Shard"/>: once its own share is done, also train the other shards' pending runs that no process has
    /// started, from the end of the list (where their owners arrive last), so that --jobs workers finish together instead
    /// of one training alone while the other's core idles. Locks keep every run to one trainer.
    /// </summary>
    public bool HelpOthers { get; init; }

    public static List<PlannedRun> Plan(ResultsCache cache, IReadOnlyList<RunSpec> specs, IReadOnlyList<long> seeds,
        DeviceChoice device = DeviceChoice.Auto) =>
        specs.SelectMany(s => seeds.Select(seed => (Spec: s, Seed: seed)))
            .Select((r, i) =>
            {
                var config = r.Spec.Config with { Seed = r.Seed, Device = device };
                return new PlannedRun(i, r.Spec, r.Seed, config, cache.Run(config, r.Seed));
            }).ToList();

    /// <summary>Trains what is missing (this process's share) and returns every run; in shard mode, only what is finished.</summary>
    public (List<RunRecord> Runs, RunCounts Counts) Run(string experiment, IReadOnlyList<RunSpec> specs, IReadOnlyList<long> seeds)
    {
        TorchRuntime.Initialize();
        var plan = Plan(cache, specs, seeds, device);
        if (retrain)
        {
            foreach (var run in plan.Where(r => Shard?.Owns(r.Position) ?? true)) Reset(run);
        }
        var cachedBefore = plan.Count(r => r.Cached);
        var mine = plan.Where(r => !r.Cached && (Shard?.Owns(r.Position) ?? true)).ToList();
        // Load every dataset still needed before training anything, so missing data fails at once.
        foreach (var run in mine) Data(run.Config.Dataset);
        var trained = 0;
        var index = 0;
        foreach (var run in mine)
        {
            index++;
            if (TrainUnderLock(experiment, run, index, mine.Count)) trained++;
        }
        if (Shard is { } own && HelpOthers)
        {
            var others = plan.Where(r => !own.Owns(r.Position) && !r.Cached).Reverse().ToList();
            foreach (var run in others)
            {
                if (!run.Cached && TrainUnderLock(experiment, run, ++index, mine.Count + others.Count)) trained++;
            }
        }
        if (Shard is not null)
        {
            var done = plan.Where(r => r.Cached).ToList();
            log?.Invoke($"{experiment} shard {Shard}: trained {trained}; {done.Count} of {plan.Count} runs finished in {cache.Root}.");
            return (done.Select(Load).ToList(), new RunCounts(plan.Count, cachedBefore, trained));
        }
        foreach (var run in plan.Where(r => !r.Cached)) WaitFor(experiment, run);
        return (plan.Select(Load).ToList(), new RunCounts(plan.Count, cachedBefore, trained));
    }

    /// <summary>Trains one run unless another process holds its lock; true when this process trained it.</summary>
    private bool TrainUnderLock(string experiment, PlannedRun run, int index, int count)
    {
        using var runLock = RunLock.TryAcquire(run.Folder.Path, out var holder);
        if (runLock is null)
        {
            log?.Invoke($"[{index}/{count}] {run.Spec.Label}, seed {run.Seed}: being trained by " +
                $"{holder?.ToString() ?? "another process"}; skipped here.");
            return false;
        }
        if (run.Cached) return false; // finished by another process between the plan and the lock
        cache.Describe(run.Config);
        var config = run.Config with { Threads = Threads };
        log?.Invoke($"[{index}/{count}] {experiment}: {run.Spec.Label}, seed {run.Seed}: training {config.Model} on {config.Dataset} for " +
                    $"{config.Epochs} epoch(s) → {run.Folder.Path}");
        var (train, test) = Data(config.Dataset);
        var heartbeat = new Progress(progress, runLock);
        new Trainer(config, heartbeat).Run(train, test, run.Folder.Path, resume: run.Folder.HasCheckpoint);
        return true;
    }

    /// <summary>
    /// Waits for a run another process is training (its lock is touched as it trains); takes it over if the lock goes stale.
    /// </summary>
    private void WaitFor(string experiment, PlannedRun run)
    {
        var announced = false;
        while (!run.Cached)
        {
            using (var runLock = RunLock.TryAcquire(run.Folder.Path, out var holder))
            {
                if (runLock is not null)
                {
                    runLock.Dispose();
                    if (!run.Cached) TrainUnderLock(experiment, run, 1, 1);
                    continue;
                }
                if (!announced) log?.Invoke(
                    $"{run.Spec.Label}, seed {run.Seed}: waiting for {holder?.ToString() ?? "another process"} to finish it.");
                announced = true;
            }
            Thread.Sleep(TimeSpan.FromSeconds(5));
        }
    }

    private void Reset(PlannedRun run)
    {
        using var runLock = RunLock.TryAcquire(run.Folder.Path, out var holder)
            ?? throw new InvalidOperationException(
                $"--retrain: {run.Folder.Path} is being trained by {holder}; wait for it or stop that process.");
        foreach (var file in Directory.EnumerateFileSystemEntries(run.Folder.Path).Where(f => Path.GetFileName(f) != RunLock.FileName))
        {
            if (Directory.Exists(file)) Directory.Delete(file, recursive: true);
            else File.Delete(file);
        }
    }

    private static RunRecord Load(PlannedRun run) =>
        new(run.Spec, run.Seed, run.Folder.ReadResult(), run.Folder.ReadTrace(), run.Folder.Path);

    private (ImageDataset Train, ImageDataset Test) Data(string dataset)
    {
        if (!data.TryGetValue(dataset, out var split))
        {
            split = DatasetLoader.Load(DatasetCatalog.Get(dataset), dataDir);
            data[dataset] = split;
        }
        return split;
    }

    /// <summary>Passes training events on and keeps the run's lock alive.</summary>
    private sealed class Progress(IProgress<TrainingEvent>? inner, RunLock runLock) : IProgress<TrainingEvent>
    {
        public void Report(TrainingEvent value)
        {
            runLock.Heartbeat();
            inner?.Report(value);
        }
    }
}
