using EENet.Repro.Data;
using EENet.Repro.Models;
using EENet.Repro.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Inference;

/// <summary>
/// Early-exit inference: a sample leaves at the first early exit whose confidence h_i > T (T = 0.5 in the paper),
/// otherwise at the final classifier. Batched evaluation routes every sample of a batch to its own exit and runs
/// later stages only for the samples still in flight; it takes the same decisions as batch-1 evaluation (the model
/// is in eval mode, so batch norm uses running statistics and no sample affects another).
/// </summary>
public static class EarlyExitEvaluator
{
    public static EvaluationResult EvaluateBatched(EarlyExitModel model, ImageDataset data, double threshold = EarlyExitRule.PaperThreshold,
        int batchSize = 256, IProgress<(long Done, long Total)>? progress = null)
    {
        var n = (int)data.Count;
        var exits = new int[n];
        var predictions = new int[n];
        InEvalMode(model, data, loader =>
        {
            var done = 0L;
            foreach (var chunk in BatchLoader.Chunk(loader.Order(false, 0), batchSize))
            {
                using var scope = NewDisposeScope();
                var (x, _) = loader.Batch(chunk);
                var (batchExits, batchPredictions) = RouteBatch(model, x, threshold);
                for (var i = 0; i < chunk.Length; i++)
                {
                    exits[chunk[i]] = batchExits[i];
                    predictions[chunk[i]] = batchPredictions[i];
                }
                done += chunk.Length;
                progress?.Report((done, n));
            }
        });
        return EvaluationResult.From(threshold, exits, predictions, Labels(data), model.Costs, model.Description.TotalMacs);
    }

    /// <summary>Batch-1 evaluation, as the official code does it: the reference the batched path must equal.</summary>
    public static EvaluationResult EvaluatePerSample(EarlyExitModel model, ImageDataset data, double threshold =
        EarlyExitRule.PaperThreshold)
    {
        var n = (int)data.Count;
        var exits = new int[n];
        var predictions = new int[n];
        InEvalMode(model, data, loader =>
        {
            for (var i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                var (x, _) = loader.Batch([i]);
                for (var k = 0; k <= model.NumEarlyExits; k++)
                {
                    x = model.ForwardStage(k, x);
                    var output = model.ForwardExit(k, x);
                    if (output.Confidence is null || EarlyExitRule.Leaves(output.Confidence.item<float>(), threshold))
                    {
                        exits[i] = k;
                        predictions[i] = (int)output.Probabilities.argmax(1).item<long>();
                        break;
                    }
                }
            }
        });
        return EvaluationResult.From(threshold, exits, predictions, Labels(data), model.Costs, model.Description.TotalMacs);
    }

