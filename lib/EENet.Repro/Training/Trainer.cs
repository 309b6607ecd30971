using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EENet.Repro.Cost;
using EENet.Repro.Data;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EENet.Repro.Training;

/// <summary>The outcome of a run: what was trained, how each epoch went, and the test set evaluated once at the end.</summary>
public sealed record TrainingResult(
    TrainingConfig Config,
    ModelDescription Model,
    List<EpochMetrics> History,
    int BestEpoch,
    TestSummary Test,
    double Seconds,
    string? Checkpoint,
    string TrainData,
    string TestData);

/// <summary>Test-set numbers without the per-sample arrays (those go to test-exits.csv).</summary>
public sealed record TestSummary(int Count, double Threshold, double Accuracy, double AverageCost, double AverageMacs,
    int[] ExitCounts, double[] ExitAccuracy, double[] ExitCosts)
{
    public static TestSummary From(EvaluationResult r) =>
        new(r.Count, r.Threshold, r.Accuracy, r.AverageCost, r.AverageMacs, r.ExitCounts, r.ExitAccuracy, r.ExitCosts);
}

/// <summary>
/// Trains an early-exit model with the EENet loss. Each epoch's shuffling and augmentation depend only on
/// (seed, epoch), so a run resumed from its last checkpoint ends exactly as an uninterrupted one. The best epoch is
/// chosen on a validation split held out from the training data; the test set is evaluated once, at the end.
/// Files in the output folder: last.ckpt (model + optimiser + history), best.pt (weights of the best epoch),
/// metrics.csv / metrics.json, result.json, test-exits.csv.
/// </summary>
public sealed class Trainer(TrainingConfig config, IProgress<TrainingEvent>? progress = null)
{
    public const string LastCheckpoint = "last.ckpt";
    public const string BestWeights = "best.pt";
    public const string ResultFile = "result.json";

