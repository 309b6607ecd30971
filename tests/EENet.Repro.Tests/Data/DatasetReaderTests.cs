using System.Buffers.Binary;
using EENet.Repro.Data;
using SkiaSharp;
using TorchSharp;
using EENet.Repro.Datasets;
using Xunit;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

public class SvhnTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Mat_v5_svhn_files_read_back_element_by_element(bool compress, bool labelsAsDouble)
    {
        var path = Path.Combine(TestData.TempDir(), "train_32x32.mat");
        var (x, labels) = MatV5Writer.Svhn(path, 12, compress, labelsAsDouble, seed: 3);
        var (images, y) = SvhnReader.Read(path);
        Assert.Equal(new long[] { 12, 3, 32, 32 }, images.shape);
        var got = images.data<byte>().ToArray();
        for (var n = 0; n < 12; n++)
        for (var ch = 0; ch < 3; ch++)
        for (var r = 0; r < 32; r++)
        for (var c = 0; c < 32; c++)
        {
            // MATLAB column-major X(r, c, ch, n) against the kit's row-major [n, ch, r, c].
            var expected = x[r + 32 * c + 1024 * ch + 3072 * n];
            var actual = got[((n * 3 + ch) * 32 + r) * 32 + c];
            if (expected != actual) Assert.Fail($"pixel n={n} ch={ch} r={r} c={c}: {actual} != {expected}");
        }
        Assert.Equal(labels.Select(l => l == 10 ? 0L : l).ToArray(), y.data<long>().ToArray());
    }

    [Fact]
    public void Svhn_loader_reads_both_splits_from_the_data_folder()
    {
        var dataDir = TestData.TempDir();
        Directory.CreateDirectory(Path.Combine(dataDir, "svhn"));
        MatV5Writer.Svhn(Path.Combine(dataDir, "svhn", "train_32x32.mat"), 20, true, true, 1);
        MatV5Writer.Svhn(Path.Combine(dataDir, "svhn", "test_32x32.mat"), 7, true, false, 2);
        var (train, test) = DatasetLoader.Load(DatasetCatalog.Svhn, dataDir);
        Assert.Equal(20, train.Count);
        Assert.Equal(7, test.Count);
        Assert.Equal(0, train.Labels[9].item<long>());
    }

    public static TheoryData<string, Func<string, byte[], byte[]>, string> Corruptions => new()
    {
        { "truncated", (_, b) => b[..^300], "truncated" },
        { "not a mat file", (_, b) => [.. "PK\u0003\u0004"u8.ToArray(), .. b[4..]], "MATLAB 5.0" },
        { "big-endian", (_, b) => { var c = (byte[])b.Clone(); c[126] = (byte)'M'; c[127] = (byte)'I'; return c; }, "big-endian" },
        { "corrupt zlib", (_, b) => { var c = (byte[])b.Clone(); for (var i = 150; i < 400; i++) c[i] ^= 0x5A; return c; }, "corrupt" },
        { "random bytes", (_, b) => Enumerable.Range(0, 4000).Select(i => (byte)(i * 131 + 17)).ToArray(), "MATLAB 5.0" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_mat_files_are_typed_errors_naming_the_file(string what, Func<string, byte[], byte[]> corrupt, string expected)
    {
        var path = Path.Combine(TestData.TempDir(), $"{what.Replace(' ', '-')}.mat");
        MatV5Writer.Svhn(path, 4, compress: true, labelsAsDouble: true, seed: 9);
        File.WriteAllBytes(path, corrupt(path, File.ReadAllBytes(path)));
        var e = Assert.Throws<DatasetFormatException>(() => SvhnReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Unsupported_or_inconsistent_variables_are_named()
    {
        var dir = TestData.TempDir();
        var path = Path.Combine(dir, "cell.mat");
        MatV5Writer.Write(path, false,
            new MatV5Writer.Variable("X", MatClass.Cell, [1, 1], MatType.UInt8, [0]),
            new MatV5Writer.Variable("y", MatClass.Double, [1, 1], MatType.UInt8, [1]));
        Assert.Contains("'X' is of class Cell", Assert.Throws<DatasetFormatException>(() => SvhnReader.Read(path)).Message);

        MatV5Writer.Write(path, true, new MatV5Writer.Variable("y", MatClass.Double, [1, 1], MatType.UInt8, [1]));
        Assert.Contains("'X' not found", Assert.Throws<DatasetFormatException>(() => SvhnReader.Read(path)).Message);

        var (x, _) = MatV5Writer.Svhn(path, 3, false, false, 1);
        MatV5Writer.Write(path, false,
            new MatV5Writer.Variable("X", MatClass.UInt8, [32, 32, 3, 3], MatType.UInt8, x),
            new MatV5Writer.Variable("y", MatClass.Double, [2, 1], MatType.UInt8, [1, 2]));
        Assert.Contains("2 labels for 3 images", Assert.Throws<DatasetFormatException>(() => SvhnReader.Read(path)).Message);

        MatV5Writer.Write(path, true,
            new MatV5Writer.Variable("X", MatClass.UInt8, [32, 32, 3, 3], MatType.UInt8, x),
            new MatV5Writer.Variable("y", MatClass.Double, [3, 1], MatType.UInt8, [1, 11, 2]));
        Assert.Contains("label 11 of entry 1", Assert.Throws<DatasetFormatException>(() => SvhnReader.Read(path)).Message);

        MatV5Writer.Write(path, true,
            new MatV5Writer.Variable("X", MatClass.UInt8, [32, 32, 3, 3], MatType.UInt8, x[..1000]),
            new MatV5Writer.Variable("y", MatClass.Double, [3, 1], MatType.UInt8, [1, 1, 2]));
        Assert.Contains("truncated or corrupt", Assert.Throws<DatasetFormatException>(() => SvhnReader.Read(path)).Message);
    }

    [Fact]
    public void Missing_svhn_points_to_the_fetch_command()
    {
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(DatasetCatalog.Svhn, TestData.TempDir()));
        Assert.Contains("dotnet run --project data-scripts -- fetch svhn", e.Message);
    }
}

public class TinyImageNetTests
{
    private static readonly string[] WnidsInFileOrder = ["n03000000", "n01000000", "n02000000"];

    /// <summary>A Tiny-ImageNet tree of flat-coloured JPEGs (colour encodes class and index), one of them greyscale.</summary>
    internal static string Tree(out Dictionary<string, (byte R, byte G, byte B)> colours)
    {
        var dataDir = TestData.TempDir();
        var root = Path.Combine(dataDir, "tiny-imagenet", "tiny-imagenet-200");
        colours = new();
        Directory.CreateDirectory(root);
        File.WriteAllLines(Path.Combine(root, "wnids.txt"), WnidsInFileOrder);
        foreach (var (wnid, c) in WnidsInFileOrder.Select((w, c) => (w, c)))
        {
            var dir = Path.Combine(root, "train", wnid, "images");
            Directory.CreateDirectory(dir);
            for (var i = 0; i < 2; i++)
            {
                var path = Path.Combine(dir, $"{wnid}_{i}.JPEG");
                var colour = ((byte)(40 + 60 * c), (byte)(200 - 80 * i), (byte)(30 + 50 * c + 20 * i));
                Jpeg(path, colour, grey: wnid == "n02000000" && i == 1);
                colours[path] = wnid == "n02000000" && i == 1 ? Grey(colour) : colour;
            }
        }
        var val = Path.Combine(root, "val", "images");
        Directory.CreateDirectory(val);
        var lines = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var path = Path.Combine(val, $"val_{i}.JPEG");
            var colour = ((byte)(10 + 50 * i), (byte)90, (byte)(250 - 40 * i));
            Jpeg(path, colour, grey: false);
            colours[path] = colour;
            lines.Add($"val_{i}.JPEG\t{WnidsInFileOrder[i % 3]}\t0\t0\t63\t63");
        }
        File.WriteAllLines(Path.Combine(root, "val", "val_annotations.txt"), lines);
        return dataDir;
    }

    private static (byte, byte, byte) Grey((byte R, byte G, byte B) c)
    {
        var y = (byte)Math.Round(0.299 * c.R + 0.587 * c.G + 0.114 * c.B);
        return (y, y, y);
    }

    internal static void Jpeg(string path, (byte R, byte G, byte B) colour, bool grey, int size = 64)
    {
        var colorType = grey ? SKColorType.Gray8 : SKColorType.Rgba8888;
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, colorType, SKAlphaType.Opaque));
        var g = Grey(colour).Item1;
        bitmap.Erase(grey ? new SKColor(g, g, g) : new SKColor(colour.R, colour.G, colour.B));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Tiny-ImageNet's entry with the three classes of the generated tree (the real one has 200).</summary>
    private static readonly DatasetInfo Tiny3 = DatasetCatalog.TinyImageNet with { ClassNames = ["a", "b", "c"] };

    [Fact]
    public void Jpeg_tree_reads_with_sorted_wnids_and_rgb_greyscale()
    {
        var dataDir = Tree(out var colours);
        var (train, test) = DatasetLoader.Load(Tiny3, dataDir);
        Assert.Equal(new[] { "n01000000", "n02000000", "n03000000" }, train.Info.ClassNames);
        Assert.Equal(6, train.Count);
        Assert.Equal(4, test.Count);
        // Train files go class by class in sorted-wnid order: n01…, n02…, n03….
        Assert.Equal(new long[] { 0, 0, 1, 1, 2, 2 }, train.Labels.data<long>().ToArray());
        // val_i is annotated with the i%3-th wnid of the file order: n03, n01, n02, n03 -> 2, 0, 1, 2.
        Assert.Equal(new long[] { 2, 0, 1, 2 }, test.Labels.data<long>().ToArray());

        var trainPaths = new[] { "n01000000", "n02000000", "n03000000" }
            .SelectMany(w => Enumerable.Range(0, 2).Select(i => colours.Keys.Single(k => k.EndsWith($"{w}_{i}.JPEG")))).ToArray();
        for (var i = 0; i < 6; i++) AssertColour(train.Images[i], colours[trainPaths[i]], trainPaths[i]);
        for (var i = 0; i < 4; i++) AssertColour(test.Images[i], colours.Single(k => k.Key.EndsWith($"val_{i}.JPEG")).Value, $"val_{i}");
        var greyImage = train.Images[3].to_type(ScalarType.Int32);
        Assert.Equal(0, greyImage[0].sub(greyImage[1]).abs().max().item<int>());
        Assert.Equal(0, greyImage[0].sub(greyImage[2]).abs().max().item<int>());
    }

    private static void AssertColour(Tensor image, (byte R, byte G, byte B) colour, string what)
    {
        Assert.Equal(new long[] { 3, 64, 64 }, image.shape);
        var expected = new[] { colour.R, colour.G, colour.B };
        for (var ch = 0; ch < 3; ch++)
        {
            var diff = image[ch].to_type(ScalarType.Int32).sub(expected[ch]).abs().max().item<int>();
            Assert.True(diff <= 2, $"{what} channel {ch} differs by {diff} from {expected[ch]}");
        }
    }

    [Fact]
    public void Bad_jpegs_and_annotations_are_typed_errors_naming_the_file()
    {
        var dataDir = Tree(out _);
        var root = Path.Combine(dataDir, "tiny-imagenet", "tiny-imagenet-200");
        var victim = Path.Combine(root, "train", "n02000000", "images", "n02000000_0.JPEG");
        var original = File.ReadAllBytes(victim);

        File.WriteAllBytes(victim, Enumerable.Range(0, 500).Select(i => (byte)(i * 7)).ToArray());
        Assert.Contains(victim, Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(Tiny3, dataDir)).Message);

        File.WriteAllBytes(victim, original[..(original.Length / 2)]);
        var truncated = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(Tiny3, dataDir));
        Assert.Contains(victim, truncated.Message);

        Jpeg(victim, (1, 2, 3), false, size: 32);
        Assert.Contains("32×32", Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(Tiny3, dataDir)).Message);
        File.WriteAllBytes(victim, original);

        var annotations = Path.Combine(root, "val", "val_annotations.txt");
        var goodAnnotations = File.ReadAllText(annotations);
        File.AppendAllLines(annotations, ["val_9.JPEG\tn09999999\t0\t0\t1\t1"]);
        var unknown = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(Tiny3, dataDir));
        Assert.Contains("line 5", unknown.Message);
        Assert.Contains("n09999999", unknown.Message);

        File.WriteAllText(annotations, goodAnnotations);
        foreach (var f in Directory.GetFiles(Path.Combine(root, "train", "n03000000", "images"))) File.Delete(f);
        var empty = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(Tiny3, dataDir));
        Assert.Contains(Path.Combine(root, "train", "n03000000", "images"), empty.Message);
        Assert.Contains("no .JPEG", empty.Message);
        Assert.Contains("200", Assert.Throws<DatasetFormatException>(() =>
            DatasetLoader.Load(DatasetCatalog.TinyImageNet, dataDir)).Message);
        Directory.Delete(Path.Combine(root, "train", "n01000000"), recursive: true);
        Assert.Contains("n01000000", Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(Tiny3, dataDir)).Message);
    }
}
