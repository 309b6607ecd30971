using EENet.Repro.Data;
using EENet.Repro.Models;
using EENet.Repro.Runtime;
using EENet.Repro.Training;
using TorchSharp;

namespace EENet.Repro.Cli.Commands;

/// <summary>Opens a trained model from a run folder (or a last.ckpt file) for evaluate and sweep.</summary>
internal static class RunFolder
{
    public static (EarlyExitModel Model, TrainingConfig Config, string Weights) Open(string checkpoint, string weights, string device)
    {
        var checkpointFile = Directory.Exists(checkpoint) ? Path.Combine(checkpoint, Trainer.LastCheckpoint) : checkpoint;
        if (!File.Exists(checkpointFile))
            throw new FileNotFoundException($"--checkpoint: no checkpoint at {checkpointFile}. Give a run folder written by 'train --out' or its {Trainer.LastCheckpoint}.");
        var (model, header, used) = TrainedModel.Open(Path.GetDirectoryName(Path.GetFullPath(checkpointFile))!, weights == "best");
        model.to(DeviceSelector.Resolve(device));
        return (model, header.Config, used);
    }

    /// <summary>The test examples a run is evaluated on: its dataset's test split, limited as trained unless <paramref name="limit"/> says otherwise.</summary>
    public static ImageDataset TestSet(TrainingConfig config, string? dataDir, int? limit)
    {
        using var test = DatasetLoader.Load(DatasetInfo.Get(config.Dataset), Split.Test, dataDir);
        return test.Take(limit ?? config.TestLimit);
    }
}
