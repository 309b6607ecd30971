using System.CommandLine;
using System.Globalization;
using System.Text.Json;
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

    /// <summary>--weights best|last: true when the last epoch's weights are asked for.</summary>
    public static Option<string> Last() =>
        CommonOptions.Words("--weights", "best (the epoch kept on validation; default) or last.", "best", "best", "last");

    public static Command Create(CliIO io)
    {
        var checkpoint = Checkpoint();
        var last = Last();
        var threshold = CommonOptions.Number("--threshold", "Early-exit confidence threshold T.", EarlyExitRule.PaperThreshold, 0, 1);
        var mode = CommonOptions.Words("--mode",
            "batched (routes each sample of a batch to its exit; default) or per-sample (batch 1, as the official code).",
            "batched", "batched", "per-sample");
        var batchSize = CommonOptions.Int("--batch-size", "Batch size of batched evaluation.", 256, 1, TrainingConfig.MaxBatchSize);
        var testLimit = CommonOptions.TestLimit("Evaluate only the first N test examples (default: as trained).");
        var dataDir = CommonOptions.DataDir();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("evaluate",
            "Evaluate a trained model with early exit: accuracy, average cost, per-exit counts and accuracy.")
        {
            checkpoint, last, threshold, mode, batchSize, testLimit, dataDir, device, threads, json,
        };
        command.SetAction(r => io.Guard(() =>
        {
            var t = r.GetValue(threshold);
            var (model, config, used) =
                RunFolder.Open(r.GetValue(checkpoint)!, r.GetValue(last)!.ToLowerInvariant() == "best",
                    r.GetValue(device), r.GetValue(threads));
            using var _model = model;
            using var subset = RunFolder.TestSet(config, r.GetValue(dataDir), r.GetValue(testLimit));
            var perSample = r.GetValue(mode)!.ToLowerInvariant() == "per-sample";
            var result = perSample
                ? EarlyExitEvaluator.EvaluatePerSample(model, subset, t)
                : EarlyExitEvaluator.EvaluateBatched(model, subset, t, r.GetValue(batchSize));
            var summary = TestSummary.From(result, model.Description);
            if (r.GetValue(json))
            {
                io.Out.WriteLine(JsonSerializer.Serialize(summary, TrainingConfig.Json));
                return 0;
            }
            io.Out.WriteLine($"{config.Model} on {config.Dataset}, weights {used}, {(perSample ? "per-sample" : "batched")} evaluation, " +
                $"T = {t.ToString(CultureInfo.InvariantCulture)}");
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accuracy {result.Accuracy:P2}  average cost {result.AverageCost:F4}  average MACs {summary.AverageMacs:N0}  " +
                $"({result.Count:N0} examples)"));
            io.Out.WriteLine($"{"exit",-5} {"cost",7} {"MAC share",10} {"examples",9} {"accuracy",9}");
            for (var k = 0; k < result.ExitCounts.Length; k++)
            {
                var acc = double.IsNaN(result.ExitAccuracy[k]) ? "-" : result.ExitAccuracy[k].ToString("P2", CultureInfo.InvariantCulture);
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(k == result.ExitCounts.Length - 1 ? "last" : k.ToString(CultureInfo.InvariantCulture)),-5} " +
                    $"{result.ExitCosts[k],7:F4} {summary.ExitMacShares![k],10:F4} {result.ExitCounts[k],9} {acc,9}"));
            }
            if (model.Description.Model.Family == Models.ModelFamily.Eenet8) io.Out.WriteLine(model.Description.CostNote);
            return 0;
        }));
        return command;
    }
}
