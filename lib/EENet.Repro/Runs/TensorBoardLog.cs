using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EENet.Repro.Training;

namespace EENet.Repro.Runs;

/// <summary>
/// A run's training curves as a TensorBoard event file (<c>tensorboard/events.out.tfevents.eenet-repro</c> in the run folder):
/// per epoch the training loss and its prediction and cost parts, the learning rate, and the validation loss, accuracy,
/// average cost and share of examples leaving at each exit. <c>tensorboard --logdir results/runs</c> shows every cached run.
/// The file is rebuilt from the whole history and replaced atomically each epoch, like metrics.csv, so a resumed run has
/// one curve without repeated steps and an interrupted one never leaves a torn record. TorchSharp's SummaryWriter is not
/// used: it appends (no atomic replace) and stores wall times in .NET ticks where TensorBoard reads Unix seconds.
/// Format: TFRecord framing (length, masked CRC-32C of the length, payload, masked CRC-32C of the payload) around
/// tensorflow.Event protobuf messages (wall_time = 1, step = 2, file_version = 3, summary = 5; Summary.value = 1;
/// Value.tag = 1, Value.simple_value = 2).
/// </summary>
public static class TensorBoardLog
{
    public const string Folder = "tensorboard";
    public const string FileName = "events.out.tfevents.eenet-repro";

    /// <summary>Writes the history of a run; <paramref name="endedUtc"/> is when its last epoch ended.</summary>
    public static string Write(string runFolder, IReadOnlyList<EpochMetrics> history, DateTime endedUtc)
    {
        var path = Path.Combine(runFolder, Folder, FileName);
        var end = (endedUtc - DateTime.UnixEpoch).TotalSeconds;
        var start = end - history.Sum(m => m.Seconds);
        AtomicFile.Write(path, w =>
        {
            WriteRecord(w, Event(start, 0, fileVersion: "brain.Event:2"));
            var clock = start;
            foreach (var m in history)
            {
                clock += m.Seconds;
                WriteRecord(w, Event(clock, m.Epoch, values: Scalars(m).ToList()));
            }
        }, tempDir: runFolder); // TensorBoard reads any file named *tfevents* in its folder, a half-written one too
        return path;
    }

    /// <summary>The scalars of one epoch, by TensorBoard tag.</summary>
    public static IEnumerable<(string Tag, double Value)> Scalars(EpochMetrics m)
    {
        yield return ("train/loss", m.TrainLoss);
        yield return ("train/prediction_loss", m.TrainPredictionLoss);
        yield return ("train/cost_loss", m.TrainCostLoss);
        yield return ("train/learning_rate", m.LearningRate);
        yield return ("train/seconds", m.Seconds);
        if (m.ValidationLoss is { } loss) yield return ("validation/loss", loss);
        if (m.ValidationAccuracy is { } accuracy) yield return ("validation/accuracy", accuracy);
        if (m.ValidationCost is { } cost) yield return ("validation/average_cost", cost);
        if (m.ValidationExitCounts is { Length: > 0 } counts && counts.Sum() is > 0 and var total)
        {
            for (var k = 0; k < counts.Length; k++)
            {
                var name = k == counts.Length - 1 ? "final" : k.ToString(CultureInfo.InvariantCulture);
                yield return ($"validation/exit_share_{name}", counts[k] / (double)total);
            }
        }
    }

    private static byte[] Event(double wallTime, long step, string? fileVersion = null,
        IReadOnlyList<(string Tag, double Value)>? values = null)
    {
        using var message = new MemoryStream();
        message.WriteByte(0x09); // wall_time: field 1, 64-bit
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(buffer, wallTime);
        message.Write(buffer);
        message.WriteByte(0x10); // step: field 2, varint
        WriteVarint(message, (ulong)step);
        if (fileVersion is not null) WriteBytes(message, 0x1A, Encoding.UTF8.GetBytes(fileVersion)); // file_version: field 3
        if (values is not null)
        {
            using var summary = new MemoryStream();
            foreach (var (tag, value) in values)
            {
                using var entry = new MemoryStream();
                WriteBytes(entry, 0x0A, Encoding.UTF8.GetBytes(tag)); // Value.tag: field 1
                entry.WriteByte(0x15); // Value.simple_value: field 2, 32-bit float
                BinaryPrimitives.WriteSingleLittleEndian(buffer[..4], (float)value);
                entry.Write(buffer[..4]);
                WriteBytes(summary, 0x0A, entry.ToArray()); // Summary.value: field 1
            }
            WriteBytes(message, 0x2A, summary.ToArray()); // summary: field 5
        }
        return message.ToArray();
    }

    private static void WriteBytes(Stream s, byte key, byte[] bytes)
    {
        s.WriteByte(key);
        WriteVarint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    private static void WriteVarint(Stream s, ulong value)
    {
        while (value >= 0x80)
        {
            s.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        s.WriteByte((byte)value);
    }

    private static void WriteRecord(BinaryWriter w, byte[] payload)
    {
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)payload.Length);
        w.Write(length);
        w.Write(MaskedCrc(length));
        w.Write(payload);
        w.Write(MaskedCrc(payload));
    }

    /// <summary>TFRecord's masked CRC-32C: rotate right by 15 bits, add 0xa282ead8.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = System.Numerics.BitOperations.Crc32C(crc, b);
        crc ^= 0xFFFFFFFFu;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
