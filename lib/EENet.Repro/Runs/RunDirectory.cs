using System.Globalization;
using System.Text;
using System.Text.Json;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EENet.Repro.Runs;

/// <summary>
/// The folder of one training run and every file in it, each written atomically:
/// <c>last.ckpt</c> (model, optimiser, config, history: resumable), <c>best.pt</c> (weights of the kept epoch),
/// <c>metrics.csv</c> / <c>metrics.json</c> (per epoch), <c>result.json</c> (the test set, evaluated once, and where the
/// run ran), <c>test-exits.csv</c> (exit and prediction per test example) and <c>trace.json</c> (every exit's
/// confidence, prediction and true-class probability per test example, so any threshold is evaluated without the
/// network), and <c>tensorboard/</c> (the per-epoch curves as a TensorBoard event file). The trainer, the command line, the experiments and
/// the notebooks open runs through this type.
/// </summary>
public sealed class RunDirectory(string path)
{
    public const string LastCheckpointFile = "last.ckpt";
    public const string BestWeightsFile = "best.pt";
    public const string ResultFile = "result.json";
    public const string TraceFile = "trace.json";
    public const string TestExitsFile = "test-exits.csv";
    public const string MetricsCsvFile = "metrics.csv";
    public const string MetricsJsonFile = "metrics.json";

    public string Path { get; } = path;
    public string LastCheckpoint => File(LastCheckpointFile);
    public string BestWeights => File(BestWeightsFile);
    public string Result => File(ResultFile);
    public string Trace => File(TraceFile);

    public bool HasCheckpoint => System.IO.File.Exists(LastCheckpoint);

    /// <summary>Training finished and the test set was evaluated: result and trace are both there.</summary>
    public bool IsComplete => System.IO.File.Exists(Result) && System.IO.File.Exists(Trace);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A run folder, or the folder of a given last.ckpt; an error that says what to pass when there is none.</summary>
    public static RunDirectory Open(string folderOrCheckpoint, string option = "--checkpoint")
    {
        var folder = Directory.Exists(folderOrCheckpoint)
            ? folderOrCheckpoint
            : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(folderOrCheckpoint))!;
        var run = new RunDirectory(folder);
        var imported = System.IO.File.Exists(run.BestWeights) && System.IO.File.Exists(run.Result);
        if (!run.HasCheckpoint && !imported)
        {
            throw new FileNotFoundException(
                $"{option}: no checkpoint at {run.LastCheckpoint}. Give a run folder written by 'train --out' or its " +
                $"{LastCheckpointFile}.");
        }
        return run;
    }

    public CheckpointHeader ReadHeader() => Checkpoint.ReadHeader(LastCheckpoint);

    public void SaveCheckpoint(CheckpointHeader header, nn.Module model, OptimizerHelper optimizer) =>
        Checkpoint.Save(LastCheckpoint, header, model, optimizer);

    public CheckpointHeader LoadCheckpoint(nn.Module model, OptimizerHelper? optimizer) =>
        Checkpoint.Load(LastCheckpoint, model, optimizer);

    public void SaveBest(nn.Module model) => AtomicFile.Write(BestWeights, w => ModelState.Save(model, w));

    public void LoadBest(nn.Module model)
    {
        using var reader = new BinaryReader(System.IO.File.OpenRead(BestWeights));
        ModelState.Load(model, reader, $"{BestWeights} (try --weights last, or train again)");
    }

    /// <summary>The trained model: the kept epoch's weights (best.pt) when asked and present, else the last epoch's.</summary>
    public (EarlyExitModel Model, CheckpointHeader Header, string Weights) OpenModel(bool preferBest = true)
    {
        // Runs imported with --import-results carry their kept weights and result, not the (large) resumable checkpoint.
        var header = HasCheckpoint ? ReadHeader() : FromResult(ReadResult());
        if (!HasCheckpoint && !preferBest)
            throw new FileNotFoundException(
                $"--weights last: {Path} has no {LastCheckpointFile} (imported results keep only best.pt); use --weights best.");
        var model = ModelFactory.Create(header.Config.ModelSpec);
        try
        {
            if (preferBest && System.IO.File.Exists(BestWeights))
            {
                LoadBest(model);
                return (model, header, $"{BestWeights} (epoch {header.BestEpoch}, kept by validation {header.Config.Selection.Name()})");
            }
            LoadCheckpoint(model, null);
            return (model, header, $"{LastCheckpoint} (epoch {header.EpochsDone})");
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static CheckpointHeader FromResult(TrainingResult result) =>
        new(Checkpoint.FormatVersion, result.Config, result.History.Count, result.History, result.BestEpoch, DateTime.UtcNow);

    public void WriteMetrics(IReadOnlyList<EpochMetrics> history)
    {
        AtomicFile.WriteText(File(MetricsJsonFile), JsonSerializer.Serialize(history, TrainingConfig.Json));
        var csv = new StringBuilder(
            "epoch,loss,lr,train_loss,train_pred_loss,train_cost_loss,val_loss,val_accuracy,val_cost,val_exit_counts,seconds\n");
        foreach (var m in history)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{m.Epoch},{m.Loss},{m.LearningRate},{m.TrainLoss:R},{m.TrainPredictionLoss:R},{m.TrainCostLoss:R}," +
                $"{m.ValidationLoss:R},{m.ValidationAccuracy:R},{m.ValidationCost:R}," +
                $"{(m.ValidationExitCounts is null ? "" : string.Join(' ', m.ValidationExitCounts))},{m.Seconds:F2}\n");
        }
        AtomicFile.WriteText(File(MetricsCsvFile), csv.ToString());
        TensorBoardLog.Write(Path, history, DateTime.UtcNow);
    }

    public void WriteResult(TrainingResult result) => AtomicFile.WriteText(Result, JsonSerializer.Serialize(result, TrainingConfig.Json));

    public TrainingResult ReadResult() => ReadJson<TrainingResult>(Result);

    public void WriteTestExits(EvaluationResult test)
    {
        var csv = new StringBuilder("index,label,prediction,exit\n");
        for (var i = 0; i < test.Count; i++) csv.Append(CultureInfo.InvariantCulture,
            $"{i},{test.Labels[i]},{test.Predictions[i]},{test.Exits[i]}\n");
        AtomicFile.WriteText(File(TestExitsFile), csv.ToString());
    }

    public void WriteTrace(ExitTrace trace) => AtomicFile.WriteText(Trace, JsonSerializer.Serialize(trace, TrainingConfig.Json));

    public ExitTrace ReadTrace() => ReadJson<ExitTrace>(Trace);

    private static T ReadJson<T>(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(System.IO.File.ReadAllText(file), TrainingConfig.Json)
                   ?? throw new InvalidDataException($"{file} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is damaged ({e.Message}). Delete the run folder to train it again.", e);
        }
    }

    public override string ToString() => Path;
}
