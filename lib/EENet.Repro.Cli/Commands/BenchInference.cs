using System.Diagnostics;
using System.Globalization;
using EENet.Repro.Cost;
using EENet.Repro.Data;
using EENet.Repro.Datasets;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Cli.Commands;

/// <summary>
/// <c>bench inference</c>: does early exit save wall-clock time? Every figure is a median over interleaved rounds in
/// one process (A, B, A, B, …), reported as a ratio. Exit rates are forced (a seeded assignment of the batch's samples
/// to exits) and go through the production routing code, so untrained weights measure the same thing as trained ones.
/// </summary>
internal static class BenchInference
{
    public static int Run(CliIO io, int rounds, int batch, string? dataDir)
    {
        var w = io.Out;
        manual_seed(7);
        w.WriteLine($"threads {get_num_threads()}, batch {batch}, {rounds} interleaved rounds after a warm-up; medians; CPU");
        w.WriteLine();
        w.WriteLine("1. Batched early exit vs the plain network (forced exit rates 40 % / 30 % / 30 %)");
        w.WriteLine($"{"model",-28} {"avg cost",9} {"ideal",7} {"plain",9} {"early exit",11} {"speed-up",9} {"of ideal",9}");
        foreach (var (model, plain, dataset, dist) in new[]
                 {
                     ("eenet110", "resnet110", "cifar10", "fine"), ("eenet110", "resnet110", "cifar10", "pareto"),
                     ("eenet110", "resnet110", "cifar10", "linear"), ("eenet20", "resnet20", "cifar10", "fine"),
                     ("eenet8", "", "mnist", "fine"),
                 })
        {
            SpeedUp(w, model, plain, dataset, dist, batch, rounds);
        }
        w.WriteLine();
        w.WriteLine("2. Time to reach each exit (whole batch) against its MAC share (eenet110, pareto, 2 exits)");
        PerExit(w, "eenet110", "pareto", batch, rounds);
        w.WriteLine();
        w.WriteLine("3. Evaluating a test set: batched (routing) vs per-sample (batch 1, as the official code)");
        BatchedVsPerSample(w, dataDir);
        w.WriteLine();
        w.WriteLine("4. Input pipeline (gather, scale, crop + flip, normalise) vs one training step, CIFAR-sized, EENet-20");
        PipelineVsStep(w, batch, rounds);
        return 0;
    }

