namespace EENet.Repro.Data;

/// <summary>A dataset's training or test split (Tiny-ImageNet's val folder is its test split, as in the official code).</summary>
public enum Split { Train, Test }

/// <summary>Finds a dataset's files under the data directory and loads its train and test splits.</summary>
public static class DatasetLoader
{
    /// <summary>Environment variable that sets the data directory for the CLI, the library and the notebooks.</summary>
    public const string DataDirVariable = "EENET_DATA_DIR";

    /// <summary>Where Debian's package dataset-fashion-mnist installs Fashion-MNIST.</summary>
    public const string DebianFashionMnistDir = "/usr/share/datasets/fashion-mnist";

    public static string DefaultDataDir => Environment.GetEnvironmentVariable(DataDirVariable) is { Length: > 0 } dir ? dir : "data";

    public static (ImageDataset Train, ImageDataset Test) Load(DatasetInfo info, string? dataDir = null)
    {
        if (info.IsSynthetic) return SyntheticData.Create(info);
        var test = Load(info, Split.Test, dataDir); // the smaller split first: missing or bad files show up fast
        return (Load(info, Split.Train, dataDir), test);
    }

    /// <summary>One split only: evaluation needs no training images (for Tiny-ImageNet, 100,000 JPEGs not decoded).</summary>
    public static ImageDataset Load(DatasetInfo info, Split split, string? dataDir = null)
    {
        dataDir ??= DefaultDataDir;
        if (info.IsSynthetic)
        {
            var (train, test) = SyntheticData.Create(info);
            (split == Split.Train ? test : train).Dispose();
            return split == Split.Train ? train : test;
        }
        return info.Name switch
        {
            "mnist" => LoadIdx(info, Path.Combine(dataDir, "mnist"), null, split),
            "fashion-mnist" => LoadIdx(info, Path.Combine(dataDir, "fashion-mnist"), DebianFashionMnistDir, split),
            "cifar10" => LoadCifar10(info, dataDir, split),
            "svhn" => LoadSvhn(info, dataDir, split),
            "tiny-imagenet" => LoadTinyImageNet(info, dataDir, split),
            _ => throw new ArgumentException($"No loader for dataset '{info.Name}'."),
        };
    }

    private static readonly string[] IdxFiles = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static ImageDataset LoadIdx(DatasetInfo info, string dir, string? fallbackDir, Split split)
    {
        var folder = HasIdx(dir) ? dir : fallbackDir is not null && HasIdx(fallbackDir) ? fallbackDir : null;
        if (folder is null)
        {
            var missing = IdxFiles.Where(f => Find(dir, f) is null);
            var hint = info.Name == "fashion-mnist"
                ? $"Install Debian's package dataset-fashion-mnist (it fills {DebianFashionMnistDir}), or fetch it with: {FetchCommand("fashion-mnist")}."
                : $"Fetch them with: {FetchCommand("mnist")} (or copy the four IDX files, gzipped or not, into {Path.GetFullPath(dir)}).";
            throw new DatasetNotFoundException(
                $"{info.Name} not found: {Path.GetFullPath(dir)} lacks {string.Join(", ", missing.Select(m => m + "[.gz]"))}. {hint} " +
                $"Set --data-dir or {DataDirVariable} if your data lives elsewhere.");
        }
        var (images, labels) = split == Split.Train ? (IdxFiles[0], IdxFiles[1]) : (IdxFiles[2], IdxFiles[3]);
        var data = new ImageDataset(info, IdxReader.ReadImages(Find(folder, images)!), IdxReader.ReadLabels(Find(folder, labels)!, info.NumClasses),
            $"{info.Name} {Name(split)} ({folder})");
        CheckShape(info, data, folder);
        return data;
    }

