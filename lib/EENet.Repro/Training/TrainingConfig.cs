using System.Text.Json;
using System.Text.Json.Serialization;
using EENet.Repro.Models;

namespace EENet.Repro.Training;

/// <summary>
/// A training run, in the official main.py's terms and with its defaults (Adam, lr 0.001, weight decay 1e-4,
/// batch 32, 150 epochs, λ = 1, 2 exits, fine distribution, pool exits, loss v2, seed 1), plus what the kit adds:
/// an explicit lr schedule, a validation split for model selection, limits for quick runs, and thread count.
/// </summary>
public sealed record TrainingConfig
{
    public string Model { get; init; } = "eenet8";
    public string Dataset { get; init; } = "mnist";
    public int NumEarlyExits { get; init; } = 2;
    public string Distribution { get; init; } = "fine";
    public string ExitType { get; init; } = "pool";
    public int Filters { get; init; } = 2;

    public string Loss { get; init; } = "v2";
    /// <summary>v0 for the first <see cref="FirstStageEpochs"/> epochs, then v1 (the paper's two-stage training).</summary>
    public bool TwoStage { get; init; }
    public int FirstStageEpochs { get; init; } = 25;
    public double Lambda { get; init; } = 1.0;

    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 0.001;
    public double WeightDecay { get; init; } = 1e-4;
    public double Momentum { get; init; } = 0.9;
    /// <summary>none, or step: lr · gamma^floor(epoch / step size).</summary>
    public string LrSchedule { get; init; } = "none";
    public int LrStepSize { get; init; } = 50;
    public double LrGamma { get; init; } = 0.1;

    public int Epochs { get; init; } = 150;
    public int BatchSize { get; init; } = 32;
    public long Seed { get; init; } = 1;
    public string Device { get; init; } = "auto";
    /// <summary>Intra-op threads; 0 keeps TorchSharp's default. Results depend on it: keep it fixed to compare runs.</summary>
    public int Threads { get; init; }

    /// <summary>Part of the training set held out to pick the best epoch (never the test set).</summary>
    public double ValidationFraction { get; init; } = 0.1;
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }
    public double Threshold { get; init; } = 0.5;
    public int EvalBatchSize { get; init; } = 256;

    public ModelSpec ModelSpec => new(Model, Dataset, NumEarlyExits, Distribution, ExitType, Filters);

    /// <summary>Checks every field and names the offending option (as the CLI spells it) in the message.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Require(Epochs >= 1, $"--epochs must be at least 1 (got {Epochs}).");
        Require(BatchSize >= 1, $"--batch-size must be at least 1 (got {BatchSize}).");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"--lr must be a positive number (got {LearningRate}).");
        Require(WeightDecay >= 0, $"--weight-decay must be 0 or more (got {WeightDecay}).");
        Require(Momentum >= 0, $"--momentum must be 0 or more (got {Momentum}).");
        Require(Lambda >= 0 && double.IsFinite(Lambda), $"--lambda must be 0 or more (got {Lambda}).");
        Require(Optimizer is "adam" or "sgd", $"--optimizer must be adam or sgd (got '{Optimizer}').");
        Require(LrSchedule is "none" or "step", $"--lr-schedule must be none or step (got '{LrSchedule}').");
        Require(LrStepSize >= 1, $"--lr-step must be at least 1 (got {LrStepSize}).");
        Require(ValidationFraction is >= 0 and < 1, $"--val-fraction must be in [0, 1) (got {ValidationFraction}).");
        Require(TrainLimit is null or >= 1, $"--train-limit must be at least 1 (got {TrainLimit}).");
        Require(TestLimit is null or >= 1, $"--test-limit must be at least 1 (got {TestLimit}).");
        Require(Threshold is >= 0 and <= 1, $"--threshold must be in [0, 1] (got {Threshold}).");
        Require(Threads >= 0, $"--threads must be 0 (default) or more (got {Threads}).");
        Require(FirstStageEpochs >= 0, $"--first-stage-epochs must be 0 or more (got {FirstStageEpochs}).");
        EarlyExitLoss.Parse(Loss);
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The fields that decide a run's numbers: what a checkpoint must match to be resumed (epochs may grow).</summary>
    public string ResumeKey() => JsonSerializer.Serialize(this with { Epochs = 0, Device = "", EvalBatchSize = 0 }, Json);
}