    public TrainingResult Run(ImageDataset trainSet, ImageDataset testSet, string? outDir, bool resume = false, CancellationToken cancel = default)
    {
        config.Validate();
        TorchRuntime.Initialize();
        if (config.Threads > 0) set_num_threads(config.Threads);
        var device = DeviceSelector.Resolve(config.Device);
        var clock = Stopwatch.StartNew();

        manual_seed(config.Seed);
        using var model = ModelFactory.Create(config.ModelSpec);
        model.to(device);
        var costs = model.Costs;

        using var limitedTrain = trainSet.Take(config.TrainLimit);
        using var limitedTest = testSet.Take(config.TestLimit);
        var (train, validation) = limitedTrain.Split(config.ValidationFraction, config.Seed);
        using var _train = train;
        using var _validation = validation;

        using var optimizer = CreateOptimizer(model);
        var history = new List<EpochMetrics>();
        var bestEpoch = 0;
        var bestAccuracy = double.NegativeInfinity;
        var startEpoch = 0;
        string? lastPath = outDir is null ? null : Path.Combine(outDir, LastCheckpoint);
        string? bestPath = outDir is null ? null : Path.Combine(outDir, BestWeights);

        if (lastPath is not null && File.Exists(lastPath))
        {
            if (!resume)
            {
                throw new InvalidOperationException(
                    $"{outDir} already holds a checkpoint ({LastCheckpoint}). Pass --resume to continue that run, or choose another --out; nothing was overwritten.");
            }
            var header = Checkpoint.ReadHeader(lastPath);
            if (header.Config.ResumeKey() != config.ResumeKey())
            {
                throw new InvalidOperationException(
                    $"The checkpoint in {outDir} was made with a different configuration; resuming would mix two runs. " +
                    $"Differences: {DescribeDifferences(header.Config, config)}. Use the same options (only --epochs may grow), or another --out.");
            }
            header = Checkpoint.Load(lastPath, model, optimizer);
            history = header.History;
            startEpoch = header.EpochsDone;
            bestEpoch = header.BestEpoch;
            bestAccuracy = header.BestValidationAccuracy;
            progress?.Report(new TrainingNote($"Resuming from {lastPath}: {startEpoch} of {config.Epochs} epochs done."));
        }
        else if (resume)
        {
            progress?.Report(new TrainingNote($"No checkpoint in {outDir ?? "(no --out)"}; starting from scratch."));
        }

        progress?.Report(new RunStarted(config, Summary(model.Description), train.Count, validation.Count, limitedTest.Count, startEpoch, device.ToString()));
        using var trainLoader = new BatchLoader(train, device, augment: true);
        for (var epoch = startEpoch; epoch < config.Epochs; epoch++)
        {
            var metrics = RunEpoch(model, optimizer, trainLoader, validation, costs, epoch, cancel);
            history.Add(metrics);
            var score = metrics.ValidationAccuracy ?? epoch; // without validation the last epoch is kept
            var isBest = score > bestAccuracy;
            if (isBest)
            {
                bestAccuracy = score;
                bestEpoch = epoch + 1;
                if (bestPath is not null) Checkpoint.WriteAtomically(bestPath, w => model.save(w));
            }
            if (outDir is not null)
            {
                Checkpoint.Save(lastPath!, new CheckpointHeader(Checkpoint.FormatVersion, config, epoch + 1, history, bestEpoch, bestAccuracy, DateTime.UtcNow), model, optimizer);
                WriteMetrics(outDir, history);
            }
            progress?.Report(new EpochCompleted(metrics, isBest));
        }

        if (bestPath is not null && File.Exists(bestPath) && bestEpoch != config.Epochs)
        {
            using var reader = new BinaryReader(File.OpenRead(bestPath));
            model.load(reader);
            progress?.Report(new TrainingNote($"Selected epoch {bestEpoch} on the validation split; evaluating it on the test set."));
        }
        var test = EarlyExitEvaluator.EvaluateBatched(model, limitedTest, config.Threshold, config.EvalBatchSize);
        var result = new TrainingResult(config, model.Description, history, bestEpoch, TestSummary.From(test), clock.Elapsed.TotalSeconds, lastPath,
            trainSet.Source, testSet.Source);
        if (outDir is not null)
        {
            Checkpoint.WriteTextAtomically(Path.Combine(outDir, ResultFile), JsonSerializer.Serialize(result, TrainingConfig.Json));
            var csv = new StringBuilder("index,label,prediction,exit\n");
            for (var i = 0; i < test.Count; i++) csv.Append(CultureInfo.InvariantCulture, $"{i},{test.Labels[i]},{test.Predictions[i]},{test.Exits[i]}\n");
            Checkpoint.WriteTextAtomically(Path.Combine(outDir, "test-exits.csv"), csv.ToString());
        }
        return result;
    }

