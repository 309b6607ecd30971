using EENet.Repro.Data;
using TorchSharp;
using EENet.Repro.Datasets;
using Xunit;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

public class DataTests
{
    [Fact]
    public void Fashion_mnist_from_debian_has_the_published_counts_and_labels()
    {
        var (train, test) = TestData.FashionMnist();
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(new long[] { 60_000, 1, 28, 28 }, train.Images.shape);
        Assert.All(train.Labels.bincount(null, 10).data<long>().ToArray(), c => Assert.Equal(6_000, c));
        Assert.All(test.Labels.bincount(null, 10).data<long>().ToArray(), c => Assert.Equal(1_000, c));
        Assert.Equal(0, train.Images.min().item<byte>());
        Assert.Equal(255, train.Images.max().item<byte>());
        // First labels of the published files (9 = ankle boot).
        Assert.Equal(new long[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, train.Labels[..10].data<long>().ToArray());
        Assert.Equal(new long[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, test.Labels[..10].data<long>().ToArray());
        Assert.Equal(76_247, train.Images[0].to_type(ScalarType.Int64).sum().item<long>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_round_trip_plain_and_gzipped(bool gzip)
    {
        var dir = TestData.TempDir();
        var images = TestData.IdxImages(7, 4, 3, i => (byte)(i * 7 % 256));
        var labels = TestData.IdxLabels([0, 1, 2, 3, 4, 5, 9]);
        File.WriteAllBytes(Path.Combine(dir, "i"), gzip ? TestData.Gzip(images) : images);
        File.WriteAllBytes(Path.Combine(dir, "l"), gzip ? TestData.Gzip(labels) : labels);
        var x = IdxReader.ReadImages(Path.Combine(dir, "i"));
        Assert.Equal(new long[] { 7, 1, 4, 3 }, x.shape);
        Assert.Equal(images[16..], x.flatten().data<byte>().ToArray());
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 9 }, IdxReader.ReadLabels(Path.Combine(dir, "l"), 10).data<long>().ToArray());
    }

    public static TheoryData<string, Func<byte[], byte[]>, string> IdxCorruptions => new()
    {
        { "truncated", b => b[..^5], "truncated" },
        { "flipped magic", b => { var c = (byte[])b.Clone(); c[3] = 0x01; return c; }, "magic" },
        { "count too large", b => { var c = (byte[])b.Clone(); c[7] = 9; return c; }, "declares 9" },
        { "random bytes", b => Enumerable.Range(0, 200).Select(i => (byte)(i * 31 + 7)).ToArray(), "magic" },
        { "empty", b => [], "too short" },
        { "truncated gzip", b => TestData.Gzip(b)[..40], "truncated" },
    };

    [Theory]
    [MemberData(nameof(IdxCorruptions))]
    public void Corrupt_idx_images_are_typed_errors_naming_the_file(string what, Func<byte[], byte[]> corrupt, string expected)
    {
        var path = Path.Combine(TestData.TempDir(), $"images-{what.Replace(' ', '-')}");
        File.WriteAllBytes(path, corrupt(TestData.IdxImages(5, 4, 4, i => (byte)i)));
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Corrupt_idx_labels_are_typed_errors()
    {
        var dir = TestData.TempDir();
        var path = Path.Combine(dir, "labels");
        File.WriteAllBytes(path, TestData.IdxLabels([1, 2, 12]));
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabels(path, 10));
        Assert.Contains("label 12 of entry 2", e.Message);
        File.WriteAllBytes(path, TestData.IdxLabels([1, 2, 3])[..9]);
        Assert.Contains("truncated", Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabels(path, 10)).Message);
        File.WriteAllBytes(path, TestData.IdxImages(1, 2, 2, i => 0));
        Assert.Contains("magic", Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabels(path, 10)).Message);
    }

    [Fact]
    public void Cifar10_binary_round_trip_element_by_element()
    {
        var (dataDir, pixels, labels) = TestData.Cifar10Tree(perTrainFile: 6, testCount: 5, seed: 4);
        var (train, test) = DatasetLoader.Load(DatasetCatalog.Cifar10, dataDir);
        Assert.Equal(30, train.Count);
        Assert.Equal(5, test.Count);
        Assert.Equal(pixels.Take(5).SelectMany(p => p).ToArray(), train.Images.flatten().data<byte>().ToArray());
        Assert.Equal(labels.Take(5).SelectMany(l => l).Select(l => (long)l).ToArray(), train.Labels.data<long>().ToArray());
        Assert.Equal(pixels[5], test.Images.flatten().data<byte>().ToArray());
        // Plane layout: record 0's first byte is the red value of pixel (0,0), byte 1024 its green value.
        Assert.Equal(pixels[0][1024], test.Images.shape[0] > 0 ? train.Images[0, 1, 0, 0].item<byte>() : 0);
    }

