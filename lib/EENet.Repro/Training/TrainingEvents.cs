namespace EENet.Repro.Training;

/// <summary>One epoch's numbers, as written to metrics.csv / metrics.json and reported to progress listeners.</summary>
/// <param name="TrainLoss">Mean of the loss over the epoch's training examples (each batch weighted by its size).</param>
/// <param name="TrainPredictionLoss">The prediction part of it: Σ L_MC terms (v2), the one term (v1), Σ NLL (v0).</param>
/// <param name="TrainCostLoss">The cost part before λ: Σ L_Cost terms (v2), the one term (v1), 0 (v0).</param>
/// <param name="ValidationLoss">
/// The official selection criterion on the validation split: mean over examples of −log p[y] at the exit the example
/// takes plus λ · that exit's cost (main.py validate()).
/// </param>
public sealed record EpochMetrics(
    int Epoch,
    string Loss,
    double LearningRate,
    double TrainLoss,
    double TrainPredictionLoss,
    double TrainCostLoss,
    double? ValidationAccuracy,
    double? ValidationCost,
    int[]? ValidationExitCounts,
    double Seconds,
    double? ValidationLoss = null);

/// <summary>What the trainer tells its listener (CLI progress bar, notebook); the trainer itself prints nothing.</summary>
public abstract record TrainingEvent;
public sealed record RunStarted(TrainingConfig Config, string ModelSummary, long TrainCount, long ValidationCount,
    long TestCount, int StartEpoch,
    string Device, int Threads) : TrainingEvent;
public sealed record EpochStarted(int Epoch, int Epochs, int Batches, string Loss) : TrainingEvent;
public sealed record BatchCompleted(int Epoch, int Batch, int Batches, double Loss) : TrainingEvent;
public sealed record EpochCompleted(EpochMetrics Metrics, bool IsBest) : TrainingEvent;
public sealed record TrainingNote(string Message) : TrainingEvent;

/// <summary>The loss became NaN or infinite. Nothing was saved after the last good epoch.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
