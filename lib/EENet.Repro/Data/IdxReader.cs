using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Reads MNIST-format IDX files (big-endian; images magic 0x00000803, labels 0x00000801), gzipped or not
/// (detected from the content, not the name). Checks the header against the file's length before using it.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>Images as uint8 N×1×rows×cols.</summary>
    public static Tensor ReadImages(string path)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 16) throw new DatasetFormatException(path, bytes.Length, $"file too short for an IDX image header ({bytes.Length} bytes, need 16).");
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != ImagesMagic)
            throw new DatasetFormatException(path, 0, $"magic number 0x{magic:X8} is not 0x{ImagesMagic:X8} (IDX unsigned-byte images). Is this a labels file or another format?");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (n < 0 || rows <= 0 || cols <= 0)
            throw new DatasetFormatException(path, 4, $"header has impossible sizes (count {n}, {rows}×{cols}).");
        var expected = 16L + (long)n * rows * cols;
        if (bytes.Length != expected)
            throw new DatasetFormatException(path, Math.Min(bytes.Length, expected),
                $"header says {n} images of {rows}×{cols} ({expected} bytes) but the file has {bytes.Length} bytes: truncated or corrupt. Fetch it again.");
        // One copy, straight into the tensor's storage.
        var images = empty([n, 1, rows, cols], ScalarType.Byte);
        images.bytes = bytes.AsSpan(16);
        return images;
    }

    /// <summary>Labels as int64 N, each checked to be below <paramref name="numClasses"/>.</summary>
    public static Tensor ReadLabels(string path, int numClasses)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 8) throw new DatasetFormatException(path, bytes.Length, $"file too short for an IDX label header ({bytes.Length} bytes, need 8).");
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != LabelsMagic)
            throw new DatasetFormatException(path, 0, $"magic number 0x{magic:X8} is not 0x{LabelsMagic:X8} (IDX unsigned-byte labels). Is this an images file or another format?");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (n < 0 || bytes.Length != 8L + n)
            throw new DatasetFormatException(path, Math.Min(bytes.Length, 8L + Math.Max(n, 0)),
                $"header says {n} labels but the file has {bytes.Length - 8} label bytes: truncated or corrupt. Fetch it again.");
        var labels = new long[n];
        for (var i = 0; i < n; i++)
        {
            var label = bytes[8 + i];
            if (label >= numClasses) throw new DatasetFormatException(path, 8 + i, $"label {label} of entry {i} is out of range 0..{numClasses - 1}.");
            labels[i] = label;
        }
        return tensor(labels, ScalarType.Int64);
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new DatasetNotFoundException($"Dataset file not found: {path}");
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            // The gzip trailer gives the decompressed size (mod 2^32): decompress into an exact buffer when it is
            // plausible and the stream ends there; otherwise (several members, damaged trailer) grow a buffer.
            var isize = raw.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4)) : 0u;
            if (isize > 0 && isize < int.MaxValue && isize <= 1100L * raw.Length)
            {
                var exact = new byte[isize];
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                gz.ReadExactly(exact);
                if (gz.ReadByte() < 0) return exact;
            }
            using var again = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 4);
            again.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new DatasetFormatException(path, null, $"gzip data is truncated or corrupt ({e.Message}). Fetch the file again.", e);
        }
    }
}
