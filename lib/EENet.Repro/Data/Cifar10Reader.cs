using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Reads the CIFAR-10 binary version (cifar-10-batches-bin): records of 1 label byte + 3072 pixel bytes
/// (R, G, B planes of 32×32). The official files hold 10,000 records each.
/// </summary>
public static class Cifar10Reader
{
    public const int RecordSize = 1 + 3 * 32 * 32;
    public static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    public const string TestFile = "test_batch.bin";

    /// <summary>Reads and concatenates the given batch files: images uint8 N×3×32×32 and labels int64 N.</summary>
    public static (Tensor Images, Tensor Labels) Read(IEnumerable<string> paths)
    {
        var chunks = new List<(byte[] Pixels, long[] Labels)>();
        foreach (var path in paths)
        {
            if (!File.Exists(path)) throw new DatasetNotFoundException($"CIFAR-10 batch file not found: {path}");
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
                throw new DatasetFormatException(path, bytes.Length - bytes.Length % RecordSize,
                    $"length {bytes.Length} is not a whole number of {RecordSize}-byte records: truncated or corrupt. Fetch cifar-10-binary.tar.gz again.");
            var n = bytes.Length / RecordSize;
            var pixels = new byte[n * (RecordSize - 1)];
            var labels = new long[n];
            for (var i = 0; i < n; i++)
            {
                var label = bytes[i * RecordSize];
                if (label > 9) throw new DatasetFormatException(path, (long)i * RecordSize, $"label {label} of record {i} is out of range 0..9.");
                labels[i] = label;
                Buffer.BlockCopy(bytes, i * RecordSize + 1, pixels, i * (RecordSize - 1), RecordSize - 1);
            }
            chunks.Add((pixels, labels));
        }
        if (chunks.Count == 0) throw new ArgumentException("No CIFAR-10 batch files given.");
        var allLabels = chunks.SelectMany(c => c.Labels).ToArray();
        var allPixels = new byte[(long)allLabels.Length * (RecordSize - 1)];
        var offset = 0;
        foreach (var (pixels, _) in chunks)
        {
            Buffer.BlockCopy(pixels, 0, allPixels, offset, pixels.Length);
            offset += pixels.Length;
        }
        var images = empty([allLabels.Length, 3, 32, 32], ScalarType.Byte);
        images.bytes = allPixels;
        return (images, tensor(allLabels, ScalarType.Int64));
    }

    /// <summary>Writes records in the same format (used by tests and examples to make fixtures).</summary>
    public static void Write(string path, byte[] pixelsNchw, byte[] labels)
    {
        using var file = File.Create(path);
        for (var i = 0; i < labels.Length; i++)
        {
            file.WriteByte(labels[i]);
            file.Write(pixelsNchw, i * (RecordSize - 1), RecordSize - 1);
        }
    }
}