    [Fact]
    public void Corrupt_cifar10_files_are_typed_errors()
    {
        var (dataDir, _, _) = TestData.Cifar10Tree(3, 3, 5);
        var file = Path.Combine(dataDir, "cifar10", "cifar-10-batches-bin", "data_batch_3.bin");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^100]);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(DatasetCatalog.Cifar10, dataDir));
        Assert.Contains("data_batch_3.bin", e.Message);
        bytes[Cifar10Reader.RecordSize] = 42;
        File.WriteAllBytes(file, bytes);
        Assert.Contains("label 42 of record 1",
            Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(DatasetCatalog.Cifar10, dataDir)).Message);
        File.Delete(file);
        Assert.Contains("data_batch_3.bin",
            Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(DatasetCatalog.Cifar10, dataDir)).Message);
    }

    [Fact]
    public void Missing_datasets_say_what_is_missing_and_how_to_get_it()
    {
        var empty = TestData.TempDir();
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(DatasetCatalog.Mnist, empty));
        Assert.Contains(Path.Combine(empty, "mnist"), e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("--data-dir", e.Message);
        Assert.Contains("dotnet run --project data-scripts -- fetch mnist", e.Message);
        Assert.Contains("fetch cifar10",
            Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(DatasetCatalog.Cifar10, empty)).Message);
        Assert.Contains("fetch tiny-imagenet",
            Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(DatasetCatalog.TinyImageNet, empty)).Message);
    }

    [Fact]
    public void Split_is_seeded_disjoint_and_complete()
    {
        var (train, _) = TestData.FashionMnist();
        using var small = train.Take(1000);
        var (a, b) = small.Split(0.1, 7);
        var (c, _) = small.Split(0.1, 7);
        var (d, _) = small.Split(0.1, 8);
        Assert.Equal(900, a.Count);
        Assert.Equal(100, b.Count);
        Assert.Equal(a.Labels.data<long>().ToArray(), c.Labels.data<long>().ToArray());
        Assert.True(a.Images.equal(c.Images).all().item<bool>());
        Assert.False(a.Images.equal(d.Images).all().item<bool>());
        var total = a.Images.to_type(ScalarType.Int64).sum().item<long>() + b.Images.to_type(ScalarType.Int64).sum().item<long>();
        Assert.Equal(small.Images.to_type(ScalarType.Int64).sum().item<long>(), total);
    }

    [Fact]
    public void Batches_are_scaled_and_normalised_with_the_official_constants()
    {
        var (_, test) = TestData.FashionMnist();
        using var loader = new BatchLoader(test, CPU, augment: false);
        using var scope = NewDisposeScope();
        var (x, y) = loader.Batch([0, 1]);
        var expected = (test.Images[0, 0, 0, 0].item<byte>() / 255f - 0.1307f) / 0.3081f;
        Assert.Equal(expected, x[0, 0, 0, 0].item<float>(), 5);
        Assert.Equal(new long[] { 9, 2 }, y.data<long>().ToArray());
        Assert.Equal(3, BatchLoader.Chunk(loader.Order(false, 0)[..10], 4).Count());
        Assert.Equal(2, BatchLoader.Chunk(loader.Order(false, 0)[..10], 4).Last().Length);
    }

    [Fact]
    public void Cifar_augmentation_is_a_seeded_per_sample_crop_and_flip()
    {
        var (dataDir, _, _) = TestData.Cifar10Tree(2, 16, 9);
        var (train, test) = DatasetLoader.Load(DatasetCatalog.Cifar10, dataDir);
        using var plain = new BatchLoader(test, CPU, augment: false);
        using var augmented = new BatchLoader(test, CPU, augment: true);
        using var scope = NewDisposeScope();
        var indices = Enumerable.Range(0, 16).Select(i => (long)i).ToArray();
        var (reference, _) = plain.Batch(indices);
        var (a, _) = augmented.Batch(indices, new torch.Generator(11, CPU));
        var (b, _) = augmented.Batch(indices, new torch.Generator(11, CPU));
        Assert.True(a.equal(b).all().item<bool>(), "same generator seed, same augmentation");
        Assert.Equal(reference.shape, a.shape);
        // Each augmented image is a 32×32 window of the image padded by 4 (padding = normalised black), maybe flipped.
        var mean = tensor(DatasetCatalog.Cifar10.Mean).view(1, 3, 1, 1);
        var std = tensor(DatasetCatalog.Cifar10.Std).view(1, 3, 1, 1);
        var padded = nn.functional.pad(reference.mul(std).add(mean), [4, 4, 4, 4]).sub(mean).div(std);
        var distinct = new HashSet<(int, int, bool)>();
        for (var i = 0; i < 16; i++)
        {
            var found = false;
            for (var dy = 0; dy <= 8 && !found; dy++)
            for (var dx = 0; dx <= 8 && !found; dx++)
            foreach (var flip in new[] { false, true })
            {
                var window = padded[i, .., dy..(dy + 32), dx..(dx + 32)];
                if (flip) window = window.flip(2);
                if (window.sub(a[i]).abs().max().item<float>() < 1e-5)
                {
                    found = true;
                    distinct.Add((dy, dx, flip));
                    break;
                }
            }
            Assert.True(found, $"image {i} is not a padded crop (or its mirror)");
        }
        Assert.True(distinct.Count > 3, "offsets and flips are decided per sample");
        train.Dispose();
        test.Dispose();
    }
}

public class SplitLoadingTests
{
    [Fact]
    public void The_test_split_loads_alone_and_a_view_outlives_its_parent()
    {
        var (dataDir, pixels, labels) = TestData.Cifar10Tree(perTrainFile: 3, testCount: 4, seed: 8);
        // Without training files, the test split still loads: evaluation never reads them.
        foreach (var f in DatasetCatalog.Cifar10.TrainFiles) File.Delete(Path.Combine(dataDir, "cifar10", f));
        ImageDataset view;
        using (var test = DatasetLoader.Load(DatasetCatalog.Cifar10, Split.Test, dataDir))
        {
            Assert.Equal(4, test.Count);
            view = test.Take(2);
        }
        using (view)
        {
            Assert.Equal(pixels[5][..(2 * 3072)], view.Images.flatten().data<byte>().ToArray());
            Assert.Equal(labels[5][..2].Select(l => (long)l).ToArray(), view.Labels.data<long>().ToArray());
        }
        Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(DatasetCatalog.Cifar10, Split.Train, dataDir));
    }
}
