using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EENet.Repro.Data;
using EENet.Repro.Inference;
using EENet.Repro.Training;

namespace EENet.Repro.Cli.Commands;

/// <summary><c>sweep</c>: accuracy against average cost for a grid of thresholds T (one pass over the test set).</summary>
internal static class SweepCommand
{
    public static Command Create(CliIO io)
    {
        var checkpoint = EvaluateCommand.Checkpoint();
        var weights = EvaluateCommand.Weights();
        var step = new Option<double>("--step") { Description = "Grid step for T in [0, 1].", DefaultValueFactory = _ => 0.05 };
        var thresholds = new Option<string?>("--thresholds") { Description = "Explicit comma-separated thresholds (instead of --step), e.g. 0.3,0.5,0.7." };
        var outFile = new Option<string?>("--out") { Description = "Write the sweep to this file: .csv or .json." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test examples (default: as trained)." };
        var dataDir = CommonOptions.DataDir();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("sweep", "Accuracy vs average cost over early-exit thresholds T, to CSV or JSON.")
        {
            checkpoint, weights, step, thresholds, outFile, testLimit, dataDir, device, json,
        };
        command.SetAction(r => io.Guard(() =>
        {
            double[] grid;
            if (r.GetValue(thresholds) is { } list)
            {
                grid = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
                    double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1
                        ? v : throw new ArgumentException($"--thresholds: '{s}' is not a number in [0, 1].")).ToArray();
                if (grid.Length == 0) return io.Fail("--thresholds: give at least one threshold.");
            }
            else
            {
                var s = r.GetValue(step);
                if (s is <= 0 or > 1) return io.Fail($"--step must be in (0, 1] (got {s}).");
                grid = EarlyExitEvaluator.DefaultGrid(s);
            }
            var path = r.GetValue(outFile);
            if (path is not null && !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                return io.Fail($"--out: '{path}' must end in .csv or .json.");

            var (model, config, _) = RunFolder.Open(r.GetValue(checkpoint)!, r.GetValue(weights)!, r.GetValue(device)!);
            using var _model = model;
            using var subset = RunFolder.TestSet(config, r.GetValue(dataDir), r.GetValue(testLimit));
            var points = EarlyExitEvaluator.Sweep(model, subset, grid);

            var csv = new StringBuilder("threshold,accuracy,average_cost," + string.Join(',', Enumerable.Range(0, model.NumEarlyExits + 1).Select(k => $"exit{k}")) + "\n");
            foreach (var p in points)
                csv.Append(CultureInfo.InvariantCulture, $"{p.Threshold},{p.Accuracy:R},{p.AverageCost:R},{string.Join(',', p.ExitCounts)}\n");
            var jsonText = JsonSerializer.Serialize(points, TrainingConfig.Json);
            if (path is not null)
            {
                Training.Checkpoint.WriteTextAtomically(path, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? jsonText : csv.ToString());
            }
            io.Out.Write(r.GetValue(json) ? jsonText + Environment.NewLine : csv.ToString());
            if (path is not null && !r.GetValue(json)) io.Out.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}
