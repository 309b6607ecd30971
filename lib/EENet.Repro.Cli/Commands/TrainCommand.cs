using System.CommandLine;
using System.Globalization;
using EENet.Repro.Data;
using EENet.Repro.Training;

namespace EENet.Repro.Cli.Commands;

/// <summary><c>train</c>: the official main.py's options, plus --out, --resume and limits for quick runs.</summary>
internal static class TrainCommand
{
    public static Command Create(CliIO io)
    {
        var d = new TrainingConfig();
        var model = CommonOptions.Model(required: true);
        var dataset = CommonOptions.Dataset();
        var numEe = CommonOptions.NumEe();
        var distribution = CommonOptions.Distribution();
        var exitType = CommonOptions.ExitType();
        var filters = CommonOptions.Filters();
        var loss = new Option<string>("--loss") { Description = "Loss: v0, v1, v2.", DefaultValueFactory = _ => d.Loss };
        var twoStage = new Option<bool>("--two-stage") { Description = "Two-stage training: v0 for --first-stage-epochs, then v1." };
        var firstStage = new Option<int>("--first-stage-epochs") { Description = "Epochs of v0 in two-stage training.", DefaultValueFactory = _ => d.FirstStageEpochs };
        var lambda = new Option<double>("--lambda") { Description = "Weight λ of the cost part of the loss.", DefaultValueFactory = _ => d.Lambda };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (official default 150).", DefaultValueFactory = _ => d.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var optimizer = new Option<string>("--optimizer") { Description = "adam or sgd.", DefaultValueFactory = _ => d.Optimizer };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => d.WeightDecay };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => d.Momentum };
        var schedule = new Option<string>("--lr-schedule") { Description = "none, or step (lr · gamma every --lr-step epochs).", DefaultValueFactory = _ => d.LrSchedule };
        var lrStep = new Option<int>("--lr-step") { Description = "Epochs between lr steps.", DefaultValueFactory = _ => d.LrStepSize };
        var lrGamma = new Option<double>("--lr-gamma") { Description = "Factor of each lr step.", DefaultValueFactory = _ => d.LrGamma };
        var seed = new Option<long>("--seed") { Description = "Random seed (same seed + same thread count on CPU = same numbers).", DefaultValueFactory = _ => d.Seed };
        var device = CommonOptions.Device();
        var threads = new Option<int>("--threads") { Description = "CPU threads for tensor ops (0 = TorchSharp's default).", DefaultValueFactory = _ => 0 };
        var dataDir = CommonOptions.DataDir();
        var outDir = new Option<string?>("--out") { Description = "Run folder: checkpoint (last.ckpt, best.pt), metrics.csv/json, result.json." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training examples (quick runs)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test examples (quick runs)." };
        var valFraction = new Option<double>("--val-fraction") { Description = "Part of the training data held out to pick the best epoch.", DefaultValueFactory = _ => d.ValidationFraction };
        var threshold = new Option<double>("--threshold") { Description = "Early-exit confidence threshold T.", DefaultValueFactory = _ => d.Threshold };

        var command = new Command("train", "Train a model with the EENet loss; writes a resumable checkpoint and result.json to --out.")
        {
            model, dataset, numEe, distribution, exitType, filters, loss, twoStage, firstStage, lambda, epochs, batchSize, lr,
            optimizer, weightDecay, momentum, schedule, lrStep, lrGamma, seed, device, threads, dataDir, outDir, resume,
            trainLimit, testLimit, valFraction, threshold,
        };
        command.SetAction((r, cancel) => Task.FromResult(io.Guard(() =>
        {
            var name = r.GetValue(model)!;
            var config = new TrainingConfig
            {
                Model = name.ToLowerInvariant(),
                Dataset = DatasetInfo.Get(r.GetValue(dataset) ?? CommonOptions.DefaultDataset(name)).Name,
                NumEarlyExits = r.GetValue(numEe),
                Distribution = r.GetValue(distribution)!.ToLowerInvariant(),
                ExitType = r.GetValue(exitType)!.ToLowerInvariant(),
                Filters = r.GetValue(filters),
                Loss = r.GetValue(loss)!.ToLowerInvariant(),
                TwoStage = r.GetValue(twoStage),
                FirstStageEpochs = r.GetValue(firstStage),
                Lambda = r.GetValue(lambda),
                Epochs = r.GetValue(epochs),
                BatchSize = r.GetValue(batchSize),
                LearningRate = r.GetValue(lr),
                Optimizer = r.GetValue(optimizer)!.ToLowerInvariant(),
                WeightDecay = r.GetValue(weightDecay),
                Momentum = r.GetValue(momentum),
                LrSchedule = r.GetValue(schedule)!.ToLowerInvariant(),
                LrStepSize = r.GetValue(lrStep),
                LrGamma = r.GetValue(lrGamma),
                Seed = r.GetValue(seed),
                Device = r.GetValue(device)!.ToLowerInvariant(),
                Threads = r.GetValue(threads),
                TrainLimit = r.GetValue(trainLimit),
                TestLimit = r.GetValue(testLimit),
                ValidationFraction = r.GetValue(valFraction),
                Threshold = r.GetValue(threshold),
            };
            config.Validate();
            var info = DatasetInfo.Get(config.Dataset);
            var (train, test) = DatasetLoader.Load(info, r.GetValue(dataDir));
            using var _train = train;
            using var _test = test;
            var progress = new ConsoleProgress(io.Out, io.Error, interactive: io.Interactive);
            var result = new Trainer(config, progress).Run(train, test, r.GetValue(outDir), r.GetValue(resume), cancel);
            var t = result.Test;
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test (epoch {result.BestEpoch}, T = {t.Threshold}): accuracy {t.Accuracy:P2}, average cost {t.AverageCost:F4} ({t.AverageMacs:N0} MACs), exits [{string.Join(' ', t.ExitCounts)}] of {t.Count:N0}"));
            if (r.GetValue(outDir) is { } dir) io.Out.WriteLine($"wrote {Path.Combine(dir, Trainer.ResultFile)} and {Path.Combine(dir, Trainer.LastCheckpoint)}");
            return 0;
        })));
        return command;
    }
}
