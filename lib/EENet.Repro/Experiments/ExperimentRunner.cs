using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EENet.Repro.Data;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Runtime;
using EENet.Repro.Training;
using TorchSharp;

namespace EENet.Repro.Experiments;

/// <summary>One configuration of an experiment (seed left to the runner).</summary>
public sealed record RunSpec(string Label, string Group, TrainingConfig Config);

/// <summary>One finished run: its training result and the trace of every exit on the test set.</summary>
public sealed record RunRecord(string Label, string Group, long Seed, TrainingResult Result, ExitTrace Trace, string Folder);

/// <summary>
/// Runs an experiment's configurations over seeds, or loads them: each run lives in
/// results/&lt;experiment&gt;/&lt;label&gt;-&lt;config hash&gt;/seed-&lt;n&gt;/ (the trainer's files plus trace.json), so
/// re-running a notebook shows results without retraining. A run interrupted earlier resumes from its checkpoint.
/// </summary>
public sealed class ExperimentRunner(string resultsDir, string? dataDir = null, string device = "auto", bool retrain = false,
    IProgress<TrainingEvent>? progress = null, Action<string>? log = null)
{
    /// <summary>Environment variable for the results folder (default ./results).</summary>
    public const string ResultsDirVariable = "EENET_RESULTS_DIR";
    public const string TraceFile = "trace.json";

    public static string DefaultResultsDir => Environment.GetEnvironmentVariable(ResultsDirVariable) is { Length: > 0 } d ? d : "results";

    private readonly Dictionary<string, (ImageDataset Train, ImageDataset Test)> data = new();

    public List<RunRecord> Run(string experiment, IReadOnlyList<RunSpec> specs, IReadOnlyList<long> seeds)
    {
        TorchRuntime.Initialize();
        var records = new List<RunRecord>();
        var total = specs.Count * seeds.Count;
        // Load every dataset that still has runs to train before training any, so missing data fails fast.
        foreach (var spec in specs.Where(s => seeds.Any(seed => retrain || !IsCached(Folder(experiment, s, seed)))))
        {
            Data(spec.Config.Dataset);
        }
        var index = 0;
        foreach (var spec in specs)
        {
            foreach (var seed in seeds)
            {
                index++;
                var config = spec.Config with { Seed = seed, Device = device };
                var folder = Folder(experiment, spec, seed);
                var resultPath = Path.Combine(folder, Trainer.ResultFile);
                var tracePath = Path.Combine(folder, TraceFile);
                if (retrain && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                if (IsCached(folder))
                {
                    log?.Invoke($"[{index}/{total}] {spec.Label}, seed {seed}: cached in {folder}");
                    records.Add(new RunRecord(spec.Label, spec.Group, seed, Read<TrainingResult>(resultPath), Read<ExitTrace>(tracePath), folder));
                    continue;
                }
                log?.Invoke($"[{index}/{total}] {spec.Label}, seed {seed}: training {config.Model} on {config.Dataset} for {config.Epochs} epoch(s)");
                var (train, test) = Data(config.Dataset);
                var resume = File.Exists(Path.Combine(folder, Trainer.LastCheckpoint)); // an earlier, interrupted attempt
                var result = new Trainer(config, progress).Run(train, test, folder, resume);
                var trace = TraceBest(config, folder, test);
                Checkpoint.WriteTextAtomically(tracePath, JsonSerializer.Serialize(trace, TrainingConfig.Json));
                records.Add(new RunRecord(spec.Label, spec.Group, seed, result, trace, folder));
            }
        }
        return records;
    }

    private string Folder(string experiment, RunSpec spec, long seed) =>
        Path.Combine(resultsDir, experiment, $"{Slug(spec.Label)}-{Hash(spec.Config with { Seed = seed })}", $"seed-{seed}");

    private static bool IsCached(string folder) =>
        File.Exists(Path.Combine(folder, Trainer.ResultFile)) && File.Exists(Path.Combine(folder, TraceFile));

    private (ImageDataset, ImageDataset) Data(string dataset)
    {
        if (!data.TryGetValue(dataset, out var split))
        {
            split = DatasetLoader.Load(DatasetInfo.Get(dataset), dataDir);
            data[dataset] = split;
        }
        return split;
    }

    private ExitTrace TraceBest(TrainingConfig config, string folder, ImageDataset test)
    {
        var (model, _, _) = TrainedModel.Open(folder);
        using var _model = model;
        model.to(DeviceSelector.Resolve(config.Device));
        using var subset = test.Take(config.TestLimit);
        return EarlyExitEvaluator.Trace(model, subset, config.EvalBatchSize);
    }

    private static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), TrainingConfig.Json) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>A short hash of everything that decides a run's numbers except the seed.</summary>
    public static string Hash(TrainingConfig config)
    {
        var key = JsonSerializer.Serialize(config with { Seed = 0, Device = "", EvalBatchSize = 0 }, TrainingConfig.Json);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..10];
    }

    private static string Slug(string label) =>
        new string(label.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