    private static ImageDataset LoadCifar10(DatasetInfo info, string dataDir, Split split)
    {
        var candidates = new[] { Path.Combine(dataDir, "cifar10", "cifar-10-batches-bin"), Path.Combine(dataDir, "cifar-10-batches-bin") };
        var dir = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, Cifar10Reader.TestFile)));
        if (dir is null)
        {
            throw new DatasetNotFoundException(
                $"cifar10 not found: no cifar-10-batches-bin/{Cifar10Reader.TestFile} under {Path.GetFullPath(dataDir)}. " +
                $"Fetch it with: {FetchCommand("cifar10")} (or unpack cifar-10-binary.tar.gz, the binary version, into {Path.GetFullPath(Path.Combine(dataDir, "cifar10"))}). " +
                $"Set --data-dir or {DataDirVariable} if your data lives elsewhere.");
        }
        var files = split == Split.Train ? Cifar10Reader.TrainFiles : [Cifar10Reader.TestFile];
        var (images, labels) = Cifar10Reader.Read(files.Select(f => Path.Combine(dir, f)));
        return new ImageDataset(info, images, labels, $"cifar10 {Name(split)} ({dir})");
    }

    private static ImageDataset LoadSvhn(DatasetInfo info, string dataDir, Split split)
    {
        var dir = new[] { Path.Combine(dataDir, "svhn"), dataDir }.FirstOrDefault(d => File.Exists(Path.Combine(d, "test_32x32.mat")));
        if (dir is null || !File.Exists(Path.Combine(dir, "train_32x32.mat")))
        {
            throw new DatasetNotFoundException(
                $"svhn not found: {Path.GetFullPath(Path.Combine(dataDir, "svhn"))} lacks train_32x32.mat and/or test_32x32.mat. " +
                $"Fetch it with: {FetchCommand("svhn")}. Set --data-dir or {DataDirVariable} if your data lives elsewhere.");
        }
        var (images, labels) = SvhnReader.Read(Path.Combine(dir, split == Split.Train ? "train_32x32.mat" : "test_32x32.mat"));
        return new ImageDataset(info, images, labels, $"svhn {Name(split)} ({dir})");
    }

    private static ImageDataset LoadTinyImageNet(DatasetInfo info, string dataDir, Split split)
    {
        var candidates = new[] { Path.Combine(dataDir, "tiny-imagenet", "tiny-imagenet-200"), Path.Combine(dataDir, "tiny-imagenet-200") };
        var root = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "wnids.txt")));
        if (root is null)
        {
            throw new DatasetNotFoundException(
                $"tiny-imagenet not found: no tiny-imagenet-200/wnids.txt under {Path.GetFullPath(Path.Combine(dataDir, "tiny-imagenet"))}. " +
                $"Fetch it with: {FetchCommand("tiny-imagenet")}. Set --data-dir or {DataDirVariable} if your data lives elsewhere.");
        }
        var wnids = TinyImageNetReader.ReadWnids(root);
        var withNames = info with { ClassNames = wnids };
        var (images, labels) = split == Split.Train ? TinyImageNetReader.ReadTrain(root, wnids) : TinyImageNetReader.ReadValidation(root, wnids);
        return new ImageDataset(withNames, images, labels, split == Split.Train ? $"tiny-imagenet train ({root})" : $"tiny-imagenet val, used as test ({root})");
    }

    /// <summary>The data-scripts command that downloads, verifies and unpacks a dataset.</summary>
    public static string FetchCommand(string dataset) => $"dotnet run --project data-scripts -- fetch {dataset}";

    private static string Name(Split split) => split == Split.Train ? "train" : "test";

    private static bool HasIdx(string dir) => IdxFiles.All(f => Find(dir, f) is not null);

    private static string? Find(string dir, string name) =>
        new[] { Path.Combine(dir, name), Path.Combine(dir, name + ".gz") }.FirstOrDefault(File.Exists);

    private static void CheckShape(DatasetInfo info, ImageDataset data, string folder)
    {
        var shape = data.Images.shape[1..];
        if (!shape.SequenceEqual(info.Shape))
            throw new DatasetFormatException(folder, null, $"images are {string.Join("×", shape)}, but {info.Name} images are {string.Join("×", info.Shape)}.");
    }
}
