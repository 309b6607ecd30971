namespace EENet.Repro.Datasets;

/// <summary>
/// The datasets of the paper (and Fashion-MNIST, the kit's offline stand-in for MNIST), one entry each. Normalisation
/// and augmentation follow the official code (main.py / utils.py load_dataset); mirrors are tried in order;
/// checksums name their source. Adding a dataset is one entry here, plus a reader only for a new format.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Prefix of generated stand-ins: "synthetic-cifar10" is CIFAR-10-shaped generated data.</summary>
    public const string GeneratedPrefix = "synthetic-";

    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    private static readonly string[] IdxTrain = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"];
    private static readonly string[] IdxTest = ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    public static readonly DatasetInfo Mnist = new()
    {
        Name = "mnist",
        Folder = "mnist",
        Format = DatasetFormat.Idx,
        Shape = [1, 28, 28],
        ClassNames = Digits,
        Mean = [0.1307f],
        Std = [0.3081f],
        TrainFiles = IdxTrain,
        TestFiles = IdxTest,
        Downloads =
        [
            MnistFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422),
            MnistFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881),
            MnistFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877),
            MnistFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542),
        ],
        Produces = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
        // One epoch on all of Fashion-MNIST: well above chance, about 25 s per EENet-8 run on one core (docs/benchmarks.md).
        Smoke = new SmokeStandIn("fashion-mnist", null, 2000),
        Provenance = "Normalize((0.1307,), (0.3081,)) as the official utils.py. MD5s as published with the files and used by " +
                     "torchvision's MNIST; the original host answers 403 today, so torchvision's and TensorFlow Datasets' mirrors come " +
                     "first.",
    };

    public static readonly DatasetInfo FashionMnist = new()
    {
        Name = "fashion-mnist",
        Aliases = ["fashionmnist", "fashion_mnist"],
        Folder = "fashion-mnist",
        Format = DatasetFormat.Idx,
        Shape = [1, 28, 28],
        ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        Mean = [0.1307f],
        Std = [0.3081f],
        TrainFiles = IdxTrain,
        TestFiles = IdxTest,
        Downloads =
        [
            FashionFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            FashionFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
                "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            FashionFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
                "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            FashionFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310",
                "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        ],
        Produces = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
        LocalSources = [DebianFashionMnistDir],
        InPaper = false,
        Provenance = "An extra of the kit (not in the paper), read like MNIST with MNIST's normalisation. MD5s of the .gz files as " +
                     "published by Zalando Research (and used by torchvision's FashionMNIST). Debian's dataset-fashion-mnist " +
                     "(0.0~git20200523.55506a9-1) recompresses the same IDX data, so its .gz files are checked by the SHA-256 of " +
                     "their decompressed content, computed from that package.",
    };

    public static readonly DatasetInfo Cifar10 = new()
    {
        Name = "cifar10",
        Aliases = ["cifar-10", "cifar_10"],
        Folder = "cifar10",
        Format = DatasetFormat.CifarBinary,
        Shape = [3, 32, 32],
        ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        Mean = [0.4914f, 0.4822f, 0.4465f],
        Std = [0.2023f, 0.1994f, 0.2010f],
        Augmentation = Augmentation.CropFlip,
        TrainFiles = Enumerable.Range(1, 5).Select(i => $"cifar-10-batches-bin/data_batch_{i}.bin").ToArray(),
        TestFiles = ["cifar-10-batches-bin/test_batch.bin"],
        Downloads =
        [
            new DataFile("cifar-10-binary.tar.gz", 170_052_171, "c32a1d4ab5d03f1284b67883e8d87530",
                "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
                ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"]),
        ],
        Unpack = UnpackKind.TarGz,
        Produces = ["cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/data_batch_5.bin",
            "cifar-10-batches-bin/test_batch.bin"],
        Smoke = new SmokeStandIn(GeneratedPrefix + "cifar10", 1024, 512),
        Provenance = "RandomCrop(32, padding=4) + RandomHorizontalFlip, Normalize((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010)) " +
                     "as the official utils.py. Size and MD5 as published on the CIFAR-10 page (binary version); SHA-256 as recorded " +
                     "by independent mirrors of that file.",
    };

    public static readonly DatasetInfo Svhn = new()
    {
        Name = "svhn",
        Folder = "svhn",
        Format = DatasetFormat.SvhnMat,
        Shape = [3, 32, 32],
        ClassNames = Digits,
        Mean = [0.5f, 0.5f, 0.5f],
        Std = [0.5f, 0.5f, 0.5f],
        TrainFiles = ["train_32x32.mat"],
        TestFiles = ["test_32x32.mat"],
        Downloads =
        [
            new DataFile("train_32x32.mat", 182_040_794, "e26dedcc434d2e4c54c9b2d4a06d8373", null,
                ["http://ufldl.stanford.edu/housenumbers/train_32x32.mat"]),
            new DataFile("test_32x32.mat", 64_275_384, "eb5a983be6a315427106f1b164d9cef3", null,
                ["http://ufldl.stanford.edu/housenumbers/test_32x32.mat"]),
        ],
        Produces = ["train_32x32.mat", "test_32x32.mat"],
        Smoke = new SmokeStandIn(GeneratedPrefix + "svhn", 1024, 512),
        Provenance = "Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)), no augmentation, train 73,257 / test 26,032 ('extra' unused) as the " +
                     "official utils.py. MD5s as used by torchvision's SVHN (format 2, cropped digits).",
    };

    public static readonly DatasetInfo TinyImageNet = new()
    {
        Name = "tiny-imagenet",
        Aliases = ["tinyimagenet", "tiny_imagenet"],
        Folder = "tiny-imagenet",
        Format = DatasetFormat.TinyImageNetTree,
        Shape = [3, 64, 64],
        ClassNames = Enumerable.Range(0, 200).Select(i => $"class{i:D3}").ToArray(),
        Mean = [0.5f, 0.5f, 0.5f],
        Std = [0.5f, 0.5f, 0.5f],
        Augmentation = Augmentation.Flip,
        TrainFiles = ["tiny-imagenet-200"],
        TestFiles = ["tiny-imagenet-200"],
        Downloads =
        [
            new DataFile("tiny-imagenet-200.zip", 248_100_043, "90528d7ca1a48142e341f4ef8d21d0de", null,
                ["http://cs231n.stanford.edu/tiny-imagenet-200.zip"]),
        ],
        Unpack = UnpackKind.Zip,
        Produces = ["tiny-imagenet-200/wnids.txt", "tiny-imagenet-200/val/val_annotations.txt"],
        Smoke = new SmokeStandIn(GeneratedPrefix + "tiny-imagenet", 256, 128),
        Provenance = "RandomHorizontalFlip, Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)); val/ is the test set; class index = position of " +
                     "the wnid in sorted order (ImageFolder), as the official utils.py. Size and MD5 of the Stanford CS231n archive as " +
                     "used by common TinyImageNet loaders.",
    };

    /// <summary>Where Debian's package dataset-fashion-mnist installs Fashion-MNIST.</summary>
    public const string DebianFashionMnistDir = "/usr/share/datasets/fashion-mnist";

    /// <summary>Every dataset the kit reads from files.</summary>
    public static readonly IReadOnlyList<DatasetInfo> All = [Mnist, FashionMnist, Cifar10, Svhn, TinyImageNet];

    /// <summary>The names for help texts and error messages.</summary>
    public static string NameList => string.Join(", ", All.Select(d => d.Name));

    /// <summary>A dataset by name or alias (case-insensitive), or a generated stand-in ("synthetic-cifar10").</summary>
    public static DatasetInfo Get(string name) => TryGet(name)
        ?? throw new ArgumentException(
            $"Unknown dataset '{name}'. Use one of: {NameList} (or {GeneratedPrefix}<name> for generated images).");

    public static DatasetInfo? TryGet(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var key = name.Trim().ToLowerInvariant();
        if (key.StartsWith(GeneratedPrefix, StringComparison.Ordinal))
        {
            return TryGet(key[GeneratedPrefix.Length..]) is { IsGenerated: false } real ? Generated(real) : null;
        }
        return All.FirstOrDefault(d => d.Name == key || d.Aliases.Contains(key));
    }

    /// <summary>
    /// Generated images in <paramref name="real"/>'s shape, classes, normalisation and augmentation: what the smoke
    /// profile trains on where no real data is available offline. Never comparable to the paper.
    /// </summary>
    public static DatasetInfo Generated(DatasetInfo real) => real with
    {
        Name = GeneratedPrefix + real.Name,
        Aliases = [],
        Folder = "",
        Format = DatasetFormat.Generated,
        TrainFiles = [],
        TestFiles = [],
        Downloads = [],
        Unpack = UnpackKind.None,
        Produces = [],
        LocalSources = [],
        Smoke = null,
        InPaper = false,
        Provenance = $"generated in memory in the shape of {real.Name} (a smooth random pattern per class plus noise); not real data",
    };

    /// <summary>The dataset a profile trains on in place of <paramref name="real"/> (the smoke profile's stand-in).</summary>
    public static (DatasetInfo Dataset, int? TrainLimit, int? TestLimit) SmokeStandInFor(DatasetInfo real) =>
        real.Smoke is { } s ? (Get(s.Dataset), s.TrainLimit, s.TestLimit) : (real, null, null);

    private static DataFile MnistFile(string name, string md5, long size) => new(name, size, md5, null,
    [
        "https://ossci-datasets.s3.amazonaws.com/mnist/" + name,
        "https://storage.googleapis.com/cvdf-datasets/mnist/" + name,
        "http://yann.lecun.com/exdb/mnist/" + name,
    ]);

    private static DataFile FashionFile(string name, string md5, string contentSha256) => new(name, null, md5, null,
    [
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/" + name,
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/" + name,
    ], contentSha256);
}
