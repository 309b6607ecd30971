using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EENet.Repro.Data;

namespace EENet.Repro.Tests;

/// <summary>Writes MATLAB v5 files (the subset the kit reads) for fixtures: numeric matrices, plain or zlib-compressed.</summary>
internal static class MatV5Writer
{
    public sealed record Variable(string Name, MatClass Class, int[] Dims, MatType Storage, byte[] Data);

    public static void Write(string path, bool compress, params Variable[] variables)
    {
        using var file = File.Create(path);
        var header = new byte[128];
        var text = Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: GLNXA64, Created by: EENet.Repro tests");
        Array.Fill(header, (byte)' ', 0, 116);
        text.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), 0x0100);
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        file.Write(header);
        foreach (var v in variables)
        {
            var matrix = Matrix(v);
            if (!compress)
            {
                file.Write(matrix);
                continue;
            }
            using var packed = new MemoryStream();
            using (var z = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(matrix);
            file.Write(Tag(MatType.Compressed, (int)packed.Length));
            file.Write(packed.ToArray());
        }
    }

    private static byte[] Matrix(Variable v)
    {
        using var body = new MemoryStream();
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)v.Class);
        Element(body, MatType.UInt32, flags);
        var dims = new byte[4 * v.Dims.Length];
        for (var i = 0; i < v.Dims.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(dims.AsSpan(4 * i), v.Dims[i]);
        Element(body, MatType.Int32, dims);
        var name = Encoding.ASCII.GetBytes(v.Name);
        if (name.Length <= 4)
        {
            // small data element format, as MATLAB writes short names
            var small = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(small, (uint)MatType.Int8 | (uint)name.Length << 16);
            name.CopyTo(small, 4);
            body.Write(small);
        }
        else Element(body, MatType.Int8, name);
        Element(body, v.Storage, v.Data);
        var content = body.ToArray();
        return [.. Tag(MatType.Matrix, content.Length), .. content];
    }

    private static void Element(Stream s, MatType type, byte[] data)
    {
        s.Write(Tag(type, data.Length));
        s.Write(data);
        s.Write(new byte[(8 - data.Length % 8) % 8]);
    }

    private static byte[] Tag(MatType type, int size)
    {
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)size);
        return tag;
    }

    /// <summary>An SVHN-shaped file: X 32×32×3×N uint8 (column-major), y N×1 (labels 1..10) as doubles or uint8.</summary>
    public static (byte[] X, byte[] Labels) Svhn(string path, int n, bool compress, bool labelsAsDouble, int seed)
    {
        var random = new Random(seed);
        var x = new byte[32 * 32 * 3 * n];
        random.NextBytes(x);
        var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10 + 1)).ToArray(); // includes 10 (digit 0)
        byte[] y;
        if (labelsAsDouble)
        {
            y = new byte[8 * n];
            for (var i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(y.AsSpan(8 * i), labels[i]);
        }
        else y = labels;
        Write(path, compress,
            new Variable("X", MatClass.UInt8, [32, 32, 3, n], MatType.UInt8, x),
            new Variable("y", MatClass.Double, [n, 1], labelsAsDouble ? MatType.Double : MatType.UInt8, y));
        return (x, labels);
    }
}