    /// <summary>Runs <paramref name="body"/> with the model in eval mode, without gradients, and restores the mode after.</summary>
    private static void InEvalMode(EarlyExitModel model, ImageDataset data, Action<BatchLoader> body)
    {
        var wasTraining = model.training;
        model.eval();
        OneDnn.ConfigureForInference();
        try
        {
            using var loader = new BatchLoader(data, model.Device, augment: false);
            using var _ = no_grad();
            body(loader);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Exits and predictions for one batch already on the model's device. Samples that leave are dropped from the
    /// batch (nonzero + index_select) before the next stage runs; results go back in order through index_copy_.
    /// </summary>
    public static (int[] Exits, int[] Predictions) RouteBatch(EarlyExitModel model, Tensor x, double threshold) =>
        // Compared in float32 like the per-sample path, so both decide identically at every threshold.
        RouteBatch(model, x, (_, _, h) => h.squeeze(1) > (float)threshold);

    /// <summary>
    /// Routing with any exit rule: <paramref name="leaves"/>(k, ids of the samples in flight, their confidences at
    /// exit k) says which of them leave there. Benchmarks use it to force exit rates through the same code path.
    /// </summary>
    public static (int[] Exits, int[] Predictions) RouteBatch(EarlyExitModel model, Tensor x, Func<int, Tensor, Tensor, Tensor> leaves)
    {
        using var scope = NewDisposeScope();
        var device = x.device;
        var b = x.shape[0];
        var inFlight = arange(b, device: device);
        var exitOf = full(b, model.NumEarlyExits, ScalarType.Int64, device: device);
        var predictionOf = zeros(b, ScalarType.Int64, device: device);
        for (var k = 0; k < model.NumEarlyExits; k++)
        {
            x = model.ForwardStage(k, x);
            var output = model.ForwardExit(k, x);
            var leave = leaves(k, inFlight, output.Confidence!);
            var leaving = leave.nonzero().squeeze(1);
            if (leaving.numel() > 0)
            {
                var ids = inFlight.index_select(0, leaving);
                exitOf.index_copy_(0, ids, full(ids.shape[0], k, ScalarType.Int64, device: device));
                predictionOf.index_copy_(0, ids, output.Probabilities.index_select(0, leaving).argmax(1));
            }
            var staying = leave.logical_not().nonzero().squeeze(1);
            if (staying.numel() == 0)
            {
                return (ToInts(exitOf), ToInts(predictionOf));
            }
            if (staying.numel() < x.shape[0])
            {
                x = x.index_select(0, staying);
                inFlight = inFlight.index_select(0, staying);
            }
        }
        x = model.ForwardStage(model.NumEarlyExits, x);
        var final = model.ForwardExit(model.NumEarlyExits, x);
        predictionOf.index_copy_(0, inFlight, final.Probabilities.argmax(1));
        return (ToInts(exitOf), ToInts(predictionOf));
    }

    /// <summary>
    /// Accuracy and cost for every threshold of a grid, from one full pass that records every exit's confidence and
    /// prediction; for each T the sample's exit is the first with h &gt; T, exactly the per-sample rule.
    /// </summary>
    public static IReadOnlyList<SweepPoint> Sweep(EarlyExitModel model, ImageDataset data,
        IReadOnlyList<double> thresholds, int batchSize = 256) =>
        Trace(model, data, batchSize).Sweep(thresholds);

    /// <summary>One pass over the set, recording every exit's confidence, prediction and probability of the true class.</summary>
    public static ExitTrace Trace(EarlyExitModel model, ImageDataset data, int batchSize = 256)
    {
        var n = (int)data.Count;
        var numExits = model.NumEarlyExits + 1;
        var confidences = Enumerable.Range(0, numExits - 1).Select(_ => new float[n]).ToArray();
        var predictions = Enumerable.Range(0, numExits).Select(_ => new int[n]).ToArray();
        var labelProbabilities = Enumerable.Range(0, numExits).Select(_ => new float[n]).ToArray();
        InEvalMode(model, data, loader =>
        {
            foreach (var chunk in BatchLoader.Chunk(loader.Order(false, 0), batchSize))
            {
                using var scope = NewDisposeScope();
                var (x, y) = loader.Batch(chunk);
                var outputs = model.call(x);
                var target = y.unsqueeze(1);
                for (var k = 0; k < numExits; k++)
                {
                    var p = outputs.Probabilities[k];
                    var predicted = p.argmax(1).cpu().data<long>().ToArray();
                    var truth = p.gather(1, target).squeeze(1).to_type(ScalarType.Float32).cpu().data<float>().ToArray();
                    var h = k < numExits - 1 ? outputs.Confidences[k].squeeze(1).cpu().data<float>().ToArray() : null;
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        predictions[k][chunk[i]] = (int)predicted[i];
                        labelProbabilities[k][chunk[i]] = truth[i];
                        if (h is not null) confidences[k][chunk[i]] = h[i];
                    }
                }
            }
        });
        return new ExitTrace(confidences, predictions, Labels(data), model.Costs.ToArray(),
            model.Description.TotalMacs, labelProbabilities);
    }

    /// <summary>The smallest grid step accepted: 10,001 thresholds at most.</summary>
    public const double MinGridStep = 1e-4;

    /// <summary>The default sweep grid: T = 0, 0.05, …, 1 (T = 1 means no early exit).</summary>
    public static double[] DefaultGrid(double step = 0.05)
    {
        if (!double.IsFinite(step) || step < MinGridStep || step > 1)
            throw new Options.OptionException($"--step must be a number in [{MinGridStep}, 1] (got {step}).");
        return Enumerable.Range(0, (int)Math.Round(1 / step) + 1).Select(i => Math.Min(1, Math.Round(i * step, 6))).Distinct().ToArray();
    }

    private static int[] Labels(ImageDataset data) => data.Labels.data<long>().Select(l => (int)l).ToArray();

    private static int[] ToInts(Tensor t) => t.cpu().data<long>().Select(v => (int)v).ToArray();
}
