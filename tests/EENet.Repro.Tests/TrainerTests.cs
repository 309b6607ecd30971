using EENet.Repro.Training;
using Xunit;

namespace EENet.Repro.Tests;

public class TrainerTests
{
    private static TrainingConfig Small(string model = "eenet8") => new()
    {
        Model = model, Dataset = "fashion-mnist", Epochs = 2, TrainLimit = 1200, TestLimit = 400, BatchSize = 64,
        ValidationFraction = 0.2, Threads = 1, Seed = 11,
    };

    private sealed class Listener(Action<TrainingEvent> onEvent) : IProgress<TrainingEvent>
    {
        public void Report(TrainingEvent value) => onEvent(value);
    }

    private static object Numbers(TrainingResult r) => new
    {
        History = string.Join(";", r.History.Select(m => $"{m.Epoch}:{m.TrainLoss:R}:{m.TrainPredictionLoss:R}:{m.TrainCostLoss:R}:{m.ValidationAccuracy:R}:{m.ValidationCost:R}:{string.Join(',', m.ValidationExitCounts ?? [])}")),
        r.BestEpoch,
        Test = $"{r.Test.Accuracy:R}:{r.Test.AverageCost:R}:{string.Join(',', r.Test.ExitCounts)}",
    };

    [Fact]
    public void Same_seed_gives_identical_metrics()
    {
        var (train, test) = TestData.FashionMnist();
        var a = new Trainer(Small()).Run(train, test, null);
        var b = new Trainer(Small()).Run(train, test, null);
        Assert.Equal(Numbers(a), Numbers(b));
        var c = new Trainer(Small() with { Seed = 12 }).Run(train, test, null);
        Assert.NotEqual(Numbers(a), Numbers(c));
    }

    [Fact]
    public void Interrupted_training_resumes_to_the_same_result()
    {
        var (train, test) = TestData.FashionMnist();
        var config = Small() with { Epochs = 3, TwoStage = true, FirstStageEpochs = 1 };
        var whole = new Trainer(config).Run(train, test, TestData.TempDir());

        var dir = TestData.TempDir();
        using var cancel = new CancellationTokenSource();
        var interrupting = new Listener(e =>
        {
            if (e is BatchCompleted { Epoch: 3, Batch: 4 }) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(config, interrupting).Run(train, test, dir, cancel: cancel.Token));
        var header = Checkpoint.ReadHeader(Path.Combine(dir, Trainer.LastCheckpoint));
        Assert.Equal(2, header.EpochsDone);
        Assert.False(File.Exists(Path.Combine(dir, Trainer.ResultFile)));

        var resumed = new Trainer(config).Run(train, test, dir, resume: true);
        Assert.Equal(Numbers(whole), Numbers(resumed));
        Assert.Equal(new[] { "v0", "v1", "v1" }, resumed.History.Select(h => h.Loss));
        Assert.True(File.Exists(Path.Combine(dir, Trainer.ResultFile)));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void More_epochs_can_be_added_on_resume_but_other_changes_are_refused()
    {
        var (train, test) = TestData.FashionMnist();
        var dir = TestData.TempDir();
        new Trainer(Small() with { Epochs = 1 }).Run(train, test, dir);
        var refused = Assert.Throws<InvalidOperationException>(() => new Trainer(Small() with { Epochs = 1 }).Run(train, test, dir));
        Assert.Contains("--resume", refused.Message);
        var mismatch = Assert.Throws<InvalidOperationException>(() => new Trainer(Small() with { LearningRate = 0.01 }).Run(train, test, dir, resume: true));
        Assert.Contains("learningRate", mismatch.Message);
        var extended = new Trainer(Small() with { Epochs = 2 }).Run(train, test, dir, resume: true);
        Assert.Equal(2, extended.History.Count);
    }

    [Fact]
    public void A_diverging_loss_stops_training_naming_epoch_and_batch_and_keeps_the_last_good_checkpoint()
    {
        var (train, test) = TestData.FashionMnist();
        var dir = TestData.TempDir();
        // Epoch 1 trains normally; from epoch 2 the step schedule multiplies the lr by 1e30.
        var config = Small("eenet20") with
        {
            Dataset = "fashion-mnist", Optimizer = "sgd", Momentum = 0, LearningRate = 0.01, LrSchedule = "step", LrStepSize = 1, LrGamma = 1e30,
            TrainLimit = 600, BatchSize = 32,
        };
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(config).Run(train, test, dir));
        Assert.Contains("epoch 2, batch", e.Message);
        Assert.Contains("--lr", e.Message);
        var header = Checkpoint.ReadHeader(Path.Combine(dir, Trainer.LastCheckpoint));
        Assert.Equal(1, header.EpochsDone);
        Assert.True(header.History.All(h => double.IsFinite(h.TrainLoss)));
    }

    [Fact]
    public void Bad_settings_name_the_option()
    {
        var (train, test) = TestData.FashionMnist();
        Assert.Contains("--epochs", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { Epochs = 0 }).Run(train, test, null)).Message);
        Assert.Contains("--lr", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { LearningRate = double.NaN }).Run(train, test, null)).Message);
        Assert.Contains("--val-fraction", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { ValidationFraction = 1 }).Run(train, test, null)).Message);
        Assert.Contains("v0, v1, v2", Assert.Throws<ArgumentException>(() => new Trainer(Small() with { Loss = "v9" }).Run(train, test, null)).Message);
    }

    [Fact]
    public void A_damaged_checkpoint_is_reported_not_loaded()
    {
        var (train, test) = TestData.FashionMnist();
        var dir = TestData.TempDir();
        new Trainer(Small() with { Epochs = 1 }).Run(train, test, dir);
        var path = Path.Combine(dir, Trainer.LastCheckpoint);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var e = Assert.ThrowsAny<Exception>(() => new Trainer(Small() with { Epochs = 2 }).Run(train, test, dir, resume: true));
        Assert.True(e is InvalidDataException, e.ToString());
        Assert.Contains(path, e.Message);
    }
}
