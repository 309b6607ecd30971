namespace EENet.Repro.Training;

/// <summary>One epoch's numbers, as written to metrics.csv / metrics.json and reported to progress listeners.</summary>
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
    double Seconds);

/// <summary>What the trainer tells its listener (CLI progress bar, notebook); the trainer itself prints nothing.</summary>
public abstract record TrainingEvent;
public sealed record RunStarted(TrainingConfig Config, string ModelSummary, long TrainCount, long ValidationCount, long TestCount, int StartEpoch, string Device) : TrainingEvent;
public sealed record EpochStarted(int Epoch, int Epochs, int Batches, string Loss) : TrainingEvent;
public sealed record BatchCompleted(int Epoch, int Batch, int Batches, double Loss) : TrainingEvent;
public sealed record EpochCompleted(EpochMetrics Metrics, bool IsBest) : TrainingEvent;
public sealed record TrainingNote(string Message) : TrainingEvent;

/// <summary>The loss became NaN or infinite. Nothing was saved after the last good epoch.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