    private EpochMetrics RunEpoch(EarlyExitModel model, OptimizerHelper optimizer, BatchLoader loader, ImageDataset validation,
        IReadOnlyList<double> costs, int epoch, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var lossVersion = EarlyExitLoss.ForEpoch(EarlyExitLoss.Parse(config.Loss), config.TwoStage, epoch, config.FirstStageEpochs);
        var lr = LearningRateAt(epoch);
        OneDnn.ConfigureForTraining(model); // every epoch: validation switches to the inference setting
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;

        // Shuffling and augmentation depend only on (seed, epoch): the key to exact resumption.
        var epochSeed = config.Seed * 1_000_003L + epoch;
        var batches = BatchLoader.Chunk(loader.Order(shuffle: true, epochSeed), config.BatchSize).ToList();
        var augmentation = new torch.Generator((ulong)(epochSeed ^ 0x5DEECE66DL), CPU);
        progress?.Report(new EpochStarted(epoch + 1, config.Epochs, batches.Count, lossVersion.Name()));

        model.train();
        double lossSum = 0, predSum = 0, costSum = 0;
        long seen = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, y) = loader.Batch(batches[b], augmentation);
            var outputs = model.call(x);
            var parts = EarlyExitLoss.Compute(lossVersion, outputs, y, costs, config.Lambda);
            // One device sync per batch for the three numbers the metrics need.
            var values = stack([parts.Total.detach(), parts.Prediction.detach(), parts.Cost.detach()]).cpu().data<float>().ToArray();
            var loss = values[0];
            if (!float.IsFinite(loss))
            {
                throw new TrainingDivergedException(
                    $"The {lossVersion.Name()} loss became {loss} in epoch {epoch + 1}, batch {b + 1} of {batches.Count} (lr {lr}). " +
                    "Nothing after the last completed epoch was saved; its checkpoint is intact. Lower --lr, or check the data.");
            }
            optimizer.zero_grad();
            parts.Total.backward();
            optimizer.step();
            var n = batches[b].Length;
            lossSum += loss * n;
            predSum += values[1] * n;
            costSum += values[2] * n;
            seen += n;
            progress?.Report(new BatchCompleted(epoch + 1, b + 1, batches.Count, loss));
        }

        double? valAccuracy = null, valCost = null;
        int[]? valCounts = null;
        if (validation.Count > 0)
        {
            var eval = EarlyExitEvaluator.EvaluateBatched(model, validation, config.Threshold, config.EvalBatchSize);
            (valAccuracy, valCost, valCounts) = (eval.Accuracy, eval.AverageCost, eval.ExitCounts);
        }
        return new EpochMetrics(epoch + 1, lossVersion.Name(), lr, lossSum / seen, predSum / seen, costSum / seen,
            valAccuracy, valCost, valCounts, clock.Elapsed.TotalSeconds);
    }

    private double LearningRateAt(int epoch) =>
        config.LrSchedule == "step" ? config.LearningRate * Math.Pow(config.LrGamma, epoch / config.LrStepSize) : config.LearningRate;

    private OptimizerHelper CreateOptimizer(EarlyExitModel model) => config.Optimizer switch
    {
        "adam" => optim.Adam(model.parameters(), lr: config.LearningRate, weight_decay: config.WeightDecay),
        "sgd" => optim.SGD(model.parameters(), config.LearningRate, momentum: config.Momentum, weight_decay: config.WeightDecay),
        _ => throw new ArgumentException($"--optimizer must be adam or sgd (got '{config.Optimizer}')."),
    };

    public static string Summary(ModelDescription d) =>
        $"{d.Model} on {d.Dataset}: {d.TotalMacs:N0} MACs, {d.TotalParams:N0} params (plain counterpart); " +
        (d.Exits.Count == 0 ? "no early exit" : string.Join("; ", d.Exits.Select(e => $"exit {e.Index} at {e.Position} cost {e.Cost:F4}")));

    private static void WriteMetrics(string outDir, List<EpochMetrics> history)
    {
        Checkpoint.WriteTextAtomically(Path.Combine(outDir, "metrics.json"), JsonSerializer.Serialize(history, TrainingConfig.Json));
        var csv = new StringBuilder("epoch,loss,lr,train_loss,train_pred_loss,train_cost_loss,val_accuracy,val_cost,val_exit_counts,seconds\n");
        foreach (var m in history)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{m.Epoch},{m.Loss},{m.LearningRate},{m.TrainLoss:R},{m.TrainPredictionLoss:R},{m.TrainCostLoss:R},{m.ValidationAccuracy},{m.ValidationCost},{(m.ValidationExitCounts is null ? "" : string.Join(' ', m.ValidationExitCounts))},{m.Seconds:F2}\n");
        }
        Checkpoint.WriteTextAtomically(Path.Combine(outDir, "metrics.csv"), csv.ToString());
    }

    private static string DescribeDifferences(TrainingConfig a, TrainingConfig b)
    {
        var ja = JsonDocument.Parse(a.ResumeKey()).RootElement;
        var jb = JsonDocument.Parse(b.ResumeKey()).RootElement;
        var diffs = ja.EnumerateObject()
            .Where(p => jb.TryGetProperty(p.Name, out var v) ? v.GetRawText() != p.Value.GetRawText() : true)
            .Select(p => $"{p.Name}: checkpoint {p.Value.GetRawText()}, now {(jb.TryGetProperty(p.Name, out var v) ? v.GetRawText() : "?")}");
        return string.Join("; ", diffs);
    }
}
