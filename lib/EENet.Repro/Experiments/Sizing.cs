using EENet.Repro.Training;

namespace EENet.Repro.Experiments;

/// <summary>
/// How much each profile trains. smoke: 1 epoch on 1,024 training and 512 test examples. quick: a few epochs, on a
/// 5,000–8,000-example subset for the ResNets (full MNIST for EENet-8), sized so each RQ takes about 15 minutes on 2
/// CPU cores (docs/benchmarks.md). full: the official defaults (150 epochs, batch
/// 32, Adam 0.001) on the whole datasets.
/// </summary>
internal static class Sizing
{
    public static TrainingConfig Config(Profile profile, string model, string dataset, int quickEpochs, int? quickTrainLimit,
        int filters = 2, int numEe = 2, string distribution = "fine", string exitType = "pool") => profile switch
    {
        Profile.Smoke => new TrainingConfig
        {
            Model = model, Dataset = dataset, Filters = filters, NumEarlyExits = numEe, Distribution = distribution, ExitType = exitType,
            Epochs = 1, TrainLimit = dataset.Contains("tiny") ? 256 : 1024, TestLimit = dataset.Contains("tiny") ? 128 : 512,
            BatchSize = 64, ValidationFraction = 0.1,
        },
        Profile.Quick => new TrainingConfig
        {
            Model = model, Dataset = dataset, Filters = filters, NumEarlyExits = numEe, Distribution = distribution, ExitType = exitType,
            Epochs = quickEpochs, TrainLimit = quickTrainLimit, BatchSize = 32, ValidationFraction = 0.1,
        },
        _ => new TrainingConfig
        {
            Model = model, Dataset = dataset, Filters = filters, NumEarlyExits = numEe, Distribution = distribution, ExitType = exitType,
            Epochs = 150, BatchSize = 32, ValidationFraction = 0.1,
        },
    };

    /// <summary>The dataset a profile uses in place of a real one: smoke runs offline on generated or Fashion-MNIST data.</summary>
    public static string Data(Profile profile, string real) => profile != Profile.Smoke ? real : real switch
    {
        "mnist" => "fashion-mnist",
        _ => "synthetic-" + real,
    };
}
