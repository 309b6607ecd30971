using System.Buffers.Binary;
using System.Text;

namespace EENet.Repro.Data;

/// <summary>One numeric variable of a MAT file: MATLAB class, dimensions (column-major) and raw little-endian values.</summary>
public sealed record MatArray(string Name, MatClass Class, int[] Dimensions, MatType Storage, byte[] Data)
{
    public long Count => Dimensions.Aggregate(1L, (a, d) => a * d);

    /// <summary>The values as bytes; only for uint8 storage (SVHN's images).</summary>
    public byte[] AsBytes(string path) => Storage == MatType.UInt8
        ? Data
        : throw new DatasetFormatException(path, null, $"variable '{Name}' is stored as {Storage}, expected UInt8.");

    /// <summary>The values as doubles, whatever the storage type (MATLAB stores doubles in smaller types when they fit).</summary>
    public double[] AsDoubles()
    {
        var n = (int)Count;
        var values = new double[n];
        var span = Data.AsSpan();
        for (var i = 0; i < n; i++)
        {
            values[i] = Storage switch
            {
                MatType.Int8 => (sbyte)span[i],
                MatType.UInt8 => span[i],
                MatType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(span[(2 * i)..]),
                MatType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]),
                MatType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]),
                MatType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(span[(4 * i)..]),
                MatType.Single => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                MatType.Double => BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                MatType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]),
                MatType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(span[(8 * i)..]),
                _ => throw new InvalidOperationException($"unsupported storage {Storage}"),
            };
        }
        return values;
    }
}

/// <summary>MAT v5 data types (the tag's type field).</summary>
public enum MatType
{
    Int8 = 1, UInt8 = 2, Int16 = 3, UInt16 = 4, Int32 = 5, UInt32 = 6, Single = 7, Double = 9,
    Int64 = 12, UInt64 = 13, Matrix = 14, Compressed = 15, Utf8 = 16, Utf16 = 17, Utf32 = 18,
}

/// <summary>MATLAB array classes (array flags, low byte).</summary>
public enum MatClass
{
    Cell = 1, Struct = 2, Object = 3, Char = 4, Sparse = 5, Double = 6, Single = 7, Int8 = 8, UInt8 = 9,
    Int16 = 10, UInt16 = 11, Int32 = 12, UInt32 = 13, Int64 = 14, UInt64 = 15,
}

/// <summary>
/// Reads the subset of MATLAB v5 MAT files that datasets like SVHN use: little-endian files of real numeric
/// matrices, each element plain or zlib-compressed (miCOMPRESSED). Cells, structs, sparse and complex arrays are
/// reported (named) when asked for, never misread. No NuGet package reads MAT files, hence this reader.
/// </summary>
public static class MatFile
{
    public const int HeaderSize = 128;

    private static int ElementSize(MatType t) => t switch
    {
        MatType.Int8 or MatType.UInt8 => 1,
        MatType.Int16 or MatType.UInt16 => 2,
        MatType.Int32 or MatType.UInt32 or MatType.Single => 4,
        MatType.Double or MatType.Int64 or MatType.UInt64 => 8,
        _ => 0,
    };

    /// <summary>
    /// The largest element the kit inflates from a MAT file (SVHN's training images are 225 MB; its unused 'extra' split
    /// would not fit): a compressed element that declares or inflates to more is refused before it is held in memory.
    /// </summary>
    public const long MaxElementBytes = 512L << 20;

