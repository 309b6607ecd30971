using EENet.Repro.Data;
using EENet.Repro.Training;
using EENet.Repro.Datasets;
using Xunit;

namespace EENet.Repro.Tests;

public class TrainerTests
{
    private static TrainingConfig Small(string model = "eenet8") => new()
    {
        Model = Models.ModelName.Parse(model), Dataset = "fashion-mnist", Epochs = 2, TrainLimit = 1200, TestLimit = 400, BatchSize = 64,
        ValidationFraction = 0.2, Threads = 1, Seed = 11,
    };

    private static (ImageDataset Train, ImageDataset Test) Generated(string name)
    {
        var info = DatasetCatalog.Get(name);
        return (DatasetLoader.Load(info, Split.Train), DatasetLoader.Load(info, Split.Test));
    }

    private sealed class Listener(Action<TrainingEvent> onEvent) : IProgress<TrainingEvent>
    {
        public void Report(TrainingEvent value) => onEvent(value);
    }

    private static object Numbers(TrainingResult r) => new
    {
        History = string.Join(";",
            r.History.Select(m => $"{m.Epoch}:{m.TrainLoss:R}:{m.TrainPredictionLoss:R}:{m.TrainCostLoss:R}:{m.ValidationAccuracy:R}:" +
                                  $"{m.ValidationCost:R}:{string.Join(',', m.ValidationExitCounts ?? [])}")),
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

