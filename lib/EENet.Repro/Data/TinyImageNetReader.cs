using System.Collections.Concurrent;
using SkiaSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Reads Tiny-ImageNet in place (no files moved): train/&lt;wnid&gt;/images/*.JPEG and val/images with
/// val/val_annotations.txt (the validation set is the kit's test set, as in the official code). The class index is
/// the position of the wnid in sorted order. JPEGs are decoded with SkiaSharp; greyscale ones become RGB.
/// </summary>
public static class TinyImageNetReader
{
    public const int Size = 64;

    /// <summary>More images than the real training split (100,000) by half: a tree beyond this is not Tiny-ImageNet.</summary>
    public const int MaxImages = 150_000;

    /// <summary>A JPEG of 64×64 pixels is a few kilobytes; a file above this is not one.</summary>
    public const long MaxJpegBytes = 1 << 20;

    /// <summary>The class ids in sorted order (the class index of each), checked to be <paramref name="expected"/> safe names.</summary>
    public static string[] ReadWnids(string root, int expected)
    {
        var path = Path.Combine(root, "wnids.txt");
        if (!File.Exists(path)) throw new DatasetNotFoundException($"Tiny-ImageNet class list not found: {path}");
        var wnids = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (wnids.Length == 0) throw new DatasetFormatException(path, null, "no class ids: the file is empty. Fetch tiny-imagenet again.");
        if (wnids.Distinct().Count() != wnids.Length) throw new DatasetFormatException(path, null, "duplicate class ids.");
        if (wnids.FirstOrDefault(w => !SafeName(w)) is { } bad)
            throw new DatasetFormatException(path, null, $"class id '{bad}' is not a plain folder name.");
        if (wnids.Length != expected)
            throw new DatasetFormatException(path, null,
                $"{wnids.Length} class ids, but Tiny-ImageNet has {expected}. Fetch tiny-imagenet again.");
        return wnids.Order(StringComparer.Ordinal).ToArray();
    }

    public static (Tensor Images, Tensor Labels) ReadTrain(string root, string[] sortedWnids)
    {
        var files = new List<(string Path, long Label)>();
        for (var c = 0; c < sortedWnids.Length; c++)
        {
            var dir = Path.Combine(root, "train", sortedWnids[c], "images");
            if (!Directory.Exists(dir)) throw new DatasetFormatException(dir, null,
                $"training images of class {sortedWnids[c]} are missing. Fetch tiny-imagenet again.");
            var images = Directory.GetFiles(dir, "*.JPEG").Order(StringComparer.Ordinal).ToList();
            if (images.Count == 0) throw new DatasetFormatException(dir, null,
                $"the folder of class {sortedWnids[c]} holds no .JPEG image. Fetch tiny-imagenet again.");
            files.AddRange(images.Select(f => (f, (long)c)));
            if (files.Count > MaxImages)
                throw new DatasetFormatException(Path.Combine(root, "train"), null,
                    $"more than {MaxImages:N0} training images: not the Tiny-ImageNet tree.");
        }
        return Decode(files);
    }

    public static (Tensor Images, Tensor Labels) ReadValidation(string root, string[] sortedWnids)
    {
        var annotations = Path.Combine(root, "val", "val_annotations.txt");
        if (!File.Exists(annotations)) throw new DatasetNotFoundException($"Tiny-ImageNet validation labels not found: {annotations}");
        var index = sortedWnids.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => (long)p.i, StringComparer.Ordinal);
        var files = new List<(string, long)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(annotations))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var parts = line.Split('\t');
            if (parts.Length < 2) throw new DatasetFormatException(annotations, null, $"line {lineNumber} has no class id: '{line}'.");
            if (!SafeName(parts[0])) throw new DatasetFormatException(annotations, null,
                $"line {lineNumber} names the image '{parts[0]}', not a plain file name.");
            if (!index.TryGetValue(parts[1], out var label))
                throw new DatasetFormatException(annotations, null,
                    $"line {lineNumber} names class '{parts[1]}', which is not in wnids.txt.");
            files.Add((Path.Combine(root, "val", "images", parts[0]), label));
            if (files.Count > MaxImages) throw new DatasetFormatException(annotations, null,
                $"more than {MaxImages:N0} validation images: not Tiny-ImageNet.");
        }
        if (files.Count == 0) throw new DatasetFormatException(annotations, null,
            "lists no image: an empty test split. Fetch tiny-imagenet again.");
        return Decode(files);
    }

    private static bool SafeName(string name) =>
        name.Length is > 0 and < 256 && name != "." && name != ".."
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static (Tensor Images, Tensor Labels) Decode(List<(string Path, long Label)> files)
    {
        const int perImage = 3 * Size * Size;
        var pixels = new byte[(long)files.Count * perImage];
        var errors = new ConcurrentQueue<Exception>();
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, state) =>
        {
            try
            {
                DecodeInto(files[i].Path, pixels.AsSpan(i * perImage, perImage));
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
                state.Stop();
            }
        });
        if (!errors.IsEmpty) throw errors.First();
        var labels = files.Select(f => f.Label).ToArray();
        return (tensor(pixels, [files.Count, 3, Size, Size], ScalarType.Byte), tensor(labels, ScalarType.Int64));
    }

    /// <summary>Decodes one JPEG into planar RGB (3×64×64).</summary>
    public static void DecodeInto(string path, Span<byte> planar)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw new DatasetNotFoundException($"Tiny-ImageNet image not found: {path}");
        if (file.Length > MaxJpegBytes) throw new DatasetFormatException(path, null,
            $"{file.Length:N0} bytes: far too large for a 64×64 JPEG.");
        using var codec = SKCodec.Create(path)
            ?? throw new DatasetFormatException(path, null, "not a decodable image (corrupt or not a JPEG).");
        var info = codec.Info;
        if (info.Width != Size || info.Height != Size)
            throw new DatasetFormatException(path, null, $"image is {info.Width}×{info.Height}, Tiny-ImageNet images are {Size}×{Size}.");
        var rgba = new byte[Size * Size * 4];
        var target = new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        unsafe
        {
            fixed (byte* p = rgba)
            {
                var result = codec.GetPixels(target, (IntPtr)p);
                // IncompleteInput is a truncated file: an error, not a half-grey image.
                if (result != SKCodecResult.Success)
                    throw new DatasetFormatException(path, null, $"JPEG could not be decoded ({result}): truncated or corrupt.");
            }
        }
        const int plane = Size * Size;
        for (var i = 0; i < plane; i++)
        {
            planar[i] = rgba[4 * i];
            planar[plane + i] = rgba[4 * i + 1];
            planar[2 * plane + i] = rgba[4 * i + 2];
        }
    }
}
