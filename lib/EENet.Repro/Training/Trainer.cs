using System.Diagnostics;
using EENet.Repro.Cost;
using EENet.Repro.Data;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Runs;
using EENet.Repro.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EENet.Repro.Training;

/// <summary>The outcome of a run: what was trained, how each epoch went, the test set evaluated once, and where it ran.</summary>
public sealed record TrainingResult(
    TrainingConfig Config,
    ModelDescription Model,
    List<EpochMetrics> History,
    int BestEpoch,
    TestSummary Test,
    double Seconds,
    string? Checkpoint,
    string TrainData,
    string TestData,
    RunEnvironment? Environment = null);

/// <summary>
/// Test-set numbers without the per-sample arrays (those go to test-exits.csv and trace.json). <see cref="AverageCost"/>
/// uses the exit costs the loss uses; <see cref="AverageMacShare"/> the kit's MAC shares — they differ only for
/// EENet-8, whose costs are the official constants (see ModelDescription.CostNote).
/// </summary>
public sealed record TestSummary(int Count, double Threshold, double Accuracy, double AverageCost, double AverageMacs,
    int[] ExitCounts, double[] ExitAccuracy, double[] ExitCosts, double Loss = double.NaN, double AverageMacShare = double.NaN,
    double[]? ExitMacShares = null)
{
    public static TestSummary From(EvaluationResult r, ModelDescription model)
    {
        var shares = model.Exits.Select(e => e.MacShare).Append(1.0).ToArray();
        var averageShare = r.ExitCounts.Select((c, k) => (double)c * shares[k]).Sum() / r.Count;
        return new(r.Count, r.Threshold, r.Accuracy, r.AverageCost, averageShare * model.TotalMacs, r.ExitCounts,
            r.ExitAccuracy, r.ExitCosts, r.Loss, averageShare, shares);
    }
}

/// <summary>
/// Trains an early-exit model with the EENet loss. Each epoch's shuffling and augmentation depend only on (seed, epoch),
/// so a run resumed from its last checkpoint ends exactly as an uninterrupted one. The kept epoch is chosen on a
/// validation split held out from the training data (by default the official rule: lowest validation loss); the test set
/// is evaluated once, at the end. Files go to a <see cref="RunDirectory"/>.
/// </summary>
public sealed class Trainer(TrainingConfig config, IProgress<TrainingEvent>? progress = null)
{
    /// <summary>Training batches and convolution weights in NHWC memory (ResNets on the CPU; <see cref="ChannelsLast"/>).</summary>
    private bool channelsLast;

    public TrainingResult Run(ImageDataset trainSet, ImageDataset testSet, string? outDir, bool resume = false,
        CancellationToken cancel = default)
    {
        config.Validate();
        TorchRuntime.Initialize();
        var device = DeviceSelector.Resolve(config.Device);
        var clock = Stopwatch.StartNew();

        manual_seed(config.Seed);
        using var model = ModelFactory.Create(config.ModelSpec);
        model.to(device);
        var threads = ThreadPolicy.ApplyForTraining(model, config.Threads, device);
        var costs = model.Costs;

        using var limitedTrain = trainSet.Take(config.TrainLimit);
        using var limitedTest = testSet.Take(config.TestLimit);
        var (train, validation) = limitedTrain.Split(config.ValidationFraction, config.Seed);
        using var _train = train;
        using var _validation = validation;

        using var optimizer = CreateOptimizer(model);
        var history = new List<EpochMetrics>();
        var bestEpoch = 0;
        var startEpoch = 0;
        var run = outDir is null ? null : new RunDirectory(outDir);

        if (run is { HasCheckpoint: true })
        {
            if (!resume)
            {
                throw new Options.OptionException(
                    $"--out: {outDir} already holds a checkpoint ({RunDirectory.LastCheckpointFile}). Pass --resume to continue that " +
                    $"run, or choose another --out; nothing was overwritten.");
            }
            var header = run.ReadHeader();
            if (header.Config.ResumeKey() != config.ResumeKey())
            {
                throw new Options.OptionException(
                    $"--resume: the checkpoint in {outDir} was made with a different configuration; resuming would mix two runs. " +
                    $"Differences: {DescribeDifferences(header.Config, config)}. Use the same options (only --epochs may grow), or " +
                    $"another --out.");
            }
            header = run.LoadCheckpoint(model, optimizer);
            history = header.History;
            startEpoch = header.EpochsDone;
            bestEpoch = header.BestEpoch;
            progress?.Report(new TrainingNote($"Resuming from {run.LastCheckpoint}: {startEpoch} of {config.Epochs} epochs done."));
        }
        else if (resume)
        {
            progress?.Report(new TrainingNote($"No checkpoint in {outDir ?? "(no --out)"}; starting from scratch."));
        }

        // After the optimiser exists and any checkpoint is loaded: its state stays NCHW (savable), the weights become NHWC.
        channelsLast = ChannelsLast.SuitsTraining(model, device);
        if (channelsLast) ChannelsLast.Apply(model);
        progress?.Report(new RunStarted(config, Summary(model.Description), train.Count, validation.Count, limitedTest.Count, startEpoch,
            DeviceSelector.Describe(device), threads));
        using (var trainLoader = new BatchLoader(train, device, augment: true))
        {
            for (var epoch = startEpoch; epoch < config.Epochs; epoch++)
            {
                ThreadPolicy.ApplyForTraining(model, config.Threads, device);
                var metrics = RunEpoch(model, optimizer, trainLoader, validation, costs, epoch, cancel);
                history.Add(metrics);
                var kept = KeptEpoch(history, config.Selection);
                var isBest = kept == epoch + 1;
                bestEpoch = kept;
                if (run is not null)
                {
                    if (isBest) run.SaveBest(model);
                    run.SaveCheckpoint(new CheckpointHeader(Checkpoint.FormatVersion, config, epoch + 1, history, bestEpoch,
                        DateTime.UtcNow), model, optimizer);
                    run.WriteMetrics(history);
                }
                progress?.Report(new EpochCompleted(metrics, isBest));
            }
        }

        if (run is not null && File.Exists(run.BestWeights) && bestEpoch != config.Epochs)
        {
            run.LoadBest(model);
            progress?.Report(new TrainingNote(
                $"Kept epoch {bestEpoch} of {config.Epochs} (validation {config.Selection.Name()}); evaluating it on the test set."));
        }
        ThreadPolicy.ApplyForInference(model, device, config.Threads);
        var trace = EarlyExitEvaluator.Trace(model, limitedTest, config.EvalBatchSize);
        var test = trace.At(config.Threshold, config.Lambda);
        var result = new TrainingResult(config, model.Description, history, bestEpoch, TestSummary.From(test, model.Description),
            clock.Elapsed.TotalSeconds, run?.LastCheckpoint, trainSet.Source, testSet.Source, RunEnvironment.Capture(device, threads));
        if (run is not null)
        {
            run.WriteTrace(trace);
            run.WriteTestExits(test);
            run.WriteResult(result);
        }
        return result;
    }

