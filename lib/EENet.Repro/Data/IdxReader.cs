using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Reads MNIST-format IDX files (big-endian; images magic 0x00000803, labels 0x00000801), gzipped or not (detected
/// from the content, not the name). The header's sizes are checked against what the file really holds before anything
/// is allocated, and a gzip file must carry its CRC-32 and length (see <see cref="DataFiles"/>).
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>Images as uint8 N×1×rows×cols (N ≥ 1).</summary>
    public static Tensor ReadImages(string path)
    {
        var (dims, pixels) = Read(path, ImagesMagic, "IDX images");
        var images = empty([dims[0], 1, dims[1], dims[2]], ScalarType.Byte);
        images.bytes = pixels;
        return images;
    }

    /// <summary>Labels as int64 N, each checked to be below <paramref name="numClasses"/>.</summary>
    public static Tensor ReadLabels(string path, int numClasses)
    {
        var (dims, bytes) = Read(path, LabelsMagic, "IDX labels");
        var labels = new long[dims[0]];
        for (var i = 0; i < labels.Length; i++)
        {
            var label = bytes[i];
            if (label >= numClasses)
                throw new DatasetFormatException(path, null,
                    $"label {label} of entry {i} is out of range 0..{numClasses - 1}. The file is corrupt; fetch it again.");
            labels[i] = label;
        }
        return tensor(labels, ScalarType.Int64);
    }

    /// <summary>The header's dimensions and the payload, after every check.</summary>
    private static (long[] Dims, byte[] Payload) Read(string path, int magic, string what)
    {
        var raw = DataFiles.ReadAll(path, what + " file");
        var gzip = DataFiles.IsGzip(raw);
        using var stream = gzip ? (Stream)new GZipStream(new MemoryStream(raw, writable: false), CompressionMode.Decompress)
            : new MemoryStream(raw, writable: false);
        var rank = magic == ImagesMagic ? 3 : 1;
        var header = new byte[4 + 4 * rank];
        if (!gzip && raw.Length < header.Length)
            throw new DatasetFormatException(path, raw.Length,
                $"file too short for an {what} header ({raw.Length} bytes, need {header.Length}). Fetch it again.");
        DataFiles.ReadExactly(stream, header, path, $"{what} header");
        var found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
        {
            throw new DatasetFormatException(path, 0,
                $"magic number 0x{found:X8} is not 0x{magic:X8} ({what}, unsigned bytes). Is this " +
                $"{(magic == ImagesMagic ? "a labels" : "an images")} file or another format?");
        }
        var dims = Enumerable.Range(0, rank).Select(i => (long)BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i))).ToArray();
        if (dims[0] == 0) throw new DatasetFormatException(path, 4,
            $"the header declares 0 {(rank == 3 ? "images" : "labels")}: an empty split. Fetch the file again.");
        if (dims.Skip(1).Any(d => d <= 0)) throw new DatasetFormatException(path, 8,
            $"the header declares images of {dims[1]}×{dims[2]} pixels: corrupt.");
        // Uncompressed: the file's length bounds the payload exactly. Gzipped: the kit's cap bounds it, and the stream
        // must then deliver exactly that much.
        var limit = gzip ? DataFiles.MaxPayloadBytes : raw.Length - header.Length;
        var size = DataFiles.CheckedProduct(path, 4, $"{what} header", limit, dims);
        if (!gzip && size != limit)
        {
            throw new DatasetFormatException(path, Math.Min(raw.Length, header.Length + size),
                $"the header declares {string.Join("×", dims)} ({header.Length + size:N0} bytes) " +
                $"but the file has {raw.Length:N0} bytes: truncated or corrupt. Fetch it again.");
        }
        var payload = new byte[size];
        DataFiles.ReadExactly(stream, payload, path, $"{size:N0} bytes of {what}");
        DataFiles.ExpectEnd(stream, path);
        if (gzip) DataFiles.VerifyGzipTrailer(path, raw, header, payload);
        return (dims, payload);
    }
}
