using EENet.Repro.Models;

namespace EENet.Repro.Training;

/// <summary>Opens the model a training run left in its folder: the weights of the best epoch, else of the last.</summary>
public static class TrainedModel
{
    /// <param name="folder">A run folder written by <see cref="Trainer"/>.</param>
    /// <param name="preferBest">Use best.pt (the epoch chosen on validation) when it exists.</param>
    public static (EarlyExitModel Model, CheckpointHeader Header, string Weights) Open(string folder, bool preferBest = true)
    {
        var checkpoint = Path.Combine(folder, Trainer.LastCheckpoint);
        var header = Checkpoint.ReadHeader(checkpoint);
        var model = ModelFactory.Create(header.Config.ModelSpec);
        var best = Path.Combine(folder, Trainer.BestWeights);
        if (preferBest && File.Exists(best))
        {
            using var reader = new BinaryReader(File.OpenRead(best));
            model.load(reader);
            return (model, header, $"{best} (best epoch {header.BestEpoch})");
        }
        Checkpoint.Load(checkpoint, model, null);
        return (model, header, $"{checkpoint} (epoch {header.EpochsDone})");
    }
}
