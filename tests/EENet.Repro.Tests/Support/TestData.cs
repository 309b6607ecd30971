using System.Buffers.Binary;
using System.IO.Compression;
using EENet.Repro.Cost;
using EENet.Repro.Data;
using EENet.Repro.Datasets;
using EENet.Repro.Models;
using EENet.Repro.Training;

namespace EENet.Repro.Tests;

/// <summary>Real data and generated fixtures in the exact on-disk formats.</summary>
internal static class TestData
{
    /// <summary>Debian's dataset-fashion-mnist, installed by .ci/run. Missing is a failure, never a skip.</summary>
    public static string FashionMnistDir
    {
        get
        {
            if (!File.Exists(Path.Combine(DatasetCatalog.DebianFashionMnistDir, "t10k-labels-idx1-ubyte.gz")))
                throw new InvalidOperationException(
                    $"Fashion-MNIST is missing from {DatasetCatalog.DebianFashionMnistDir}: run 'apt-get install dataset-fashion-mnist' " +
                    $"(.ci/run does).");
            return DatasetCatalog.DebianFashionMnistDir;
        }
    }

    private static (ImageDataset Train, ImageDataset Test)? _fashion;
    private static readonly object Gate = new();

    /// <summary>Fashion-MNIST loaded once per test run (it is read-only for every test).</summary>
    public static (ImageDataset Train, ImageDataset Test) FashionMnist()
    {
        lock (Gate)
        {
            _ = FashionMnistDir;
            return _fashion ??= DatasetLoader.Load(DatasetCatalog.FashionMnist, TempDir());
        }
    }

    /// <summary>A model spec from the spellings the command line accepts.</summary>
    public static ModelSpec Spec(string model, string dataset, int numEe = 2, string distribution = "fine", string exitType =
        "pool", int filters = 2) =>
        new(ModelName.Parse(model), dataset, numEe, Distributions.Parse(distribution), ExitTypes.Parse(exitType), filters);

    /// <summary>The folder of the test fixtures (Fixtures/README.md says where each comes from).</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "eenet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static byte[] IdxImages(int n, int rows, int cols, Func<int, byte> pixel)
    {
        var bytes = new byte[16 + n * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), n);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (var i = 0; i < n * rows * cols; i++) bytes[16 + i] = pixel(i);
        return bytes;
    }

    public static byte[] IdxLabels(byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(data);
        return output.ToArray();
    }

    /// <summary>A CIFAR-10 binary tree (cifar10/cifar-10-batches-bin) of random images, with the labels it wrote.</summary>
    public static (string DataDir, byte[][] Pixels, byte[][] Labels) Cifar10Tree(int perTrainFile, int testCount, int seed)
    {
        var dataDir = TempDir();
        var random = new Random(seed);
        var files = DatasetCatalog.Cifar10.TrainFiles.Concat(DatasetCatalog.Cifar10.TestFiles).Select(f =>
            Path.Combine(dataDir, "cifar10", f)).ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(files[0])!);
        var pixels = new byte[files.Length][];
        var labels = new byte[files.Length][];
        for (var f = 0; f < files.Length; f++)
        {
            var n = f < 5 ? perTrainFile : testCount;
            labels[f] = Enumerable.Range(0, n).Select(_ => (byte)random.Next(10)).ToArray();
            pixels[f] = new byte[n * 3072];
            random.NextBytes(pixels[f]);
            Cifar10Reader.Write(files[f], pixels[f], labels[f]);
        }
        return (dataDir, pixels, labels);
    }
}
