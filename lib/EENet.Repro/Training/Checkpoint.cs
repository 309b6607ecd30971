using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EENet.Repro.Training;

/// <summary>What a checkpoint records besides tensors: the config, the epochs done and their metrics, the best epoch.</summary>
public sealed record CheckpointHeader(
    int FormatVersion,
    TrainingConfig Config,
    int EpochsDone,
    List<EpochMetrics> History,
    int BestEpoch,
    double BestValidationAccuracy,
    DateTime SavedUtc);

/// <summary>
/// A single file: magic, JSON header, model state, optimiser state. Written to a temporary file in the same folder,
/// flushed, then renamed over the old one, so an interruption leaves either the old or the new checkpoint, whole.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "EENETCK1"u8.ToArray();
    public const int FormatVersion = 1;

    public static void Save(string path, CheckpointHeader header, nn.Module model, OptimizerHelper? optimizer)
    {
        WriteAtomically(path, writer =>
        {
            writer.Write(Magic);
            var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header, TrainingConfig.Json));
            writer.Write(json.Length);
            writer.Write(json);
            model.save(writer);
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
        try
        {
            model.load(reader, strict: true);
            var hasOptimizer = reader.ReadBoolean();
            if (optimizer is not null && hasOptimizer) optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"Checkpoint {path} does not fit this model ({header.Config.Model}, {header.Config.NumEarlyExits} exits) or is damaged: {e.Message}", e);
        }
        return header;
    }

    public static void WriteAtomically(string path, Action<BinaryWriter> write)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream))
            {
                write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteTextAtomically(string path, string text) =>
        WriteAtomically(path, w => w.Write(Encoding.UTF8.GetBytes(text)));

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
            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadBytes(length), TrainingConfig.Json)
                ?? throw new InvalidDataException($"{path}: empty checkpoint header.");
            if (header.FormatVersion != FormatVersion)
                throw new InvalidDataException($"{path}: checkpoint format {header.FormatVersion}, this kit reads {FormatVersion}.");
            return header;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"{path}: truncated or corrupt checkpoint ({e.Message}).", e);
        }
    }
}
