using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EENet.Repro.Data;
using EENet.Repro.Inference;
using EENet.Repro.Training;

namespace EENet.Repro.Cli.Commands;

/// <summary><c>evaluate</c>: early-exit evaluation of a trained model on its test set.</summary>
internal static class EvaluateCommand
{
    public static Option<string> Checkpoint() => new("--checkpoint")
    {
        Description = "Run folder written by 'train --out' (or its last.ckpt).",
        Required = true,
    };

    public static Option<string> Weights() =>
        CommonOptions.OneOf("--weights", "best (the epoch chosen on validation) or last.", "best", "best", "last");

    public static Command Create(CliIO io)
    {
        var checkpoint = Checkpoint();
        var weights = Weights();
        var threshold = new Option<double>("--threshold") { Description = "Early-exit confidence threshold T.", DefaultValueFactory = _ => EarlyExitEvaluator.PaperThreshold };
        var mode = CommonOptions.OneOf("--mode", "batched (routes each sample to its exit) or per-sample (batch 1, as the official code).", "batched", "batched", "per-sample");
        var batchSize = new Option<int>("--batch-size") { Description = "Batch size of batched evaluation.", DefaultValueFactory = _ => 256 };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate only the first N test examples (default: as trained)." };
        var dataDir = CommonOptions.DataDir();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("evaluate", "Evaluate a trained model with early exit: accuracy, average cost, per-exit counts and accuracy.")
        {
            checkpoint, weights, threshold, mode, batchSize, testLimit, dataDir, device, json,
        };
        command.SetAction(r => io.Guard(() =>
        {
            var t = r.GetValue(threshold);
            if (t is < 0 or > 1) return io.Fail($"--threshold must be in [0, 1] (got {t}).");
            if (r.GetValue(batchSize) < 1) return io.Fail($"--batch-size must be at least 1 (got {r.GetValue(batchSize)}).");
            var (model, config, used) = RunFolder.Open(r.GetValue(checkpoint)!, r.GetValue(weights)!, r.GetValue(device)!);
            using var _model = model;
            using var subset = RunFolder.TestSet(config, r.GetValue(dataDir), r.GetValue(testLimit));
            var result = r.GetValue(mode) == "per-sample"
                ? EarlyExitEvaluator.EvaluatePerSample(model, subset, t)
                : EarlyExitEvaluator.EvaluateBatched(model, subset, t, r.GetValue(batchSize));
            if (r.GetValue(json))
            {
                io.Out.WriteLine(JsonSerializer.Serialize(TestSummary.From(result), TrainingConfig.Json));
                return 0;
            }
            io.Out.WriteLine($"{config.Model} on {config.Dataset}, weights {used}, {r.GetValue(mode)} evaluation, T = {t.ToString(CultureInfo.InvariantCulture)}");
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accuracy {result.Accuracy:P2}  average cost {result.AverageCost:F4}  average MACs {result.AverageMacs:N0}  ({result.Count:N0} examples)"));
            io.Out.WriteLine($"{"exit",-5} {"cost",7} {"examples",9} {"accuracy",9}");
            for (var k = 0; k < result.ExitCounts.Length; k++)
            {
                var acc = double.IsNaN(result.ExitAccuracy[k]) ? "-" : result.ExitAccuracy[k].ToString("P2", CultureInfo.InvariantCulture);
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(k == result.ExitCounts.Length - 1 ? "last" : k.ToString(CultureInfo.InvariantCulture)),-5} {result.ExitCosts[k],7:F4} {result.ExitCounts[k],9} {acc,9}"));
            }
            return 0;
        }));
        return command;
    }
}
