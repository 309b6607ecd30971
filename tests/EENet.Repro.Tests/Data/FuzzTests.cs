using System.Buffers.Binary;
using System.IO.Compression;
using EENet.Repro.Data;
using EENet.Repro.Datasets;
using Xunit;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

/// <summary>
/// A seeded corruption campaign against every reader, bounded to well under a minute: truncations, bit flips, headers that
/// declare huge or negative sizes, appended bytes. Every damaged file must either load exactly the original data or fail
/// with a typed error that names it — never a crash, another exception, an unbounded allocation, or different data (for
/// compressed files, whose integrity checks make a flipped bit detectable).
/// </summary>
public class FuzzTests
{
    private const int Cases = 120;

    private static IEnumerable<(string What, byte[] Bytes)> Damage(byte[] original, Random random, int headerBytes)
    {
        for (var i = 0; i < Cases; i++)
        {
            var b = (byte[])original.Clone();
            switch (i % 6)
            {
                case 0:
                    yield return ($"truncated at {i}", b[..random.Next(original.Length)]);
                    break;
                case 1:
                    var at = random.Next(b.Length);
                    b[at] ^= (byte)(1 << random.Next(8));
                    yield return ($"bit flip at {at}", b);
                    break;
                case 2:
                    var field = random.Next(Math.Max(1, headerBytes / 4)) * 4;
                    var value = new[] { int.MaxValue, int.MinValue, -1, 0, 1 << 21, 0x7fff_fff0 }[random.Next(6)];
                    if (field + 4 <= b.Length) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(field), value);
                    yield return ($"header field {field} = {value}", b);
                    break;
                case 3:
                    yield return ($"appended {i}", [.. b, .. Enumerable.Range(0, 1 + random.Next(40)).Select(_ => (byte)random.Next(256))]);
                    break;
                case 4:
                    var start = random.Next(b.Length);
                    for (var j = start; j < Math.Min(b.Length, start + 16); j++) b[j] = (byte)random.Next(256);
                    yield return ($"16 random bytes at {start}", b);
                    break;
                default:
                    yield return ($"little-endian header {i}", b.Length >= 8 ? [.. b[..4], .. b[4..8].Reverse(), .. b[8..]] : b);
                    break;
            }
        }
    }

    private static void Campaign(string name, byte[] original, int headerBytes, Func<string, byte[]> read, bool compressed, int seed)
    {
        var dir = TestData.TempDir();
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, original);
        var expected = read(path);
        var random = new Random(seed);
        var failures = new List<string>();
        foreach (var (what, bytes) in Damage(original, random, headerBytes))
        {
            File.WriteAllBytes(path, bytes);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var got = read(path);
                if (compressed && !got.AsSpan().SequenceEqual(expected)) failures.Add($"{what}: loaded different data without an error");
            }
            catch (DatasetFormatException e) when (e.Message.Contains(path, StringComparison.Ordinal))
            {
            }
            catch (Exception e)
            {
                failures.Add($"{what}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > 64L * original.Length + (64 << 20)) failures.Add(
                $"{what}: allocated {allocated:N0} bytes for a {bytes.Length:N0}-byte file");
        }
        Assert.True(failures.Count == 0, $"{name}:\n" + string.Join("\n", failures.Take(12)));
    }

    private static byte[] Bytes(Tensor t)
    {
        using var c = t.contiguous();
        return c.to_type(t.dtype == ScalarType.Int64 ? ScalarType.Int64 : ScalarType.Byte).bytes.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_files(bool gzip)
    {
        var images = TestData.IdxImages(40, 6, 5, i => (byte)(i * 7));
        var labels = TestData.IdxLabels(Enumerable.Range(0, 40).Select(i => (byte)(i % 10)).ToArray());
        Campaign("images", gzip ? TestData.Gzip(images) : images, 16, p => Bytes(IdxReader.ReadImages(p)), gzip, 1);
        Campaign("labels", gzip ? TestData.Gzip(labels) : labels, 8, p => Bytes(IdxReader.ReadLabels(p, 10)), gzip, 2);
    }

    [Fact]
    public void Cifar_binary_files()
    {
        var (dataDir, _, _) = TestData.Cifar10Tree(perTrainFile: 3, testCount: 4, seed: 5);
        var file = Path.Combine(dataDir, "cifar10", DatasetCatalog.Cifar10.TestFiles[0]);
        // Pixels are raw bytes: a flipped pixel bit is undetectable by format, so only the shape of the damage is judged here.
        Campaign("test_batch.bin", File.ReadAllBytes(file), 1, p => Bytes(Cifar10Reader.Read([p]).Labels), compressed: false, 3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Mat_files(bool compress)
    {
        var path = Path.Combine(TestData.TempDir(), "x.mat");
        MatV5Writer.Svhn(path, 6, compress, labelsAsDouble: true, seed: 4);
        Campaign("test_32x32.mat", File.ReadAllBytes(path), 136, p =>
        {
            var (images, labels) = SvhnReader.Read(p);
            return [.. Bytes(images), .. Bytes(labels)];
        }, compress, 6);
    }

    [Fact]
    public void A_small_file_that_declares_or_inflates_to_a_huge_element_is_refused_before_it_is_held()
    {
        // A 5 MB run of zeros compresses to a few kilobytes; the inner tag claims 3 GB.
        var inner = new byte[8 + (5 << 20)];
        BinaryPrimitives.WriteUInt32LittleEndian(inner, 14); // miMATRIX
        BinaryPrimitives.WriteUInt32LittleEndian(inner.AsSpan(4), 3_000_000_000);
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(inner);
        var header = new byte[128];
        System.Text.Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file").CopyTo(header, 0);
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, 15);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)packed.Length);
        var path = Path.Combine(TestData.TempDir(), "bomb.mat");
        File.WriteAllBytes(path, [.. header, .. tag, .. packed.ToArray()]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DatasetFormatException>(() => MatFile.Read(path, "X"));
        Assert.Contains("declares 3,000,000,008 bytes", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
        // An IDX header that multiplies to more than any file holds is refused from the header alone.
        var idx = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(idx, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(4), 1 << 21);
        BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(8), 1 << 21);
        BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(12), 1 << 22);
        File.WriteAllBytes(path, idx);
        Assert.Contains("overflows", Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void A_missing_gzip_trailer_or_a_flipped_bit_in_the_deflate_stream_never_loads()
    {
        var gz = TestData.Gzip(TestData.IdxImages(50, 8, 8, i => (byte)(i * 13)));
        var path = Path.Combine(TestData.TempDir(), "images.gz");
        File.WriteAllBytes(path, gz[..^8]); // no CRC-32, no length
        Assert.Contains("integrity check", Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path)).Message);
        var flipped = (byte[])gz[..^8].Clone();
        flipped[flipped.Length / 2] ^= 4;
        File.WriteAllBytes(path, flipped);
        Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));
    }

    [Fact]
    public void Image_and_label_counts_that_disagree_name_both_files_and_a_split_without_examples_is_an_error()
    {
        var dir = Path.Combine(TestData.TempDir(), "mnist");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), TestData.IdxImages(10, 28, 28, i => (byte)i));
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), TestData.IdxLabels(new byte[9]));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), TestData.IdxImages(0, 28, 28, i => (byte)i));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), TestData.IdxLabels([]));
        var data = Path.GetDirectoryName(dir)!;
        var empty = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(DatasetCatalog.Mnist, Split.Test, data));
        Assert.Contains("t10k-images-idx3-ubyte", empty.Message);
        Assert.Contains("0 images", empty.Message);
        var counts = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(DatasetCatalog.Mnist, Split.Train, data));
        Assert.Contains("train-images-idx3-ubyte", counts.Message);
        Assert.Contains("train-labels-idx1-ubyte", counts.Message);
        Assert.Contains("9 labels", counts.Message);
        Assert.Contains("10 images", counts.Message);
    }

    [Fact]
    public void A_half_present_local_fashion_mnist_is_refused_not_replaced_by_the_system_copy()
    {
        _ = TestData.FashionMnistDir;
        var data = TestData.TempDir();
        var dir = Path.Combine(data, "fashion-mnist");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(TestData.FashionMnistDir, "t10k-labels-idx1-ubyte.gz"), Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"));
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(DatasetCatalog.FashionMnist, Split.Test, data));
        Assert.Contains("incomplete", e.Message);
        Assert.Contains(DatasetCatalog.DebianFashionMnistDir, e.Message);
        Directory.Delete(dir, recursive: true);
        using var system = DatasetLoader.Load(DatasetCatalog.FashionMnist, Split.Test, data);
        Assert.Contains("the system copy", system.Source); // which copy is used is said
    }

    [Fact]
    public void Files_over_the_size_limit_are_refused_naming_the_file_and_the_limit()
    {
        var path = Path.Combine(TestData.TempDir(), "huge-images");
        using (var f = File.Create(path)) f.SetLength(DataFiles.MaxFileBytes + 1); // sparse: no disk used
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(DataFiles.MaxFileBytes.ToString("N0"), e.Message);
        File.Delete(path);
    }
}