    [Theory]
    [InlineData("eenet8")]
    [InlineData("eenet20")] // trains channels-last: NHWC weights must checkpoint and resume exactly as NCHW ones do
    public void Interrupted_training_resumes_to_the_same_result(string model)
    {
        var (train, test) = model == "eenet8" ? TestData.FashionMnist() : Generated("synthetic-cifar10");
        var config = (model == "eenet8" ? Small() : Small(model) with { Dataset = "synthetic-cifar10", TrainLimit = 256, TestLimit = 64,
            BatchSize = 32 }) with { Epochs = 3, TwoStage = true, FirstStageEpochs = 1 };
        var whole = new Trainer(config).Run(train, test, TestData.TempDir());

        var dir = TestData.TempDir();
        using var cancel = new CancellationTokenSource();
        var interrupting = new Listener(e =>
        {
            if (e is BatchCompleted { Epoch: 3, Batch: 4 }) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(config, interrupting).Run(train, test, dir, cancel: cancel.Token));
        var header = Checkpoint.ReadHeader(Path.Combine(dir, Runs.RunDirectory.LastCheckpointFile));
        Assert.Equal(2, header.EpochsDone);
        Assert.False(File.Exists(Path.Combine(dir, Runs.RunDirectory.ResultFile)));

        var resumed = new Trainer(config).Run(train, test, dir, resume: true);
        Assert.Equal(Numbers(whole), Numbers(resumed));
        Assert.Equal(new[] { "v0", "v1", "v1" }, resumed.History.Select(h => h.Loss));
        Assert.True(File.Exists(Path.Combine(dir, Runs.RunDirectory.ResultFile)));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void More_epochs_can_be_added_on_resume_but_other_changes_are_refused()
    {
        var (train, test) = TestData.FashionMnist();
        var dir = TestData.TempDir();
        new Trainer(Small() with { Epochs = 1 }).Run(train, test, dir);
        var refused = Assert.Throws<Options.OptionException>(() => new Trainer(Small() with { Epochs = 1 }).Run(train, test, dir));
        Assert.Contains("--resume", refused.Message);
        var mismatch = Assert.Throws<Options.OptionException>(() =>
            new Trainer(Small() with { LearningRate = 0.01 }).Run(train, test, dir, resume: true));
        Assert.Contains("learningRate", mismatch.Message);
        var extended = new Trainer(Small() with { Epochs = 2 }).Run(train, test, dir, resume: true);
        Assert.Equal(2, extended.History.Count);
    }

    [Fact]
    public void A_diverging_loss_stops_training_naming_epoch_and_batch_and_keeps_the_last_good_checkpoint()
    {
        var (train, test) = TestData.FashionMnist();
        var dir = TestData.TempDir();
        var config = Small() with { Epochs = 1 };
        new Trainer(config).Run(train, test, dir);
        // A weight that became NaN (what an exploding run leaves) is saved with epoch 1; epoch 2 must stop at its first batch.
        var run = new Runs.RunDirectory(dir);
        using (var model = Models.ModelFactory.Create(config.ModelSpec))
        using (var optimizer = TorchSharp.torch.optim.Adam(model.parameters()))
        {
            var header = run.LoadCheckpoint(model, optimizer);
            using (TorchSharp.torch.no_grad()) model.named_parameters().First(p =>
                p.name == "classifier.0.weight").parameter.fill_(double.NaN);
            run.SaveCheckpoint(header, model, optimizer);
        }
        var before = File.ReadAllBytes(run.LastCheckpoint);
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(config with { Epochs = 2 }).Run(train, test, dir, resume: true));
        Assert.Contains("epoch 2, batch 1", e.Message);
        Assert.Contains("--lr", e.Message);
        Assert.Equal(before, File.ReadAllBytes(run.LastCheckpoint)); // nothing written after the last completed epoch
        Assert.Equal(1, run.ReadHeader().EpochsDone);
    }

    [Fact]
    public void The_kept_epoch_follows_the_official_validation_loss_unless_asked_for_accuracy()
    {
        var history = new List<EpochMetrics>
        {
            new(1, "v2", 0.001, 3, 2, 1, 0.80, 0.5, [1, 1, 1], 1, 2.0),
            new(2, "v2", 0.001, 3, 2, 1, 0.85, 0.9, [1, 1, 1], 1, 2.5), // more accurate, but more costly: higher loss
            new(3, "v2", 0.001, 3, 2, 1, 0.82, 0.4, [1, 1, 1], 1, 1.9),
            new(4, "v2", 0.001, 3, 2, 1, 0.81, 0.4, [1, 1, 1], 1, 1.9), // a tie keeps the first, as the official strict '<'
        };
        Assert.Equal(3, Trainer.KeptEpoch(history, EpochSelection.Loss));
        Assert.Equal(2, Trainer.KeptEpoch(history, EpochSelection.Accuracy));
        Assert.Equal(2, Trainer.KeptEpoch(history.Select(h => h with { ValidationAccuracy = null }).Take(2).ToList(),
            EpochSelection.Loss)); // no validation: last
        var (train, test) = TestData.FashionMnist();
        var dir = TestData.TempDir();
        var result = new Trainer(Small() with { Epochs = 3 }).Run(train, test, dir);
        Assert.Equal(Trainer.KeptEpoch(result.History, EpochSelection.Loss), result.BestEpoch);
        Assert.All(result.History, h => Assert.True(h.ValidationLoss > 0));
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, Runs.RunDirectory.ResultFile))).RootElement;
        Assert.Equal("loss", json.GetProperty("config").GetProperty("selection").GetString());
    }

    [Fact]
    public void Bad_settings_name_the_option()
    {
        var (train, test) = TestData.FashionMnist();
        void Refused(string option, TrainingConfig config) =>
            Assert.Contains(option, Assert.ThrowsAny<ArgumentException>(() => new Trainer(config).Run(train, test, null)).Message);
        Refused("--epochs", Small() with { Epochs = 0 });
        Refused("--lr", Small() with { LearningRate = double.NaN });
        Refused("--lr-gamma", Small() with { LrGamma = -1 });
        Refused("--val-fraction", Small() with { ValidationFraction = 0.999 });
        Refused("--threshold", Small() with { Threshold = double.NaN });
        Refused("--test-limit", Small() with { TestLimit = -5 });
        Refused("--test-limit", Small() with { TestLimit = 0 });
        Refused("--filters", Small() with { Filters = 100_000 });
        Refused("--exit-type", Small() with { ExitType = Models.ExitType.Bnpool });
    }

    [Fact]
    public void A_damaged_checkpoint_is_reported_not_loaded()
    {
        var (train, test) = TestData.FashionMnist();
        var dir = TestData.TempDir();
        new Trainer(Small() with { Epochs = 1 }).Run(train, test, dir);
        var path = Path.Combine(dir, Runs.RunDirectory.LastCheckpointFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var e = Assert.ThrowsAny<Exception>(() => new Trainer(Small() with { Epochs = 2 }).Run(train, test, dir, resume: true));
        Assert.True(e is InvalidDataException, e.ToString());
        Assert.Contains(path, e.Message);
    }
}
