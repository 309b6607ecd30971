using EENet.Repro.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// One split held in memory on the CPU: images as a uint8 tensor N×C×H×W and labels as int64 N. Scaling,
/// normalisation and augmentation happen per batch (<see cref="BatchLoader"/>), on the training device.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public DatasetInfo Info { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    /// <summary>Where the data came from (files or a description), for reports.</summary>
    public string Source { get; }

    public ImageDataset(DatasetInfo info, Tensor images, Tensor labels, string source)
    {
        if (images.dtype != ScalarType.Byte || images.dim() != 4) throw new ArgumentException("Images must be a uint8 N×C×H×W tensor.");
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
            throw new ArgumentException("Labels must be an int64 vector with one label per image.");
        Info = info;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        Source = source;
    }

    public long Count => Images.shape[0];

    /// <summary>The examples at the given positions, in that order.</summary>
    public ImageDataset Select(long[] indices, string? source = null)
    {
        using var scope = NewDisposeScope();
        var idx = tensor(indices, dtype: ScalarType.Int64);
        return new ImageDataset(Info, Images.index_select(0, idx), Labels.index_select(0, idx), source ?? Source);
    }

    /// <summary>
    /// The first <paramref name="limit"/> examples (all when null or larger than the set), as a view that shares this
    /// set's memory: no copy. Disposing the view leaves this set intact.
    /// </summary>
    public ImageDataset Take(int? limit)
    {
        if (limit is < 1) throw new ArgumentException($"A limit on the number of examples must be at least 1 (got {limit}).");
        var n = limit is null ? Count : Math.Min(limit.Value, Count);
        return new ImageDataset(Info, Images.narrow(0, 0, n), Labels.narrow(0, 0, n), n == Count ? Source : $"{Source} (first {n})");
    }

    /// <summary>A seeded split into a training part and a held-out validation part (for model selection).</summary>
    public (ImageDataset Train, ImageDataset Validation) Split(double validationFraction, long seed)
    {
        if (validationFraction is < 0 or >= 1 || double.IsNaN(validationFraction))
            throw new ArgumentException($"--val-fraction must be in [0, 1) (got {validationFraction}).");
        var order = Permutation(Count, seed);
        var validationCount = (int)Math.Round(Count * validationFraction);
        if (validationCount >= Count)
        {
            throw new ArgumentException(
                $"--val-fraction {validationFraction} holds out all {Count:N0} training examples of {Source}, leaving none to train on. " +
                $"Use a smaller fraction.");
        }
        var validation = order.Take(validationCount).OrderBy(i => i).ToArray();
        var train = order.Skip(validationCount).OrderBy(i => i).ToArray();
        return (Select(train, $"{Source} (train part, seed {seed})"), Select(validation, $"{Source} (validation part, seed {seed})"));
    }

    /// <summary>A permutation of 0..n−1 that depends only on the seed (same on every machine and device).</summary>
    public static long[] Permutation(long n, long seed)
    {
        using var generator = new torch.Generator((ulong)seed, CPU);
        using var perm = randperm(n, generator: generator);
        return perm.data<long>().ToArray();
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
