namespace EENet.Repro.DataScripts;

/// <summary>
/// One file to obtain. Accepted when its size (if known) matches and its SHA-256 or the published MD5 matches; for
/// gzip files, also when the SHA-256 of the decompressed content matches (copies recompressed by a distribution,
/// such as Debian's Fashion-MNIST, hold the same data in different bytes).
/// </summary>
public sealed record RemoteFile(string Name, long? Size, string? Md5, string? Sha256, string[] Urls, string? ContentSha256 = null);

public enum UnpackKind
{
    /// <summary>The files are used as downloaded, placed in the dataset folder.</summary>
    None,
    /// <summary>A .tar.gz archive, unpacked into the dataset folder.</summary>
    TarGz,
    /// <summary>A .zip archive, unpacked into the dataset folder.</summary>
    Zip,
}

/// <param name="Folder">Folder under the data directory that the kit's loaders read.</param>
/// <param name="Produces">Paths (relative to the folder) that must exist after fetching: what the loader needs.</param>
/// <param name="LocalSources">Folders searched for the files before downloading (e.g. a Debian package's).</param>
public sealed record DatasetEntry(string Name, string Folder, RemoteFile[] Files, UnpackKind Unpack, string[] Produces,
    string[] LocalSources, string Provenance);

/// <summary>
/// The datasets of the paper (and Fashion-MNIST), with mirrors tried in order and checksums. Provenance of every
/// checksum is given per entry; none is computed by the kit from a download it made, except the content hashes of
/// Debian's recompressed Fashion-MNIST (stated as such).
/// </summary>
public static class DatasetManifest
{
    public static readonly DatasetEntry Mnist = new(
        "mnist", "mnist",
        [
            Idx("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422),
            Idx("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881),
            Idx("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877),
            Idx("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542),
        ],
        UnpackKind.None,
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
        [],
        "MD5s as published with the files and used by torchvision's MNIST; the original host answers 403 today, so the " +
        "mirrors torchvision and TensorFlow Datasets use come first.");

    private static RemoteFile Idx(string name, string md5, long size) => new(name, size, md5, null,
    [
        "https://ossci-datasets.s3.amazonaws.com/mnist/" + name,
        "https://storage.googleapis.com/cvdf-datasets/mnist/" + name,
        "http://yann.lecun.com/exdb/mnist/" + name,
    ]);

    public static readonly DatasetEntry FashionMnist = new(
        "fashion-mnist", "fashion-mnist",
        [
            Fashion("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            Fashion("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            Fashion("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            Fashion("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        ],
        UnpackKind.None,
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
        ["/usr/share/datasets/fashion-mnist"],
        "MD5s of the .gz files as published by Zalando Research (and used by torchvision's FashionMNIST). Debian's " +
        "dataset-fashion-mnist (0.0~git20200523.55506a9-1) recompresses the same IDX data, so its .gz files are " +
        "checked by the SHA-256 of their decompressed content, computed from that package.");

    private static RemoteFile Fashion(string name, string md5, string contentSha256) => new(name, null, md5, null,
    [
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/" + name,
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/" + name,
    ], contentSha256);

    public static readonly DatasetEntry Cifar10 = new(
        "cifar10", "cifar10",
        [
            new RemoteFile("cifar-10-binary.tar.gz", 170_052_171, "c32a1d4ab5d03f1284b67883e8d87530",
                "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
                ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"]),
        ],
        UnpackKind.TarGz,
        ["cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/data_batch_5.bin", "cifar-10-batches-bin/test_batch.bin"],
        [],
        "Size and MD5 as published on the CIFAR-10 page (binary version); SHA-256 as recorded by independent mirrors of that file.");

    public static readonly DatasetEntry Svhn = new(
        "svhn", "svhn",
        [
            new RemoteFile("train_32x32.mat", 182_040_794, "e26dedcc434d2e4c54c9b2d4a06d8373", null, ["http://ufldl.stanford.edu/housenumbers/train_32x32.mat"]),
            new RemoteFile("test_32x32.mat", 64_275_384, "eb5a983be6a315427106f1b164d9cef3", null, ["http://ufldl.stanford.edu/housenumbers/test_32x32.mat"]),
        ],
        UnpackKind.None,
        ["train_32x32.mat", "test_32x32.mat"],
        [],
        "MD5s as used by torchvision's SVHN (format 2, cropped digits; 'extra' is not used by the paper).");

    public static readonly DatasetEntry TinyImageNet = new(
        "tiny-imagenet", "tiny-imagenet",
        [
            new RemoteFile("tiny-imagenet-200.zip", 248_100_043, "90528d7ca1a48142e341f4ef8d21d0de", null,
                ["http://cs231n.stanford.edu/tiny-imagenet-200.zip"]),
        ],
        UnpackKind.Zip,
        ["tiny-imagenet-200/wnids.txt", "tiny-imagenet-200/val/val_annotations.txt"],
        [],
        "Size and MD5 of the Stanford CS231n archive as used by common TinyImageNet loaders.");

    public static readonly IReadOnlyList<DatasetEntry> All = [Mnist, FashionMnist, Cifar10, Svhn, TinyImageNet];

    public static DatasetEntry Get(string name) =>
        All.FirstOrDefault(d => d.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown dataset '{name}'. Use one of: {string.Join(", ", All.Select(d => d.Name))}, all.");
}
