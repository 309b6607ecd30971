using System.CommandLine;
using System.Globalization;
using EENet.Repro.Data;
using EENet.Repro.Datasets;
using EENet.Repro.Runs;
using EENet.Repro.Training;

namespace EENet.Repro.Cli.Commands;

/// <summary>
/// <c>train</c>: the official main.py's options, plus --out, --resume, the epoch-selection rule and limits for quick runs.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliIO io)
    {
        var d = new TrainingConfig();
        var model = CommonOptions.Model();
        var dataset = CommonOptions.Dataset();
        var numEe = CommonOptions.NumEe();
        var distribution = CommonOptions.Distribution();
        var exitType = CommonOptions.ExitType();
        var filters = CommonOptions.Filters();
        var exits = CommonOptions.Exits();
        var loss = CommonOptions.Choice("--loss", "Loss", LossVersions.Choices, d.Loss);
        var twoStage = new Option<bool>("--two-stage") { Description = "Two-stage training: v0 for --first-stage-epochs, then v1." };
        var firstStage = CommonOptions.Int("--first-stage-epochs", "Epochs of v0 in two-stage training.", d.FirstStageEpochs, 0,
            TrainingConfig.MaxEpochs);
        var lambda = CommonOptions.Number("--lambda", "Weight λ of the cost part of the loss.", d.Lambda, 0, 1000);
        var epochs = CommonOptions.Int("--epochs", "Epochs (official default 150).", d.Epochs, 1, TrainingConfig.MaxEpochs);
        var batchSize = CommonOptions.Int("--batch-size", "Training batch size.", d.BatchSize, 1, TrainingConfig.MaxBatchSize);
        var lr = CommonOptions.Number("--lr", "Learning rate.", d.LearningRate, 0, 10, minOpen: true);
        var optimizer = CommonOptions.Choice("--optimizer", "Optimiser", TrainingChoices.Optimizers, d.Optimizer);
        var weightDecay = CommonOptions.Number("--weight-decay", "Weight decay.", d.WeightDecay, 0, 1);
        var momentum = CommonOptions.Number("--momentum", "SGD momentum (below 1).", d.Momentum, 0, 0.999999);
        var schedule = CommonOptions.Choice("--lr-schedule", "Learning-rate schedule (step: lr · gamma every --lr-step epochs)",
            TrainingChoices.Schedules, d.LrSchedule);
        var lrStep = CommonOptions.Int("--lr-step", "Epochs between lr steps.", d.LrStepSize, 1, TrainingConfig.MaxEpochs);
        var lrGamma = CommonOptions.Number("--lr-gamma", "Factor of each lr step.", d.LrGamma, 0, 1e6, minOpen: true);
        var seed = new Option<long>("--seed") { Description =
            "Random seed (same seed + same thread count on CPU = same numbers). Default 1.", DefaultValueFactory = _ => d.Seed };
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var dataDir = CommonOptions.DataDir();
        var outDir = new Option<string?>("--out") { Description =
            "Run folder: last.ckpt, best.pt, metrics.csv/json, result.json, test-exits.csv, trace.json." };
        var resume = new Option<bool>("--resume") { Description =
            "Continue the run in --out from its last checkpoint (--epochs may grow)." };
        var trainLimit = new Option<int?>("--train-limit")
        {
            Description = "Use only the first N training examples (quick runs). Range 1..2,147,483,647.",
            CustomParser = r => r.Tokens.Count == 0 ? null : int.TryParse(r.Tokens[0].Value, out var v) && v >= 1 ? v
                : Error(r, "--train-limit", r.Tokens[0].Value),
        };
        var testLimit = CommonOptions.TestLimit("Use only the first N test examples (quick runs).");
        var valFraction = CommonOptions.Number("--val-fraction",
            "Part of the training data held out to choose the kept epoch (0: keep the last epoch).",
            d.ValidationFraction, 0, 0.5);
        var select = CommonOptions.Choice("--select", "Kept epoch, judged on the validation split (loss: the official rule)",
            TrainingChoices.Selections,
            d.Selection);
        var threshold = CommonOptions.Number("--threshold", "Early-exit confidence threshold T.", d.Threshold, 0, 1);

        var command = new Command("train", "Train a model with the EENet loss; writes a resumable checkpoint and result.json to --out.")
        {
            model, dataset, numEe, distribution, exitType, filters, exits, loss, twoStage, firstStage, lambda, epochs, batchSize, lr,
            optimizer, weightDecay, momentum, schedule, lrStep, lrGamma, seed, device, threads, dataDir, outDir, resume,
            trainLimit, testLimit, valFraction, select, threshold,
        };
        command.SetAction((r, cancel) => Task.FromResult(io.Guard(() =>
        {
            var name = r.GetValue(model);
            var config = new TrainingConfig
            {
                Model = name,
                Dataset = r.GetValue(dataset) ?? name.DefaultDataset,
                NumEarlyExits = r.GetValue(numEe),
                Distribution = r.GetValue(distribution),
                ExitType = r.GetValue(exitType),
                Filters = r.GetValue(filters),
                ExitPositions = r.GetValue(exits) is { Length: > 0 } given ? given : null,
                Loss = r.GetValue(loss),
                TwoStage = r.GetValue(twoStage),
                FirstStageEpochs = r.GetValue(firstStage),
                Lambda = r.GetValue(lambda),
                Epochs = r.GetValue(epochs),
                BatchSize = r.GetValue(batchSize),
                LearningRate = r.GetValue(lr),
                Optimizer = r.GetValue(optimizer),
                WeightDecay = r.GetValue(weightDecay),
                Momentum = r.GetValue(momentum),
                LrSchedule = r.GetValue(schedule),
                LrStepSize = r.GetValue(lrStep),
                LrGamma = r.GetValue(lrGamma),
                Seed = r.GetValue(seed),
                Device = r.GetValue(device),
                Threads = r.GetValue(threads),
                TrainLimit = r.GetValue(trainLimit),
                TestLimit = r.GetValue(testLimit),
                ValidationFraction = r.GetValue(valFraction),
                Selection = r.GetValue(select),
                Threshold = r.GetValue(threshold),
            };
            config.Validate(); // every option checked before any data is read or memory allocated
            var (train, test) = DatasetLoader.Load(DatasetCatalog.Get(config.Dataset), r.GetValue(dataDir));
            using var _train = train;
            using var _test = test;
            io.Out.WriteLine($"data: {train.Source}; {test.Source}");
            var progress = new ConsoleProgress(io.Out, io.Error, interactive: io.Interactive);
            var result = new Trainer(config, progress).Run(train, test, r.GetValue(outDir), r.GetValue(resume), cancel);
            var t = result.Test;
            var macShare = result.Model.Model.Family == Models.ModelFamily.Eenet8
                ? string.Create(CultureInfo.InvariantCulture, $" (MAC share {t.AverageMacShare:F4})")
                : "";
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test (epoch {result.BestEpoch}, kept by validation {config.Selection.Name()}; T = {t.Threshold}): accuracy " +
                $"{t.Accuracy:P2}, average cost {t.AverageCost:F4}{macShare}, exits [{string.Join(' ', t.ExitCounts)}] of {t.Count:N0}"));
            if (r.GetValue(outDir) is { } dir) io.Out.WriteLine(
                $"wrote {Path.Combine(dir, RunDirectory.ResultFile)} and {Path.Combine(dir, RunDirectory.LastCheckpointFile)}");
            return 0;
        })));
        return command;
    }

    private static int? Error(System.CommandLine.Parsing.ArgumentResult r, string option, string value)
    {
        r.AddError($"{option} must be a whole number of at least 1 (got '{value}').");
        return null;
    }
}
