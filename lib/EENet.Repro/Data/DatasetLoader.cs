using EENet.Repro.Datasets;

namespace EENet.Repro.Data;

/// <summary>A dataset's training or test split (Tiny-ImageNet's val folder is its test split, as in the official code).</summary>
public enum Split { Train, Test }

/// <summary>
/// Loads a dataset's splits from the files its catalog entry names under the data directory (see
/// <see cref="DataDirectory"/>), with the reader for its format. A missing, partial or empty dataset is an error that
/// names the folder or file and the command that fetches it.
/// </summary>
public static class DatasetLoader
{
    public static (ImageDataset Train, ImageDataset Test) Load(DatasetInfo info, string? dataDir = null)
    {
        if (info.IsGenerated) return SyntheticData.Create(info);
        var test = Load(info, Split.Test, dataDir); // the smaller split first: missing or bad files show up fast
        try
        {
            return (Load(info, Split.Train, dataDir), test);
        }
        catch
        {
            test.Dispose();
            throw;
        }
    }

    /// <summary>One split only: evaluation needs no training images (for Tiny-ImageNet, 100,000 JPEGs not decoded).</summary>
    public static ImageDataset Load(DatasetInfo info, Split split, string? dataDir = null)
    {
        if (info.IsGenerated)
        {
            var (train, test) = SyntheticData.Create(info);
            (split == Split.Train ? test : train).Dispose();
            return split == Split.Train ? train : test;
        }
        var folder = Path.Combine(DataDirectory.Resolve(dataDir), info.Folder);
        var data = info.Format switch
        {
            DatasetFormat.Idx => LoadIdx(info, folder, split),
            DatasetFormat.CifarBinary => LoadCifar10(info, folder, split),
            DatasetFormat.SvhnMat => LoadSvhn(info, folder, split),
            DatasetFormat.TinyImageNetTree => LoadTinyImageNet(info, folder, split),
            _ => throw new ArgumentException($"No reader for the format of dataset '{info.Name}' ({info.Format})."),
        };
        var shape = data.Images.shape[1..];
        if (!shape.SequenceEqual(info.Shape))
        {
            data.Dispose();
            throw new DatasetFormatException(folder, null,
                $"images are {string.Join("×", shape)}, but {info.Name} images are {string.Join("×", info.Shape)}.");
        }
        return data;
    }

