namespace EENet.Repro.Data;

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
        dataDir ??= DefaultDataDir;
        if (info.IsSynthetic) return SyntheticData.Create(info);
        return info.Name switch
        {
            "mnist" => LoadIdx(info, Path.Combine(dataDir, "mnist"), null),
            "fashion-mnist" => LoadIdx(info, Path.Combine(dataDir, "fashion-mnist"), DebianFashionMnistDir),
            "cifar10" => LoadCifar10(info, dataDir),
            "svhn" => LoadSvhn(info, dataDir),
            "tiny-imagenet" => LoadTinyImageNet(info, dataDir),
            _ => throw new ArgumentException($"No loader for dataset '{info.Name}'."),
        };
    }

    private static readonly string[] IdxFiles = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static (ImageDataset, ImageDataset) LoadIdx(DatasetInfo info, string dir, string? fallbackDir)
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
        var train = new ImageDataset(info, IdxReader.ReadImages(Find(folder, IdxFiles[0])!), IdxReader.ReadLabels(Find(folder, IdxFiles[1])!, info.NumClasses), $"{info.Name} train ({folder})");
        var test = new ImageDataset(info, IdxReader.ReadImages(Find(folder, IdxFiles[2])!), IdxReader.ReadLabels(Find(folder, IdxFiles[3])!, info.NumClasses), $"{info.Name} test ({folder})");
        CheckShape(info, train, folder);
        CheckShape(info, test, folder);
        return (train, test);
    }

    private static (ImageDataset, ImageDataset) LoadCifar10(DatasetInfo info, string dataDir)
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
        var (trainImages, trainLabels) = Cifar10Reader.Read(Cifar10Reader.TrainFiles.Select(f => Path.Combine(dir, f)));
        var (testImages, testLabels) = Cifar10Reader.Read([Path.Combine(dir, Cifar10Reader.TestFile)]);
        return (new ImageDataset(info, trainImages, trainLabels, $"cifar10 train ({dir})"), new ImageDataset(info, testImages, testLabels, $"cifar10 test ({dir})"));
    }

    private static (ImageDataset, ImageDataset) LoadSvhn(DatasetInfo info, string dataDir)
    {
        var dir = new[] { Path.Combine(dataDir, "svhn"), dataDir }.FirstOrDefault(d => File.Exists(Path.Combine(d, "test_32x32.mat")));
        if (dir is null || !File.Exists(Path.Combine(dir, "train_32x32.mat")))
        {
            throw new DatasetNotFoundException(
                $"svhn not found: {Path.GetFullPath(Path.Combine(dataDir, "svhn"))} lacks train_32x32.mat and/or test_32x32.mat. " +
                $"Fetch it with: {FetchCommand("svhn")}. Set --data-dir or {DataDirVariable} if your data lives elsewhere.");
        }
        var (trainImages, trainLabels) = SvhnReader.Read(Path.Combine(dir, "train_32x32.mat"));
        var (testImages, testLabels) = SvhnReader.Read(Path.Combine(dir, "test_32x32.mat"));
        return (new ImageDataset(info, trainImages, trainLabels, $"svhn train ({dir})"), new ImageDataset(info, testImages, testLabels, $"svhn test ({dir})"));
    }

    private static (ImageDataset, ImageDataset) LoadTinyImageNet(DatasetInfo info, string dataDir)
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
        var (trainImages, trainLabels) = TinyImageNetReader.ReadTrain(root, wnids);
        var (testImages, testLabels) = TinyImageNetReader.ReadValidation(root, wnids);
        return (new ImageDataset(withNames, trainImages, trainLabels, $"tiny-imagenet train ({root})"),
            new ImageDataset(withNames, testImages, testLabels, $"tiny-imagenet val, used as test ({root})"));
    }

    /// <summary>The data-scripts command that downloads, verifies and unpacks a dataset.</summary>
    public static string FetchCommand(string dataset) => $"dotnet run --project data-scripts -- fetch {dataset}";

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
