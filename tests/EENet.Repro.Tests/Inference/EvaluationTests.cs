using EENet.Repro.Data;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Training;
using TorchSharp;
using EENet.Repro.Datasets;
using Xunit;
using EENet.Repro.Cli;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

/// <summary>An EENet-8 trained briefly on real Fashion-MNIST, shared by the evaluation tests.</summary>
public sealed class TrainedEenet8 : IDisposable
{
    public EarlyExitModel Model { get; }
    public ImageDataset Test { get; }

    public TrainedEenet8()
    {
        var (train, test) = TestData.FashionMnist();
        var config = new TrainingConfig { Model = Models.ModelName.Eenet8, Dataset = "fashion-mnist", Epochs = 1, TrainLimit = 3000,
            ValidationFraction = 0, Threads = 1, BatchSize = 32, Seed = 5 };
        var dir = TestData.TempDir();
        new Trainer(config).Run(train, test, dir);
        Model = ModelFactory.Create(config.ModelSpec);
        Training.Checkpoint.Load(Path.Combine(dir, Runs.RunDirectory.LastCheckpointFile), Model, null);
        Test = test.Take(1500);
    }

    public void Dispose()
    {
        Model.Dispose();
        Test.Dispose();
    }
}

public class EvaluationTests(TrainedEenet8 trained) : IClassFixture<TrainedEenet8>
{
    [Fact]
    public void Batched_routing_takes_exactly_the_per_sample_decisions_on_real_data()
    {
        var usedSeveralExits = false;
        // The confidences of a briefly trained net spread around 0.5; several thresholds make every exit busy somewhere.
        var median = Median(trained.Model, trained.Test);
        foreach (var t in new[] { 0.5, median, 0.3, 0.7 })
        {
            var perSample = EarlyExitEvaluator.EvaluatePerSample(trained.Model, trained.Test, t);
            var batched = EarlyExitEvaluator.EvaluateBatched(trained.Model, trained.Test, t, batchSize: 128);
            Assert.Equal(perSample.Exits, batched.Exits);
            Assert.Equal(perSample.Predictions, batched.Predictions);
            Assert.Equal(perSample.Accuracy, batched.Accuracy);
            Assert.Equal(perSample.AverageCost, batched.AverageCost);
            usedSeveralExits |= batched.ExitCounts.Count(c => c > 0) >= 2;
        }
        Assert.True(usedSeveralExits, "the routing was never exercised: every sample left at one exit at every threshold");
    }

    [Fact]
    public void Sweep_agrees_with_evaluation_at_each_threshold()
    {
        var grid = new[] { 0.0, 0.25, 0.5, 0.75, 1.0 };
        var sweep = EarlyExitEvaluator.Sweep(trained.Model, trained.Test, grid);
        foreach (var point in sweep)
        {
            var r = EarlyExitEvaluator.EvaluateBatched(trained.Model, trained.Test, point.Threshold);
            Assert.Equal(r.ExitCounts, point.ExitCounts);
            Assert.Equal(r.Accuracy, point.Accuracy, 12);
            Assert.Equal(r.AverageCost, point.AverageCost, 12);
        }
        // T = 1 never exits early: everything at the last exit, cost 1.
        Assert.Equal(trained.Test.Count, sweep[^1].ExitCounts[^1]);
        Assert.Equal(1.0, sweep[^1].AverageCost, 12);
    }

    [Fact]
    public void Result_counts_costs_and_macs_add_up()
    {
        var r = EarlyExitEvaluator.EvaluateBatched(trained.Model, trained.Test);
        Assert.Equal(r.Count, r.ExitCounts.Sum());
        var cost = r.ExitCounts.Select((c, k) => c * trained.Model.Costs[k]).Sum() / r.Count;
        Assert.Equal(cost, r.AverageCost, 12);
        Assert.Equal(cost * trained.Model.Description.TotalMacs, r.AverageMacs, 6);
        var correct = r.ExitCounts.Select((c, k) => c == 0 ? 0 : r.ExitAccuracy[k] * c).Sum();
        Assert.Equal(r.Accuracy * r.Count, correct, 6);
    }

    private static double Median(EarlyExitModel model, ImageDataset data)
    {
        model.eval();
        using var loader = new BatchLoader(data, CPU, false);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (x, _) = loader.Batch(Enumerable.Range(0, 500).Select(i => (long)i).ToArray());
        var h = model.call(x).Confidences[0];
        return Math.Clamp(h.median().item<float>(), 0.05, 0.95);
    }
}

public class RoutingTests
{
    [Fact]
    public void Forced_exit_assignment_routes_every_sample_to_its_exit()
    {
        manual_seed(4);
        using var model = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", 3, "linear", "pool"));
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var assigned = tensor(Enumerable.Range(0, 32).Select(i => (long)(i * 7 % 4)).ToArray());
        var x = randn(32, 3, 32, 32);
        var (exits, predictions) = EarlyExitEvaluator.RouteBatch(model, x, (k, ids, _) => assigned.index_select(0, ids).eq(k));
        Assert.Equal(assigned.data<long>().Select(v => (int)v).ToArray(), exits);
        // Each prediction is the argmax of the exit the sample took, computed on the full batch.
        var all = model.call(x);
        for (var i = 0; i < 32; i++)
            Assert.Equal(all.Probabilities[exits[i]][i].argmax().item<long>(), predictions[i]);
    }

    [Fact]
    public void Bench_train_reports_throughput_as_json()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Cli.Run(["bench", "train", "--model", "eenet8", "--batch-size", "16", "--steps", "3", "--warmup", "1",
            "--json"], output, error);
        Assert.True(code == 0, error.ToString());
        var json = System.Text.Json.JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("torchsharp", json.GetProperty("framework").GetString());
        Assert.True(json.GetProperty("examples_per_second").GetDouble() > 0);
        Assert.Equal(2, Cli.Cli.Run(["bench", "train", "--model", "eenet8", "--steps", "0"], new StringWriter(),
            error = new StringWriter()));
        Assert.Contains("--steps", error.ToString());
    }
}
