using EENet.Repro.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Generated images in a real dataset's shape, classes, normalisation and augmentation (a catalog entry with format
/// <see cref="DatasetFormat.Generated"/>, e.g. "synthetic-cifar10"), for the smoke profile and tests where no real data
/// is available offline. Each class is a smooth random colour pattern plus per-image noise: learnable, so training
/// does something, but results say nothing about the paper.
/// </summary>
public static class SyntheticData
{
    public const int TrainCount = 4096;
    public const int TestCount = 1024;

    public static (ImageDataset Train, ImageDataset Test) Create(DatasetInfo info, long seed = 20241)
    {
        if (!info.IsGenerated) throw new ArgumentException(
            $"{info.Name} is a real dataset; generated data is {DatasetCatalog.GeneratedPrefix}{info.Name}.");
        using var scope = NewDisposeScope();
        using var generator = new torch.Generator((ulong)seed, CPU);
        var (c, h, w) = (info.Shape[0], info.Shape[1], info.Shape[2]);
        var templates = nn.functional.interpolate(randn([info.NumClasses, c, 4, 4], generator: generator), [h, w],
            mode: InterpolationMode.Bilinear, align_corners: false);
        ImageDataset Make(int n, string split)
        {
            var labels = randint(0, info.NumClasses, [n], generator: generator);
            var noise = randn([n, c, h, w], generator: generator);
            var images = (templates.index_select(0, labels) * 50 + noise * 30 + 128).clamp(0, 255).to_type(ScalarType.Byte);
            return new ImageDataset(info, images, labels, $"{info.Name} {split} (generated, seed {seed}; not real data)");
        }
        return (Make(TrainCount, "train"), Make(TestCount, "test"));
    }
}
