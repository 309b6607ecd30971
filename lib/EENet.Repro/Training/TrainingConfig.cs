using System.Text.Json;
using System.Text.Json.Serialization;
using EENet.Repro.Cost;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Options;
using EENet.Repro.Runtime;

namespace EENet.Repro.Training;

/// <summary>
/// A training run, in the official main.py's terms and with its defaults (Adam, lr 0.001, weight decay 1e-4,
/// batch 32, 150 epochs, λ = 1, 2 exits, fine distribution, pool exits, loss v2, seed 1), plus what the kit adds:
/// an explicit lr schedule, a validation split for model selection, limits for quick runs, and thread count.
/// Every option is typed; <see cref="Validate"/> gives each a documented range.
/// </summary>
public sealed record TrainingConfig
{
    [JsonRequired]
    public ModelName Model { get; init; } = ModelName.Eenet8;
    /// <summary>A dataset of the catalog (EENet.Repro.Datasets), by its canonical name.</summary>
    [JsonRequired]
    public string Dataset { get; init; } = "mnist";
    public int NumEarlyExits { get; init; } = 2;
    public Distribution Distribution { get; init; } = Distribution.Fine;
    public ExitType ExitType { get; init; } = ExitType.Pool;
    public int Filters { get; init; } = 2;
    /// <summary>Exits placed by hand ("s1.b2", …) instead of by the distribution; null: the distribution places them.</summary>
    public string[]? ExitPositions { get; init; }

    public LossVersion Loss { get; init; } = LossVersion.V2;
    /// <summary>v0 for the first <see cref="FirstStageEpochs"/> epochs, then v1 (the paper's two-stage training).</summary>
    public bool TwoStage { get; init; }
    public int FirstStageEpochs { get; init; } = 25;
    public double Lambda { get; init; } = 1.0;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public double LearningRate { get; init; } = 0.001;
    public double WeightDecay { get; init; } = 1e-4;
    public double Momentum { get; init; } = 0.9;
    public LrSchedule LrSchedule { get; init; } = LrSchedule.None;
    public int LrStepSize { get; init; } = 50;
    public double LrGamma { get; init; } = 0.1;

    public int Epochs { get; init; } = 150;
    public int BatchSize { get; init; } = 32;
    public long Seed { get; init; } = 1;
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;
    /// <summary>Intra-op threads; 0 = the kit's choice for the model (see ThreadPolicy). Results depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Part of the training set held out to pick the best epoch (never the test set).</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>How the kept epoch is chosen on the validation split (official: lowest validation loss).</summary>
    public EpochSelection Selection { get; init; } = EpochSelection.Loss;
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }
    public double Threshold { get; init; } = EarlyExitRule.PaperThreshold;
    public int EvalBatchSize { get; init; } = 256;

    [JsonIgnore]
    public ModelSpec ModelSpec =>
        new(Model, Dataset, ExitPositions is { Length: > 0 } p ? p.Length : NumEarlyExits, Distribution, ExitType, Filters,
        ExitPositions);

    /// <summary>Upper bounds of the options, as README and --help state them.</summary>
    public const int MaxEpochs = 100_000, MaxBatchSize = 65_536, MaxThreads = 1024, MaxExits = 64;

    /// <summary>Checks every field and names the offending option (as the CLI spells it) in the message.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new OptionException(message);
        }
        static bool Finite(double v) => double.IsFinite(v);
        Require(Epochs is >= 1 and <= MaxEpochs, $"--epochs must be in 1..{MaxEpochs} (got {Epochs}).");
        Require(BatchSize is >= 1 and <= MaxBatchSize, $"--batch-size must be in 1..{MaxBatchSize} (got {BatchSize}).");
        Require(EvalBatchSize is >= 1 and <= MaxBatchSize,
            $"the evaluation batch size must be in 1..{MaxBatchSize} (got {EvalBatchSize}).");
        Require(Finite(LearningRate) && LearningRate is > 0 and <= 10, $"--lr must be a number in (0, 10] (got {LearningRate}).");
        Require(Finite(WeightDecay) && WeightDecay is >= 0 and <= 1, $"--weight-decay must be a number in [0, 1] (got {WeightDecay}).");
        Require(Finite(Momentum) && Momentum is >= 0 and < 1, $"--momentum must be a number in [0, 1) (got {Momentum}).");
        Require(Finite(Lambda) && Lambda is >= 0 and <= 1000, $"--lambda must be a number in [0, 1000] (got {Lambda}).");
        Require(LrStepSize is >= 1 and <= MaxEpochs, $"--lr-step must be in 1..{MaxEpochs} (got {LrStepSize}).");
        Require(Finite(LrGamma) && LrGamma is > 0 and <= 1e6, $"--lr-gamma must be a number in (0, 1e6] (got {LrGamma}).");
        Require(Finite(ValidationFraction) && ValidationFraction is >= 0 and <= 0.5,
            $"--val-fraction must be a number in [0, 0.5] (got {ValidationFraction}): the rest trains.");
        Require(TrainLimit is null or >= 1, $"--train-limit must be at least 1 (got {TrainLimit}).");
        Require(TestLimit is null or >= 1, $"--test-limit must be at least 1 (got {TestLimit}).");
        Require(Finite(Threshold) && Threshold is >= 0 and <= 1, $"--threshold must be a number in [0, 1] (got {Threshold}).");
        Require(Threads is >= 0 and <= MaxThreads, $"--threads must be in 0..{MaxThreads} (0: the kit's choice; got {Threads}).");
        Require(FirstStageEpochs is >= 0 and <= MaxEpochs, $"--first-stage-epochs must be in 0..{MaxEpochs} (got {FirstStageEpochs}).");
        Require(Filters is >= 1 and <= ModelSpec.MaxFilters,
            $"--filters must be in 1..{ModelSpec.MaxFilters} (got {Filters}); the paper uses 2 or 4.");
        Require(NumEarlyExits is >= 0 and <= MaxExits, $"--num-ee must be in 0..{MaxExits} (got {NumEarlyExits}).");
        Require(Datasets.DatasetCatalog.TryGet(Dataset) is not null,
            $"--dataset: '{Dataset}' is not one of: {Datasets.DatasetCatalog.NameList}.");
        ModelSpec.Validate();
    }

    /// <summary>JSON as the kit writes it (camelCase, options by their canonical names, NaN refused on read).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters =
        {
            ExitTypes.Choices.Json, Distributions.Choices.Json, LossVersions.Choices.Json, TrainingChoices.Optimizers.Json,
            TrainingChoices.Schedules.Json, TrainingChoices.Selections.Json, DeviceSelector.Choices.Json,
        },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The fields that decide a run's numbers: what a checkpoint must match to be resumed (epochs may grow).</summary>
    public string ResumeKey() =>
        JsonSerializer.Serialize(this with { Epochs = 0, Device = DeviceChoice.Auto, EvalBatchSize = 0, Threads = 0 }, Json);
}