    /// <summary>Reads the named variables (all numeric ones when <paramref name="names"/> is empty).</summary>
    public static Dictionary<string, MatArray> Read(string path, params string[] names)
    {
        var bytes = DataFiles.ReadAll(path, "MAT file");
        if (bytes.Length < HeaderSize || !Encoding.ASCII.GetString(bytes, 0, 10).StartsWith("MATLAB 5.0", StringComparison.Ordinal))
            throw new DatasetFormatException(path, 0,
                "not a MATLAB 5.0 MAT-file (header text missing or file shorter than 128 bytes). Fetch it again.");
        if (bytes[126] != (byte)'I' || bytes[127] != (byte)'M')
            throw new DatasetFormatException(path, 126, "big-endian MAT files are not supported (endian indicator is not 'IM').");

        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        long offset = HeaderSize;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 8) throw new DatasetFormatException(path, offset, "truncated element tag. Fetch the file again.");
            var type = (MatType)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset + 4));
            var start = offset + 8;
            if (start + size > bytes.Length)
                throw new DatasetFormatException(path, offset,
                    $"element of {size:N0} bytes runs past the end of the file ({bytes.Length:N0} bytes): truncated. Fetch it again.");
            var body = bytes.AsMemory((int)start, (int)size);
            if (type == MatType.Compressed)
            {
                // The inner tag (the first 8 inflated bytes) declares the element's size: inflate no more than that.
                var inner = DataFiles.InflateZlib(path, offset, body, MaxElementBytes,
                    first8 => 8L + BinaryPrimitives.ReadUInt32LittleEndian(first8[4..]));
                if (inner.Length < 8) throw new DatasetFormatException(path, offset, "compressed element holds no element.");
                var innerType = (MatType)BinaryPrimitives.ReadUInt32LittleEndian(inner);
                var innerSize = BinaryPrimitives.ReadUInt32LittleEndian(inner.AsSpan(4));
                if (8L + innerSize > inner.Length)
                    throw new DatasetFormatException(path, offset,
                        $"compressed element is truncated (declares {innerSize:N0} bytes, holds {inner.Length - 8:N0}). Fetch the file " +
                        $"again.");
                if (innerType == MatType.Matrix) ReadMatrix(path, offset, inner.AsMemory(8, (int)innerSize), wanted, result, skipped);
                offset = start + size; // compressed elements are not padded
            }
            else
            {
                if (type == MatType.Matrix) ReadMatrix(path, offset, body, wanted, result, skipped);
                offset = start + Pad8(size);
            }
        }
        foreach (var name in wanted.Where(n => !result.ContainsKey(n)))
        {
            throw skipped.TryGetValue(name, out var why)
                ? new DatasetFormatException(path, null, $"variable '{name}' is {why}; only real numeric matrices are supported.")
                : new DatasetFormatException(path, null,
                    $"variable '{name}' not found (the file has: {string.Join(", ", result.Keys.Concat(skipped.Keys))}).");
        }
        return result;
    }

    private static void ReadMatrix(string path, long elementOffset, ReadOnlyMemory<byte> matrix, HashSet<string> wanted,
        Dictionary<string, MatArray> result, Dictionary<string, string> skipped)
    {
        var pos = 0;
        (MatType Type, ReadOnlyMemory<byte> Data) Next(string what)
        {
            if (matrix.Length - pos < 8) throw new DatasetFormatException(path, elementOffset,
                $"matrix element truncated before its {what}.");
            var span = matrix.Span[pos..];
            var raw = BinaryPrimitives.ReadUInt32LittleEndian(span);
            if ((raw >> 16) != 0)
            {
                // Small data element: size in the upper half of the type word, data in the next 4 bytes.
                var smallSize = (int)(raw >> 16);
                if (smallSize > 4) throw new DatasetFormatException(path, elementOffset, $"bad small element in the {what}.");
                var small = matrix.Slice(pos + 4, smallSize);
                pos += 8;
                return ((MatType)(raw & 0xFFFF), small);
            }
            var size = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
            if (pos + 8L + size > matrix.Length)
                throw new DatasetFormatException(path, elementOffset,
                    $"the {what} ({size} bytes) runs past its matrix element: truncated or corrupt.");
            var data = matrix.Slice(pos + 8, (int)size);
            pos += 8 + (int)Pad8(size);
            return ((MatType)raw, data);
        }

        var (flagsType, flags) = Next("array flags");
        if (flagsType != MatType.UInt32 || flags.Length < 8) throw new DatasetFormatException(path, elementOffset,
            "matrix element without array flags.");
        var flagWord = BinaryPrimitives.ReadUInt32LittleEndian(flags.Span);
        var cls = (MatClass)(flagWord & 0xFF);
        var complex = (flagWord & 0x0800) != 0;
        var (dimsType, dimsData) = Next("dimensions");
        if (dimsType != MatType.Int32) throw new DatasetFormatException(path, elementOffset,
            $"dimensions stored as {dimsType}, expected Int32.");
        var dims = new int[dimsData.Length / 4];
        for (var i = 0; i < dims.Length; i++) dims[i] = BinaryPrimitives.ReadInt32LittleEndian(dimsData.Span[(4 * i)..]);
        var (_, nameData) = Next("name");
        var name = Encoding.ASCII.GetString(nameData.Span);
        if (wanted.Count > 0 && !wanted.Contains(name)) return;
        if (cls is < MatClass.Double or > MatClass.UInt64 || complex)
        {
            skipped[name] = complex ? "complex" : $"of class {cls}";
            return;
        }
        if (dims.Any(d => d < 0)) throw new DatasetFormatException(path, elementOffset, $"variable '{name}' has negative dimensions.");
        var (storage, real) = Next($"values of '{name}'");
        var width = ElementSize(storage);
        if (width == 0) throw new DatasetFormatException(path, elementOffset,
            $"variable '{name}' stores values as unsupported type {(int)storage}.");
        var count = DataFiles.CheckedProduct(path, elementOffset, $"variable '{name}'", long.MaxValue / 8,
            dims.Select(d => (long)d).ToArray());
        if (real.Length != count * width)
            throw new DatasetFormatException(path, elementOffset,
                $"variable '{name}' is {string.Join("×", dims)} ({count} values) but holds {real.Length / width}: truncated or corrupt.");
        result[name] = new MatArray(name, cls, dims, storage, real.ToArray());
    }

    private static long Pad8(long size) => (size + 7) & ~7L;
}
