namespace EENet.Repro.Datasets;

/// <summary>How a dataset is stored on disk: the loader picks its reader from this.</summary>
public enum DatasetFormat
{
    /// <summary>MNIST-format IDX files, gzipped or not.</summary>
    Idx,
    /// <summary>The CIFAR-10 binary version: records of 1 label byte + 3072 pixel bytes.</summary>
    CifarBinary,
    /// <summary>MATLAB v5 files with X (32×32×3×N) and y (N×1), as SVHN ships them.</summary>
    SvhnMat,
    /// <summary>Tiny-ImageNet's JPEG tree (train/&lt;wnid&gt;/images, val/images + val_annotations.txt).</summary>
    TinyImageNetTree,
    /// <summary>Generated in memory in a real dataset's shape (the smoke profile's stand-in, never comparable).</summary>
    Generated,
}

/// <summary>Training-time augmentation, as the official code's transforms do it.</summary>
public enum Augmentation
{
    None,
    /// <summary>Horizontal flip with probability 0.5, per sample.</summary>
    Flip,
    /// <summary>Random crop to the original size from the image zero-padded by 4, then a horizontal flip; per sample.</summary>
    CropFlip,
}

/// <summary>How a downloaded file becomes the files a loader reads.</summary>
public enum UnpackKind
{
    /// <summary>The files are used as downloaded, placed in the dataset folder.</summary>
    None,
    /// <summary>A .tar.gz archive, unpacked into the dataset folder.</summary>
    TarGz,
    /// <summary>A .zip archive, unpacked into the dataset folder.</summary>
    Zip,
}

/// <summary>
/// One file to obtain. Accepted when its size (if known) matches and its SHA-256 or the published MD5 matches; for
/// gzip files, also when the SHA-256 of the decompressed content matches (copies recompressed by a distribution,
/// such as Debian's Fashion-MNIST, hold the same data in different bytes).
/// </summary>
public sealed record DataFile(string Name, long? Size, string? Md5, string? Sha256, string[] Urls, string? ContentSha256 = null);

/// <summary>What the smoke profile trains on instead of a dataset, and how much of it.</summary>
/// <param name="Dataset">The stand-in's catalog name (offline data: Debian's Fashion-MNIST or generated images).</param>
/// <param name="TrainLimit">Training examples used (null: all).</param>
/// <param name="TestLimit">Test examples used (null: all).</param>
public sealed record SmokeStandIn(string Dataset, int? TrainLimit, int? TestLimit);

/// <summary>
/// Everything the kit knows about one dataset: where its files live under the data directory, their format, how to
/// obtain and verify them, the image shape and classes, normalisation and augmentation as the official code prepares
/// the data, and what the smoke profile uses instead. One entry per dataset: readers, batching, the data scripts,
/// experiments and the command line all read it from <see cref="DatasetCatalog"/>.
/// </summary>
public sealed record DatasetInfo
{
    public required string Name { get; init; }
    /// <summary>Other spellings accepted on the command line and in JSON (e.g. tinyimagenet).</summary>
    public string[] Aliases { get; init; } = [];
    /// <summary>Folder under the data directory holding the files the loader reads.</summary>
    public required string Folder { get; init; }
    public required DatasetFormat Format { get; init; }
    /// <summary>C, H, W of one image.</summary>
    public required long[] Shape { get; init; }
    /// <summary>Class names in label order (Tiny-ImageNet's are replaced by its sorted wnids when it loads).</summary>
    public required string[] ClassNames { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Std { get; init; }
    public Augmentation Augmentation { get; init; }
    /// <summary>Files (or, for a JPEG tree, the root folder) of the training split, relative to <see cref="Folder"/>.</summary>
    public string[] TrainFiles { get; init; } = [];
    /// <summary>Files of the test split (Tiny-ImageNet: its val folder, the official code's test set).</summary>
    public string[] TestFiles { get; init; } = [];
    /// <summary>What the data scripts download (or copy from a local source), verify and unpack.</summary>
    public DataFile[] Downloads { get; init; } = [];
    public UnpackKind Unpack { get; init; }
    /// <summary>Paths relative to <see cref="Folder"/> that must exist once the dataset is fetched.</summary>
    public string[] Produces { get; init; } = [];
    /// <summary>Folders holding the files already, searched before downloading (a Debian package's).</summary>
    public string[] LocalSources { get; init; } = [];
    /// <summary>What the smoke profile uses instead (null: the dataset itself).</summary>
    public SmokeStandIn? Smoke { get; init; }
    /// <summary>Whether the paper evaluates on this dataset (Fashion-MNIST is an extra of the kit).</summary>
    public bool InPaper { get; init; } = true;
    /// <summary>Where the normalisation constants, files and checksums come from.</summary>
    public required string Provenance { get; init; }

    public int NumClasses => ClassNames.Length;

    /// <summary>Generated data, never comparable to the paper.</summary>
    public bool IsGenerated => Format == DatasetFormat.Generated;

    public override string ToString() => Name;
}
