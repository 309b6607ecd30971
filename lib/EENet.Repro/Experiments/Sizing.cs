using EENet.Repro.Cost;
using EENet.Repro.Datasets;
using EENet.Repro.Models;
using EENet.Repro.Training;

namespace EENet.Repro.Experiments;

/// <summary>
/// How much each profile trains, in one place for every research question, so that a configuration two questions share
/// trains once (the results cache is keyed by configuration). smoke: 1 epoch on the catalog's offline stand-in of each
/// dataset. quick: a few epochs, the ResNet backbones on a subset of the training data (sized from measured
/// throughput, docs/benchmarks.md). full: the official defaults (150 epochs, batch 32, Adam 0.001) on whole datasets.
/// </summary>
public static class Sizing
{
    /// <summary>quick: epochs of EENet-8 on all of MNIST.</summary>
    public const int QuickEenet8Epochs = 3;
    /// <summary>quick: epochs of the ResNet-based models.</summary>
    public const int QuickResNetEpochs = 2;
    /// <summary>quick: training examples of the ResNet-based models (the first N of the training split).</summary>
    public const int QuickResNetTrainLimit = 3_000;
    /// <summary>quick: test examples of the ResNet-based models (a full pass over 10,000 would take longer than their training).</summary>
    public const int QuickResNetTestLimit = 2_000;
    /// <summary>full: the official default.</summary>
    public const int FullEpochs = 150;

    public static TrainingConfig Config(Profile profile, ModelName model, string realDataset, int filters = 2, int numEe = 2,
        Distribution distribution = Distribution.Fine, ExitType exitType = ExitType.Pool)
    {
        var real = DatasetCatalog.Get(realDataset);
        var config = new TrainingConfig
        {
            Model = model, Dataset = real.Name, Filters = filters, NumEarlyExits = model.Family == ModelFamily.PlainResNet ? 2 : numEe,
            Distribution = distribution, ExitType = exitType, BatchSize = 32, ValidationFraction = 0.1,
        };
        var small = model.Family == ModelFamily.Eenet8;
        switch (profile)
        {
            case Profile.Smoke:
                var (standIn, trainLimit, testLimit) = DatasetCatalog.SmokeStandInFor(real);
                return config with { Dataset = standIn.Name, Epochs = 1, TrainLimit = trainLimit, TestLimit = testLimit, BatchSize = 64 };
            case Profile.Quick:
                return config with
                {
                    Epochs = small ? QuickEenet8Epochs : QuickResNetEpochs,
                    TrainLimit = small ? null : QuickResNetTrainLimit,
                    TestLimit = small ? null : QuickResNetTestLimit,
                };
            default:
                return config with { Epochs = FullEpochs };
        }
    }

    /// <summary>What the profile cut compared with the paper, in one sentence per research question's needs.</summary>
    public static string Describe(Profile profile) => profile switch
    {
        Profile.Smoke => "smoke: 1 epoch on offline stand-ins (all of Fashion-MNIST for MNIST; 1,024 generated images in the other " +
                         "datasets' shapes), 2 seeds. Not comparable to the paper.",
        Profile.Quick => $"quick: EENet-8 for {QuickEenet8Epochs} epochs on all of MNIST; ResNet-20 backbones instead of deeper ones, " +
                         $"{QuickResNetEpochs} epochs on the first {QuickResNetTrainLimit:N0} training images, tested on the first " +
                         $"{QuickResNetTestLimit:N0} test images; 3 seeds. The paper trains 150 epochs on whole datasets.",
        _ => $"full: the official defaults ({FullEpochs} epochs, batch 32, Adam lr 0.001, weight decay 1e-4, λ = 1, loss v2) on whole " +
             "datasets, 3 seeds.",
    };
}