    private static void SpeedUp(TextWriter w, string model, string plain, string dataset, string dist, int batch, int rounds)
    {
        using var scope = NewDisposeScope();
        var info = DatasetCatalog.Get(dataset);
        using var ee = ModelFactory.Create(
            new ModelSpec(ModelName.Parse(model), dataset, 2, model == "eenet8" ? Distribution.Fine : Distributions.Parse(dist)));
        ee.eval();
        Runtime.OneDnn.ConfigureForInference(); // the evaluators' CPU path
        using var reference = plain.Length > 0 ? ModelFactory.Create(new ModelSpec(ModelName.Parse(plain), dataset)) : null;
        reference?.eval();
        var x = randn([batch, .. info.Shape]);
        var rates = new[] { 0.4, 0.3, 0.3 };
        var assigned = Assign(batch, rates, seed: 1);
        var avgCost = rates.Select((r, k) => r * ee.Costs[k]).Sum();
        using var _ = no_grad();
        Action full = reference is not null
            ? () => { using var s = NewDisposeScope(); reference.call(x); }
            : () => { using var s = NewDisposeScope(); EarlyExitEvaluator.RouteBatch(ee, x, (_, ids, _) =>
                zeros(ids.shape[0], ScalarType.Bool)); };
        Action early = () => { using var s =
            NewDisposeScope(); EarlyExitEvaluator.RouteBatch(ee, x, (k, ids, _) => assigned.index_select(0, ids).eq(k)); };
        var (tFull, tEarly) = Interleave(rounds, full, early);
        var speedUp = tFull / tEarly;
        var name = $"{model} {dist}" + (plain.Length == 0 ? " (vs no early exit)" : "");
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} {avgCost,9:F3} {1 / avgCost,6:F2}x {tFull * 1000,7:F1}ms {tEarly * 1000,9:F1}ms {speedUp,8:F2}x " +
            $"{speedUp * avgCost,8:P0}"));
    }

    private static void PerExit(TextWriter w, string model, string dist, int batch, int rounds)
    {
        using var scope = NewDisposeScope();
        using var ee = ModelFactory.Create(new ModelSpec(ModelName.Parse(model), "cifar10", 2, Distributions.Parse(dist)));
        ee.eval();
        Runtime.OneDnn.ConfigureForInference();
        var x = randn([batch, 3, 32, 32]);
        using var _ = no_grad();
        var reach = Enumerable.Range(0, ee.NumEarlyExits + 1).Select(k => (Action)(() =>
        {
            using var s = NewDisposeScope();
            var y = x;
            for (var j = 0; j <= k; j++) y = ee.ForwardStage(j, y);
            ee.ForwardExit(k, y);
        })).ToArray();
        var times = InterleaveMany(rounds, reach);
        var macs = ee.Description.Exits.Select(e => (double)e.Macs).Append(ee.Description.TotalMacs).ToArray();
        w.WriteLine($"{"exit",-6} {"MAC share",10} {"time",10} {"time share",11}");
        for (var k = 0; k < times.Length; k++)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(k == times.Length - 1 ? "last" : k.ToString(CultureInfo.InvariantCulture)),-6} {macs[k] / macs[^1],10:P1} " +
                $"{times[k] * 1000,8:F1}ms {times[k] / times[^1],11:P1}"));
        }
    }

    private static void BatchedVsPerSample(TextWriter w, string? dataDir)
    {
        using var test = DatasetLoader.Load(DatasetCatalog.FashionMnist, Split.Test, dataDir);
        using var subset = test.Take(2000);
        manual_seed(3);
        using var model = ModelFactory.Create(new ModelSpec(ModelName.Eenet8, "fashion-mnist"));
        Runtime.OneDnn.ConfigureForInference();
        var clock = Stopwatch.StartNew();
        var perSample = EarlyExitEvaluator.EvaluatePerSample(model, subset);
        var tPer = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var batched = EarlyExitEvaluator.EvaluateBatched(model, subset, batchSize: 256);
        var tBatched = clock.Elapsed.TotalSeconds;
        var same = perSample.Exits.SequenceEqual(batched.Exits) && perSample.Predictions.SequenceEqual(batched.Predictions);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"EENet-8, 2,000 Fashion-MNIST test images: per-sample {tPer:F2}s, batched {tBatched:F3}s, {tPer / tBatched:F1}x faster; " +
            $"identical exits and predictions: {same}"));
    }

    private static void PipelineVsStep(TextWriter w, int batch, int rounds)
    {
        var (train, test) = SyntheticData.Create(DatasetCatalog.Get("synthetic-cifar10")); // augmented like CIFAR10 (crop + flip)
        using var _train = train;
        test.Dispose();
        using var loader = new BatchLoader(train, CPU, augment: true);
        manual_seed(5);
        using var model = ModelFactory.Create(new ModelSpec(ModelName.Parse("eenet20"), "cifar10"));
        model.train();
        Runtime.OneDnn.ConfigureForTraining(model);
        using var optimizer = optim.Adam(model.parameters(), 0.001, weight_decay: 1e-4);
        using var generator = new torch.Generator(9, CPU);
        var random = new Random(4);
        long[] Indices() => Enumerable.Range(0, batch).Select(_ => (long)random.Next((int)train.Count)).ToArray();
        Action pipeline = () => { using var s = NewDisposeScope(); loader.Batch(Indices(), generator); };
        var (xs, ys) = loader.Batch(Indices(), generator);
        var x = xs.DetachFromDisposeScope();
        var y = ys.DetachFromDisposeScope();
        Action step = () =>
        {
            using var s = NewDisposeScope();
            var loss = EarlyExitLoss.Compute(LossVersion.V2, model.call(x), y, model.Costs, 1.0);
            optimizer.zero_grad();
            loss.Total.backward();
            optimizer.step();
        };
        var (tPipe, tStep) = Interleave(rounds, pipeline, step);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch {batch}: input pipeline {tPipe * 1000:F1}ms, training step {tStep * 1000:F1}ms: the step takes {tStep / tPipe:F1}x " +
            $"the pipeline"));
    }

    /// <summary>A seeded assignment of each sample of the batch to an exit, with the given rates.</summary>
    private static Tensor Assign(int batch, double[] rates, int seed)
    {
        var order = Enumerable.Range(0, batch).ToArray();
        new Random(seed).Shuffle(order);
        var exits = new long[batch];
        var start = 0;
        for (var k = 0; k < rates.Length; k++)
        {
            var count = k == rates.Length - 1 ? batch - start : (int)Math.Round(rates[k] * batch);
            for (var i = start; i < start + count; i++) exits[order[i]] = k;
            start += count;
        }
        return tensor(exits).DetachFromDisposeScope();
    }

    private static (double, double) Interleave(int rounds, Action a, Action b)
    {
        var t = InterleaveMany(rounds, a, b);
        return (t[0], t[1]);
    }

    private static double[] InterleaveMany(int rounds, params Action[] actions)
    {
        foreach (var action in actions) action(); // warm-up: JIT, allocator, oneDNN primitive caches
        var samples = actions.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                var clock = Stopwatch.StartNew();
                actions[i]();
                samples[i].Add(clock.Elapsed.TotalSeconds);
            }
        }
        return samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
    }
}