    /// <summary>
    /// IDX files in the dataset's folder, else (when that folder holds none of them) in a local source such as Debian's
    /// Fashion-MNIST. A folder holding some of the files but not all is refused rather than silently replaced.
    /// </summary>
    private static ImageDataset LoadIdx(DatasetInfo info, string folder, Split split)
    {
        var needed = info.TrainFiles.Concat(info.TestFiles).ToArray();
        var present = needed.Where(f => FindIdx(folder, f) is not null).ToList();
        string source;
        if (present.Count == needed.Length)
        {
            source = folder;
        }
        else if (present.Count > 0)
        {
            throw new DatasetNotFoundException(
                $"{info.Name} is incomplete in {Path.GetFullPath(folder)}: it has {string.Join(", ", present)} but lacks " +
                $"{string.Join(", ", needed.Except(present).Select(m => m + "[.gz]"))}. Complete it with: " +
                $"{DataDirectory.FetchCommand(info.Name)} --force" +
                (info.LocalSources.Length > 0
                    ? $", or delete the folder to use the copy in {string.Join(" or ", info.LocalSources)}." : "."));
        }
        else if (info.LocalSources.FirstOrDefault(dir => needed.All(f => FindIdx(dir, f) is not null)) is { } local)
        {
            source = local;
        }
        else
        {
            var hint = info.LocalSources.Length > 0
                ? $"Install Debian's package dataset-{info.Name} (it fills {info.LocalSources[0]}), or fetch it with: " +
                    $"{DataDirectory.FetchCommand(info.Name)}."
                : $"Fetch them with: {DataDirectory.FetchCommand(info.Name)} (or copy the four IDX files, gzipped or not, into " +
                    $"{Path.GetFullPath(folder)}).";
            throw new DatasetNotFoundException(
                $"{info.Name} not found: {Path.GetFullPath(folder)} lacks {string.Join(", ", needed.Select(m => m + "[.gz]"))}. {hint} " +
                $"{DataDirectory.ElsewhereHint}");
        }
        var files = split == Split.Train ? info.TrainFiles : info.TestFiles;
        var imagesPath = FindIdx(source, files[0])!;
        var labelsPath = FindIdx(source, files[1])!;
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath, info.NumClasses);
        CheckCounts(images, labels, imagesPath, labelsPath);
        return new ImageDataset(info, images, labels,
            $"{info.Name} {Name(split)} ({source}{(source == folder ? "" : ", the system copy")})");
    }

    private static ImageDataset LoadCifar10(DatasetInfo info, string folder, Split split)
    {
        var files = (split == Split.Train ? info.TrainFiles : info.TestFiles).Select(f => Path.Combine(folder, f)).ToList();
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw new DatasetNotFoundException(
                $"{info.Name} not found: {missing} is missing. Fetch it with: {DataDirectory.FetchCommand(info.Name)} (or unpack " +
                $"cifar-10-binary.tar.gz, the binary version, into {Path.GetFullPath(folder)}). {DataDirectory.ElsewhereHint}");
        }
        var (images, labels) = Cifar10Reader.Read(files);
        return new ImageDataset(info, images, labels, $"{info.Name} {Name(split)} ({Path.GetDirectoryName(files[0])})");
    }

    private static ImageDataset LoadSvhn(DatasetInfo info, string folder, Split split)
    {
        var file = Path.Combine(folder, (split == Split.Train ? info.TrainFiles : info.TestFiles)[0]);
        if (!File.Exists(file))
        {
            throw new DatasetNotFoundException(
                $"{info.Name} not found: {file} is missing. Fetch it with: {DataDirectory.FetchCommand(info.Name)}. " +
                $"{DataDirectory.ElsewhereHint}");
        }
        var (images, labels) = SvhnReader.Read(file);
        return new ImageDataset(info, images, labels, $"{info.Name} {Name(split)} ({file})");
    }

    private static ImageDataset LoadTinyImageNet(DatasetInfo info, string folder, Split split)
    {
        var root = Path.Combine(folder, (split == Split.Train ? info.TrainFiles : info.TestFiles)[0]);
        if (!File.Exists(Path.Combine(root, "wnids.txt")))
        {
            throw new DatasetNotFoundException(
                $"{info.Name} not found: {Path.Combine(Path.GetFullPath(root), "wnids.txt")} is missing. " +
                $"Fetch it with: {DataDirectory.FetchCommand(info.Name)}. {DataDirectory.ElsewhereHint}");
        }
        var wnids = TinyImageNetReader.ReadWnids(root, info.NumClasses);
        var (images, labels) = split == Split.Train ? TinyImageNetReader.ReadTrain(root, wnids)
            : TinyImageNetReader.ReadValidation(root, wnids);
        return new ImageDataset(info with { ClassNames = wnids }, images, labels,
            split == Split.Train ? $"{info.Name} train ({root})" : $"{info.Name} val, used as test ({root})");
    }

    private static void CheckCounts(TorchSharp.torch.Tensor images, TorchSharp.torch.Tensor labels, string imagesPath, string labelsPath)
    {
        if (images.shape[0] == labels.shape[0]) return;
        var (n, m) = (images.shape[0], labels.shape[0]);
        images.Dispose();
        labels.Dispose();
        throw new DatasetFormatException(labelsPath, null,
            $"holds {m:N0} labels but {imagesPath} holds {n:N0} images: the two files do not belong together. Fetch the dataset again.");
    }

    private static string Name(Split split) => split == Split.Train ? "train" : "test";

    private static string? FindIdx(string dir, string name) =>
        new[] { Path.Combine(dir, name), Path.Combine(dir, name + ".gz") }.FirstOrDefault(File.Exists);
}
