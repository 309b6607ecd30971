using EENet.Repro.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Turns an in-memory split into batches on the training device: gather, scale by 1/255, augment (seeded,
/// decided per sample), normalise with the dataset's constants. Augmentation is the catalog entry's (as the official
/// code: CIFAR10 random crop 32 with padding 4 plus horizontal flip; Tiny-ImageNet horizontal flip; none for MNIST and
/// SVHN), so a generated stand-in is augmented exactly like the dataset it stands in for.
/// Call <see cref="Batch"/> inside the caller's dispose scope so the batch is freed with it.
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private readonly ImageDataset data;
    private readonly Device device;
    private readonly Tensor mean;
    private readonly Tensor std;

    public BatchLoader(ImageDataset data, Device device, bool augment)
    {
        this.data = data;
        this.device = device;
        Augment = augment;
        mean = tensor(data.Info.Mean, device: device).view(1, -1, 1, 1).DetachFromDisposeScope();
        std = tensor(data.Info.Std, device: device).view(1, -1, 1, 1).DetachFromDisposeScope();
    }

    public bool Augment { get; }
    public long Count => data.Count;

    /// <summary>Example order for one epoch: a seeded permutation, or 0..N−1 when not shuffling.</summary>
    public long[] Order(bool shuffle, long seed) =>
        shuffle ? ImageDataset.Permutation(Count, seed) : Enumerable.Range(0, (int)Count).Select(i => (long)i).ToArray();

    /// <summary>Batches of positions; the last partial batch is kept.</summary>
    public static IEnumerable<long[]> Chunk(long[] order, int batchSize) => order.Chunk(batchSize);

    /// <summary>The batch of the given examples: images (float, normalised, on the device) and labels (int64, on the device).</summary>
    public (Tensor Images, Tensor Labels) Batch(long[] indices, Generator? augmentation = null)
    {
        var idx = tensor(indices, dtype: ScalarType.Int64);
        var x = data.Images.index_select(0, idx).to(device).to_type(ScalarType.Float32).div_(255);
        if (Augment && augmentation is not null)
        {
            x = data.Info.Augmentation switch
            {
                Augmentation.CropFlip => Flip(Crop(x, 4, augmentation), augmentation),
                Augmentation.Flip => Flip(x, augmentation),
                _ => x,
            };
        }
        var y = data.Labels.index_select(0, idx).to(device);
        return (x.sub_(mean).div_(std), y);
    }

    /// <summary>Random crop to the original size from the image zero-padded by <paramref name="padding"/>, offset per sample.</summary>
    private Tensor Crop(Tensor x, int padding, Generator generator)
    {
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var padded = nn.functional.pad(x, [padding, padding, padding, padding]);
        // Offsets are drawn on the CPU generator (same numbers on every device), then moved.
        var offsets = randint(0, 2 * padding + 1, [2, b], generator: generator).to(device);
        var rows = (offsets[0].unsqueeze(1) + arange(h, device: device)).view(b, 1, h, 1).expand(b, c, h, w + 2 * padding);
        var cropped = padded.gather(2, rows);
        var cols = (offsets[1].unsqueeze(1) + arange(w, device: device)).view(b, 1, 1, w).expand(b, c, h, w);
        return cropped.gather(3, cols);
    }

    private Tensor Flip(Tensor x, Generator generator)
    {
        var flip = (rand([x.shape[0]], generator: generator) < 0.5).to(device).view(-1, 1, 1, 1);
        return where(flip, x.flip(3), x);
    }

    public void Dispose()
    {
        mean.Dispose();
        std.Dispose();
    }
}
