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
}
