using EENet.Repro.Options;

namespace EENet.Repro.Training;

/// <summary>The optimisers of the official main.py.</summary>
public enum OptimizerKind { Adam, Sgd }

/// <summary>How the learning rate changes over epochs (the official --adaptive-lr is broken; these are explicit).</summary>
public enum LrSchedule
{
    /// <summary>The rate stays at --lr (the official default).</summary>
    None,
    /// <summary>lr · gamma^⌊epoch / step⌋.</summary>
    Step,
}

/// <summary>Which epoch's weights a run keeps, judged on the validation split held out from the training data.</summary>
public enum EpochSelection
{
    /// <summary>
    /// The lowest validation loss: the mean over examples of the NLL of the prediction at the exit the example takes
    /// plus λ times that exit's cost (the official main.py's val_loss, there computed on the test set).
    /// </summary>
    Loss,
    /// <summary>The highest validation accuracy at the threshold T.</summary>
    Accuracy,
}

/// <summary>Spellings of the training options, as the command line, notebooks and JSON accept them.</summary>
public static class TrainingChoices
{
    public static readonly Choices<OptimizerKind> Optimizers = new((OptimizerKind.Adam, "adam", []), (OptimizerKind.Sgd, "sgd", []));

    public static readonly Choices<LrSchedule> Schedules = new((LrSchedule.None, "none", []), (LrSchedule.Step, "step", []));

    public static readonly Choices<EpochSelection> Selections =
        new((EpochSelection.Loss, "loss", []), (EpochSelection.Accuracy, "accuracy", []));

    public static string Name(this OptimizerKind v) => Optimizers.Name(v);
    public static string Name(this LrSchedule v) => Schedules.Name(v);
    public static string Name(this EpochSelection v) => Selections.Name(v);
}