    /// <summary>
    /// The epoch whose weights a run keeps (1-based): the first with the lowest validation loss (the official rule) or
    /// the highest validation accuracy; without a validation split, the last epoch.
    /// </summary>
    public static int KeptEpoch(IReadOnlyList<EpochMetrics> history, EpochSelection rule)
    {
        if (history.Count == 0) return 0;
        if (history.All(m => m.ValidationAccuracy is null)) return history[^1].Epoch;
        var best = history[0];
        foreach (var m in history.Skip(1))
        {
            var better = rule == EpochSelection.Loss
                ? (m.ValidationLoss ?? double.PositiveInfinity) < (best.ValidationLoss ?? double.PositiveInfinity)
                : (m.ValidationAccuracy ?? double.NegativeInfinity) > (best.ValidationAccuracy ?? double.NegativeInfinity);
            if (better) best = m;
        }
        return best.Epoch;
    }

    private EpochMetrics RunEpoch(EarlyExitModel model, OptimizerHelper optimizer, BatchLoader loader, ImageDataset validation,
        IReadOnlyList<double> costs, int epoch, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var lossVersion = EarlyExitLoss.ForEpoch(config.Loss, config.TwoStage, epoch, config.FirstStageEpochs);
        var lr = LearningRateAt(epoch);
        OneDnn.ConfigureForTraining(model); // every epoch: validation switches to the inference setting
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;

        // Shuffling and augmentation depend only on (seed, epoch): the key to exact resumption.
        var epochSeed = config.Seed * 1_000_003L + epoch;
        var batches = BatchLoader.Chunk(loader.Order(shuffle: true, epochSeed), config.BatchSize).ToList();
        using var augmentation = new torch.Generator((ulong)(epochSeed ^ 0x5DEECE66DL), CPU);
        progress?.Report(new EpochStarted(epoch + 1, config.Epochs, batches.Count, lossVersion.Name()));

        model.train();
        double lossSum = 0, predSum = 0, costSum = 0;
        long seen = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, y) = loader.Batch(batches[b], augmentation);
            if (channelsLast) x = ChannelsLast.Of(x);
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

        EvaluationResult? eval = null;
        if (validation.Count > 0)
        {
            eval = EarlyExitEvaluator.Trace(model, validation, config.EvalBatchSize).At(config.Threshold, config.Lambda);
        }
        return new EpochMetrics(epoch + 1, lossVersion.Name(), lr, lossSum / seen, predSum / seen, costSum / seen,
            eval?.Accuracy, eval?.AverageCost, eval?.ExitCounts, clock.Elapsed.TotalSeconds, eval?.Loss);
    }

    private double LearningRateAt(int epoch) =>
        config.LrSchedule == LrSchedule.Step ? config.LearningRate
            * Math.Pow(config.LrGamma, epoch / config.LrStepSize) : config.LearningRate;

    private OptimizerHelper CreateOptimizer(EarlyExitModel model) => config.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(model.parameters(), lr: config.LearningRate, weight_decay: config.WeightDecay),
        _ => optim.SGD(model.parameters(), config.LearningRate, momentum: config.Momentum, weight_decay: config.WeightDecay),
    };

    public static string Summary(ModelDescription d) =>
        $"{d.Model} on {d.Dataset}: {d.TotalMacs:N0} MACs, {d.TotalParams:N0} params (plain counterpart); " +
        (d.Exits.Count == 0 ? "no early exit" : string.Join("; ", d.Exits.Select(e => $"exit {e.Index} at {e.Position} cost {e.Cost:F4}")));

    private static string DescribeDifferences(TrainingConfig a, TrainingConfig b)
    {
        var ja = System.Text.Json.JsonDocument.Parse(a.ResumeKey()).RootElement;
        var jb = System.Text.Json.JsonDocument.Parse(b.ResumeKey()).RootElement;
        var diffs = ja.EnumerateObject()
            .Where(p => !jb.TryGetProperty(p.Name, out var v) || v.GetRawText() != p.Value.GetRawText())
            .Select(p => $"{p.Name}: checkpoint {p.Value.GetRawText()}, now " +
                $"{(jb.TryGetProperty(p.Name, out var v) ? v.GetRawText() : "?")}");
        return string.Join("; ", diffs);
    }
}
