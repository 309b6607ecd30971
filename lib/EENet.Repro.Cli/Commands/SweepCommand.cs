using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EENet.Repro.Inference;
using EENet.Repro.Options;
using EENet.Repro.Runs;
using EENet.Repro.Training;

namespace EENet.Repro.Cli.Commands;

/// <summary><c>sweep</c>: accuracy against average cost for a grid of thresholds T (one pass over the test set).</summary>
internal static class SweepCommand
{
    public static Command Create(CliIO io)
    {
        var checkpoint = EvaluateCommand.Checkpoint();
        var last = EvaluateCommand.Last();
        var step = CommonOptions.Number("--step", "Grid step for T in [0, 1].", 0.05, EarlyExitEvaluator.MinGridStep, 1);
        var thresholds = new Option<double[]?>("--thresholds")
        {
            Description = "Explicit comma-separated thresholds in [0, 1] (instead of --step), e.g. 0.3,0.5,0.7; at most 10,001.",
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0) return null;
                var parts = r.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var bad = parts.FirstOrDefault(s => !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    || !double.IsFinite(v) || v is < 0 or > 1);
                if (parts.Length is 0 or > 10_001 || bad is not null)
                {
                    r.AddError(bad is not null ? $"--thresholds: '{bad}' is not a number in [0, 1]."
                        : "--thresholds: give 1 to 10,001 comma-separated numbers in [0, 1].");
                    return null;
                }
                return parts.Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            },
        };
        var outFile = new Option<string?>("--out")
        {
            Description = "Write the sweep to this file: .csv or .json.",
            Validators =
            {
                r =>
                {
                    var v = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                    if (!v.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !v.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                        r.AddError($"--out: '{v}' must end in .csv or .json.");
                },
            },
        };
        var testLimit = CommonOptions.TestLimit("Use only the first N test examples (default: as trained).");
        var dataDir = CommonOptions.DataDir();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("sweep", "Accuracy vs average cost over early-exit thresholds T, to CSV or JSON.")
        {
            checkpoint, last, step, thresholds, outFile, testLimit, dataDir, device, threads, json,
        };
        command.SetAction(r => io.Guard(() =>
        {
            var grid = r.GetValue(thresholds) is { Length: > 0 } given ? given : EarlyExitEvaluator.DefaultGrid(r.GetValue(step));
            var path = r.GetValue(outFile);
            var (model, config, _) = RunFolder.Open(r.GetValue(checkpoint)!, r.GetValue(last)!.ToLowerInvariant() == "best",
                r.GetValue(device), r.GetValue(threads));
            using var _model = model;
            using var subset = RunFolder.TestSet(config, r.GetValue(dataDir), r.GetValue(testLimit));
            var points = EarlyExitEvaluator.Sweep(model, subset, grid);

            var csv = new StringBuilder("threshold,accuracy,average_cost,"
                + string.Join(',', Enumerable.Range(0, model.NumEarlyExits + 1).Select(k => $"exit{k}")) + "\n");
            foreach (var p in points)
                csv.Append(CultureInfo.InvariantCulture,
                    $"{p.Threshold},{p.Accuracy:R},{p.AverageCost:R},{string.Join(',', p.ExitCounts)}\n");
            var jsonText = JsonSerializer.Serialize(points, TrainingConfig.Json);
            if (path is not null) AtomicFile.WriteText(path, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? jsonText : csv.ToString());
            io.Out.Write(r.GetValue(json) ? jsonText + Environment.NewLine : csv.ToString());
            if (path is not null && !r.GetValue(json)) io.Out.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}
