using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EENet.Repro.Runs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EENet.Repro.Training;

/// <summary>What a checkpoint records besides tensors: the config, the epochs done and their metrics, the kept epoch.</summary>
public sealed record CheckpointHeader(int FormatVersion, TrainingConfig Config, int EpochsDone, List<EpochMetrics> History,
    int BestEpoch, DateTime SavedUtc);

/// <summary>
/// A single file: magic, JSON header, model state, optimiser state, written atomically (see <see cref="AtomicFile"/>),
/// so an interruption leaves either the old or the new checkpoint, whole. Format 1 (before the epoch-selection option)
/// reads as a run that selected its epoch by validation accuracy, which is what it did.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "EENETCK1"u8.ToArray();
    public const int FormatVersion = 2;

    public static void Save(string path, CheckpointHeader header, nn.Module model, OptimizerHelper? optimizer)
    {
        AtomicFile.Write(path, writer =>
        {
            writer.Write(Magic);
            var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header, TrainingConfig.Json));
            writer.Write(json.Length);
            writer.Write(json);
            ModelState.Save(model, writer);
            writer.Write(optimizer is not null);
            optimizer?.save_state_dict(writer);
        });
    }

    public static CheckpointHeader ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Restores model (and optimiser, when given) state; returns the header.</summary>
    public static CheckpointHeader Load(string path, nn.Module model, OptimizerHelper? optimizer)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        ModelState.Load(model, reader, $"{path} ({header.Config.Model}, {header.Config.NumEarlyExits} exits)");
        try
        {
            var hasOptimizer = reader.ReadBoolean();
            if (optimizer is not null && hasOptimizer) optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (
            e is EndOfStreamException or IOException or ArgumentException or ExternalException or InvalidOperationException)
        {
            throw new InvalidDataException(
                $"{path}: the optimiser state is damaged ({e.Message}). " +
                "The weights are fine: evaluate works; to train on, start a new run.", e);
        }
        return header;
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        return new BinaryReader(File.OpenRead(path));
    }

    private static CheckpointHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.SequenceEqual(Magic)) throw new InvalidDataException($"{path} is not an EENet.Repro checkpoint (bad magic).");
            var length = reader.ReadInt32();
            if (length <= 0 || length > 64 << 20) throw new InvalidDataException($"{path}: corrupt checkpoint header length {length}.");
            var bytes = reader.ReadBytes(length);
            if (bytes.Length != length) throw new EndOfStreamException("the header is cut off");
            var header = JsonSerializer.Deserialize<CheckpointHeader>(bytes, TrainingConfig.Json)
                ?? throw new InvalidDataException($"{path}: empty checkpoint header.");
            if (header.FormatVersion is < 1 or > FormatVersion)
                throw new InvalidDataException($"{path}: checkpoint format {header.FormatVersion}, this kit reads 1 to {FormatVersion}.");
            if (header.Config is null || header.History is null)
                throw new InvalidDataException(
                    $"{path}: the checkpoint header lacks its {(header.Config is null ? "config" : "history")}.");
            if (header.EpochsDone < 0 || header.EpochsDone != header.History.Count || header.BestEpoch < 0
                || header.BestEpoch > header.EpochsDone)
                throw new InvalidDataException(
                    $"{path}: the checkpoint header is inconsistent (epochs done {header.EpochsDone}, history {header.History.Count}, " +
                    $"kept epoch {header.BestEpoch}).");
            try
            {
                header.Config.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: the checkpoint's config is invalid ({e.Message})", e);
            }
            return header.FormatVersion == 1 ? header with { Config = header.Config with { Selection = EpochSelection.Accuracy } } : header;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException(
                $"{path}: truncated or corrupt checkpoint header ({e.Message}). Start a new run or restore the file.", e);
        }
    }
}
