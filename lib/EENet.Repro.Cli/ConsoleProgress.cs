using System.Diagnostics;
using System.Globalization;
using EENet.Repro.Training;

namespace EENet.Repro.Cli;

/// <summary>
/// Renders training events: a progress bar with ETA on an interactive terminal (redrawn in place on stderr), or one
/// line per epoch when output is redirected (CI logs, notebooks). Synchronous on purpose: Progress&lt;T&gt; would post
/// events to the thread pool and print them out of order.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, TextWriter error, bool interactive, bool quiet = false) : IProgress<TrainingEvent>
{
    private readonly Stopwatch runClock = new();
    private readonly Stopwatch epochClock = new();
    private int totalEpochs;
    private int startEpoch;
    private int batches;
    private long lastDraw;

    public void Report(TrainingEvent value)
    {
        switch (value)
        {
            case RunStarted s:
                runClock.Restart();
                totalEpochs = s.Config.Epochs;
                startEpoch = s.StartEpoch;
                if (quiet) break;
                output.WriteLine(s.ModelSummary);
                output.WriteLine($"device {s.Device}, {s.Threads} CPU " +
                                 $"thread(s){(s.Config.Threads == 0 ? " (the kit's choice for this model; --threads overrides)" : "")}; " +
                                 $"train {s.TrainCount:N0}, validation {s.ValidationCount:N0}, test {s.TestCount:N0} examples; " +
                                 $"{s.Config.Epochs} epochs of batch {s.Config.BatchSize}, {s.Config.Optimizer.Name()} lr " +
                                 $"{s.Config.LearningRate}, loss " +
                                 $"{(s.Config.TwoStage ? "two-stage (v0, then v1)" : s.Config.Loss.Name())}, kept epoch by validation " +
                                 $"{s.Config.Selection.Name()}");
                break;
            case EpochStarted e:
                epochClock.Restart();
                batches = e.Batches;
                break;
            case BatchCompleted b when interactive:
                if (Environment.TickCount64 - lastDraw < 200 && b.Batch < b.Batches) break;
                lastDraw = Environment.TickCount64;
                var fraction = (double)b.Batch / b.Batches;
                var done = (b.Epoch - 1 - startEpoch) + fraction;
                var eta = done > 0 ? TimeSpan.FromSeconds(runClock.Elapsed.TotalSeconds / done
                    * (totalEpochs - startEpoch - done)) : TimeSpan.Zero;
                var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
                error.Write(string.Create(CultureInfo.InvariantCulture,
                    $"\repoch {b.Epoch}/{totalEpochs} [{bar}] {b.Batch}/{b.Batches} loss {b.Loss:F4}  ETA {eta:hh\\:mm\\:ss}   "));
                break;
            case EpochCompleted c:
                if (interactive) error.Write("\r" + new string(' ', 90) + "\r");
                var m = c.Metrics;
                if (quiet) break;
                var val = m.ValidationAccuracy is null ? "no validation split"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"val loss {m.ValidationLoss:F4}, acc {m.ValidationAccuracy:P2}, cost {m.ValidationCost:F3}, exits " +
                        $"[{string.Join(' ', m.ValidationExitCounts!)}]");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {m.Epoch}/{totalEpochs} {m.Loss} loss {m.TrainLoss:F4} (pred {m.TrainPredictionLoss:F4}, cost " +
                    $"{m.TrainCostLoss:F4}); {val}; {m.Seconds:F1}s{(c.IsBest ? " *" : "")}"));
                break;
            case TrainingNote n:
                output.WriteLine(n.Message);
                break;
        }
    }
}
