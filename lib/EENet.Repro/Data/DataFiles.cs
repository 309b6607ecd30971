using System.IO.Compression;
using System.IO.Hashing;

namespace EENet.Repro.Data;

/// <summary>
/// The checks every reader makes before trusting a file: it exists, it is not larger than the kit reads, every size its
/// header declares is multiplied without overflow and compared with what is really there before anything is allocated,
/// and compressed data carries an intact integrity check (a gzip member's CRC-32 and length, a zlib stream's
/// Adler-32). .NET's decompressors verify these trailers only when they are present, so a cut-off trailer would let a
/// flipped bit load as different pixels; here a missing trailer is an error too.
/// </summary>
public static class DataFiles
{
    /// <summary>The largest file the kit reads into memory (the biggest real one, SVHN's train_32x32.mat, is 182 MB).</summary>
    public const long MaxFileBytes = 1536L << 20;

    /// <summary>The largest decompressed payload accepted from one file or element (SVHN train X is 225 MB).</summary>
    public const long MaxPayloadBytes = 1536L << 20;

    /// <summary>Reads a whole file, refusing a missing file or one above <see cref="MaxFileBytes"/>.</summary>
    public static byte[] ReadAll(string path, string what)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DatasetNotFoundException($"{what} not found: {path}");
        if (info.Length > MaxFileBytes)
        {
            throw new DatasetFormatException(path, null,
                $"the file is {info.Length:N0} bytes, more than the {MaxFileBytes:N0} bytes the kit reads for a {what} " +
                "(the real dataset files are far smaller): not a dataset file, or a damaged one. Fetch it again.");
        }
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new DatasetFormatException(path, null, $"could not be read ({e.Message}).", e);
        }
    }

    /// <summary>The product of declared sizes, or an error when it overflows or exceeds <paramref name="limit"/>.</summary>
    public static long CheckedProduct(string path, long offset, string what, long limit, params long[] factors)
    {
        long product = 1;
        foreach (var f in factors)
        {
            if (f < 0) throw new DatasetFormatException(path, offset,
                $"{what}: a negative size ({f}) in the header. The file is corrupt; fetch it again.");
            try
            {
                product = checked(product * f);
            }
            catch (OverflowException)
            {
                throw new DatasetFormatException(path, offset,
                    $"{what}: the header declares {string.Join(" × ", factors)} elements, which overflows. " +
                    "The file is corrupt; fetch it again.");
            }
        }
        if (product > limit)
        {
            throw new DatasetFormatException(path, offset,
                $"{what}: the header declares {string.Join(" × ", factors)} = {product:N0} bytes, " +
                $"more than the {limit:N0} this file can hold. The file is corrupt or truncated; fetch it again.");
        }
        return product;
    }

    public static bool IsGzip(ReadOnlySpan<byte> raw) => raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;

    /// <summary>
    /// Reads exactly <paramref name="into"/>.Length bytes of decompressed data, reporting a short stream as truncation
    /// and a corrupt deflate stream as such (with the file named).
    /// </summary>
    public static void ReadExactly(Stream stream, Span<byte> into, string path, string what)
    {
        try
        {
            stream.ReadExactly(into);
        }
        catch (EndOfStreamException)
        {
            throw new DatasetFormatException(path, null,
                $"the data ends before the {what} the header declares: truncated. Fetch the file again.");
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, null, $"the compressed data is corrupt ({e.Message}). Fetch the file again.", e);
        }
    }

    /// <summary>Whether the decompressed stream ends here (no bytes beyond what the header declared).</summary>
    public static void ExpectEnd(Stream stream, string path)
    {
        int next;
        try
        {
            next = stream.ReadByte();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, null, $"the compressed data is corrupt ({e.Message}). Fetch the file again.", e);
        }
        if (next >= 0) throw new DatasetFormatException(path, null,
            "the file holds more data than its header declares: corrupt. Fetch it again.");
    }

    /// <summary>
    /// Checks the trailer of a single-member gzip file against the decompressed bytes: CRC-32 and length (mod 2^32) in
    /// the last 8 bytes. A file whose trailer was cut off, or whose data changed, fails here.
    /// </summary>
    public static void VerifyGzipTrailer(string path, byte[] raw, params ReadOnlyMemory<byte>[] decompressed)
    {
        var crc = new Crc32();
        long length = 0;
        foreach (var part in decompressed)
        {
            crc.Append(part.Span);
            length += part.Length;
        }
        if (raw.Length < 18 ||
            BitConverter.ToUInt32(raw, raw.Length - 8) != crc.GetCurrentHashAsUInt32() ||
            BitConverter.ToUInt32(raw, raw.Length - 4) != (uint)length)
        {
            throw new DatasetFormatException(path, Math.Max(0, raw.Length - 8),
                "the gzip integrity check (CRC-32 and length in the last 8 bytes) is missing or does not match the data: the file is " +
                "truncated or corrupt. Fetch it again (a gzip file made of several concatenated members is not supported: gunzip it and " +
                "use the plain file).");
        }
    }

    /// <summary>
    /// Inflates one zlib stream (RFC 1950) and checks its Adler-32 (the last 4 bytes of <paramref name="zlib"/>,
    /// big-endian) against the data: a cut-off or wrong checksum is an error. Inflation stops with an error past
    /// <paramref name="cap"/> bytes, or past the size <paramref name="declaredLength"/> reads from the first 8 inflated
    /// bytes, so a small file cannot make the kit hold more than it declares.
    /// </summary>
    public static byte[] InflateZlib(string path, long offset, ReadOnlyMemory<byte> zlib, long cap, Func<ReadOnlySpan<byte>,
        long>? declaredLength = null)
    {
        byte[] output;
        try
        {
            using var z = new ZLibStream(new ReadOnlyMemoryStream(zlib), CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            var limit = cap;
            var declared = declaredLength is null;
            int read;
            while ((read = z.Read(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (!declared && buffer.Length >= 8)
                {
                    declared = true;
                    var wants = declaredLength!(buffer.GetBuffer().AsSpan(0, 8));
                    if (wants > cap)
                    {
                        throw new DatasetFormatException(path, offset,
                            $"compressed element declares {wants:N0} bytes, more than the {cap:N0} the kit reads from one element: " +
                            "corrupt, or not a dataset file. Fetch it again.");
                    }
                    limit = wants;
                }
                if (buffer.Length > limit)
                {
                    throw new DatasetFormatException(path, offset,
                        $"compressed element inflates to more than the {limit:N0} bytes it declares: corrupt. Fetch the file again.");
                }
            }
            output = buffer.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not DatasetFormatException)
        {
            throw new DatasetFormatException(path, offset, $"compressed element is corrupt ({e.Message}). Fetch the file again.", e);
        }
        var span = zlib.Span;
        if (span.Length < 6 || System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(span[^4..]) != Adler32(output))
        {
            throw new DatasetFormatException(path, offset,
                "compressed element's integrity check (zlib Adler-32) is missing or does not match its data: truncated or corrupt. Fetch " +
                "the file again.");
        }
        return output;
    }

    /// <summary>Adler-32 (RFC 1950), with the modulo deferred over blocks of 5552 bytes.</summary>
    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var n = Math.Min(data.Length, 5552);
            foreach (var x in data[..n])
            {
                a += x;
                b += a;
            }
            a %= Mod;
            b %= Mod;
            data = data[n..];
        }
        return (b << 16) | a;
    }

    /// <summary>A read-only stream over memory without copying it.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - position);
            memory.Span.Slice(position, n).CopyTo(buffer);
            position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
