using System.Buffers.Binary;
using EENet.Repro.Runs;
using EENet.Repro.Training;
using Xunit;

namespace EENet.Repro.Tests;

/// <summary>The TensorBoard event file, read back with TorchSharp's own protobuf classes and CRC-32C.</summary>
public class TensorBoardLogTests
{
    private static uint Masked(byte[] data)
    {
        var crc = TorchSharp.Utils.CRC32C.process(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    /// <summary>Every record of an event file, its framing and both checksums verified.</summary>
    public static List<Tensorboard.Event> ReadEvents(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Tensorboard.Event>();
        for (var at = 0; at < bytes.Length;)
        {
            var length = bytes[at..(at + 8)];
            Assert.Equal(Masked(length), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)));
            var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(length);
            var payload = bytes[(at + 12)..(at + 12 + n)];
            Assert.Equal(Masked(payload), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + n)));
            events.Add(Tensorboard.Event.Parser.ParseFrom(payload));
            at += 12 + n + 4;
        }
        return events;
    }

    private static EpochMetrics Epoch(int epoch, double accuracy) =>
        new(epoch, "v2", 0.001, 1.5 / epoch, 1.0 / epoch, 0.5 / epoch, accuracy, 0.4, [10, 30, 60], 12.5, 0.9 / epoch);

    [Fact]
    public void Epochs_become_scalars_tensorboard_reads_and_a_rewrite_replaces_the_file()
    {
        var run = TestData.TempDir();
        var ended = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
        var path = TensorBoardLog.Write(run, [Epoch(1, 0.8), Epoch(2, 0.85)], ended);
        var events = ReadEvents(path);
        Assert.Equal(3, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal([1L, 2L], events.Skip(1).Select(e => e.Step));
        Assert.Equal((ended - DateTime.UnixEpoch).TotalSeconds, events[2].WallTime, 6);
        Assert.Equal(events[2].WallTime - 12.5, events[1].WallTime, 6);
        var second = events[2].Summary.Value.ToDictionary(v => v.Tag, v => v.SimpleValue);
        Assert.Equal(0.85f, second["validation/accuracy"]);
        Assert.Equal(0.45f, second["validation/loss"]);
        Assert.Equal(0.6f, second["validation/exit_share_final"]);
        Assert.Equal(0.1f, second["validation/exit_share_0"]);
        Assert.Equal(0.75f, second["train/loss"]);

        // A resumed run rewrites the whole history: one file, no repeated step, no temporary file left beside it.
        TensorBoardLog.Write(run, [Epoch(1, 0.8), Epoch(2, 0.85), Epoch(3, 0.9)], ended.AddSeconds(20));
        Assert.Equal([0L, 1L, 2L, 3L], ReadEvents(path).Select(e => e.Step));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        Assert.Empty(Directory.GetFiles(run, "*.tmp", SearchOption.AllDirectories));
    }
}
