using static TorchSharp.torch;

namespace EENet.Repro.Data;

/// <summary>
/// Reads SVHN's cropped-digit files (train_32x32.mat, test_32x32.mat): X is 32×32×3×N uint8 in column-major order
/// (MATLAB), y is N×1 with labels 1..10 where 10 means the digit 0.
/// </summary>
public static class SvhnReader
{
    public static (Tensor Images, Tensor Labels) Read(string path)
    {
        var vars = MatFile.Read(path, "X", "y");
        var x = vars["X"];
        var y = vars["y"];
        if (x.Dimensions.Length != 4 || x.Dimensions[0] != 32 || x.Dimensions[1] != 32 || x.Dimensions[2] != 3)
            throw new DatasetFormatException(path, null, $"X is {string.Join("×", x.Dimensions)}, expected 32×32×3×N.");
        var n = x.Dimensions[3];
        if (n == 0) throw new DatasetFormatException(path, null, "X holds no image: an empty split. Fetch svhn again.");
        if (y.Count != n)
            throw new DatasetFormatException(path, null,
                $"y has {y.Count:N0} labels for {n:N0} images in X: the file is corrupt. Fetch svhn again.");
        var pixels = x.AsBytes(path);
        var rawLabels = y.AsDoubles();
        var labels = new long[n];
        for (var i = 0; i < n; i++)
        {
            var v = rawLabels[i];
            if (v is < 1 or > 10 || v != Math.Floor(v))
                throw new DatasetFormatException(path, null,
                    $"label {v} of entry {i} is out of range 1..10. The file is corrupt; fetch svhn again.");
            labels[i] = v == 10 ? 0 : (long)v;
        }
        // Column-major X(r, c, ch, n) sits at r + 32c + 1024ch + 3072n: as a row-major array that is [n][ch][c][r].
        using var raw = tensor(pixels, [n, 3, 32, 32], ScalarType.Byte);
        var images = raw.permute(0, 1, 3, 2).contiguous();
        return (images, tensor(labels, ScalarType.Int64));
    }
}
