using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Reads the CIFAR-10 binary version (cifar-10-batches-bin): records of 1 label byte + 3072 pixel bytes
/// (R, G, B planes of 32×32). The official files hold 10,000 records each.
/// </summary>
public static class Cifar10Reader
{
    public const int RecordSize = 1 + 3 * 32 * 32;

    /// <summary>Reads and concatenates the given batch files: images uint8 N×3×32×32 and labels int64 N.</summary>
    public static (Tensor Images, Tensor Labels) Read(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) throw new ArgumentException("No CIFAR-10 batch files given.");
        var files = paths.Select(p => (Path: p, Bytes: ReadFile(p))).ToList();
        var total = files.Sum(f => (long)(f.Bytes.Length / RecordSize));
        DataFiles.CheckedProduct(files[0].Path, 0, "CIFAR-10 records", DataFiles.MaxPayloadBytes, total, RecordSize - 1);
        var pixels = new byte[total * (RecordSize - 1)];
        var labels = new long[total];
        long n = 0;
        foreach (var (path, bytes) in files)
        {
            for (var i = 0; i < bytes.Length / RecordSize; i++, n++)
            {
                var label = bytes[i * RecordSize];
                if (label > 9)
                    throw new DatasetFormatException(path, (long)i * RecordSize,
                        $"label {label} of record {i} is out of range 0..9. The file is corrupt; fetch cifar10 again.");
                labels[n] = label;
                Buffer.BlockCopy(bytes, i * RecordSize + 1, pixels, (int)(n * (RecordSize - 1)), RecordSize - 1);
            }
        }
        var images = empty([total, 3, 32, 32], ScalarType.Byte);
        images.bytes = pixels;
        return (images, tensor(labels, ScalarType.Int64));
    }

    private static byte[] ReadFile(string path)
    {
        var bytes = DataFiles.ReadAll(path, "CIFAR-10 batch file");
        if (bytes.Length == 0) throw new DatasetFormatException(path, 0,
            "the file is empty (no records): an empty split. Fetch cifar10 again.");
        if (bytes.Length % RecordSize != 0)
        {
            throw new DatasetFormatException(path, bytes.Length - bytes.Length % RecordSize,
                $"length {bytes.Length:N0} is not a whole number of {RecordSize}-byte records: truncated or corrupt. Fetch " +
                $"cifar-10-binary.tar.gz again.");
        }
        return bytes;
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
