using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Generated images in a real dataset's shape and class count, for the smoke profile and tests where no real data is
/// available offline (CIFAR-10, SVHN, Tiny-ImageNet). Each class is a smooth random colour pattern plus per-image
/// noise: learnable, so training does something, but results say nothing about the paper.
/// Names: "synthetic-cifar10", "synthetic-svhn", "synthetic-tiny-imagenet".
/// </summary>
public static class SyntheticData
{
    public const string Prefix = "synthetic-";
    public const int TrainCount = 4096;
    public const int TestCount = 1024;

    public static (ImageDataset Train, ImageDataset Test) Create(DatasetInfo info, long seed = 20241)
    {
        using var scope = NewDisposeScope();
        var generator = new torch.Generator((ulong)seed, CPU);
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
