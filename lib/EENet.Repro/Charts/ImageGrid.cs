using System.Text;
using EENet.Repro.Data;
using SkiaSharp;

namespace EENet.Repro.Charts;

/// <summary>An HTML grid of test images, one row per exit: which inputs left where (RQ1).</summary>
public static class ImageGrid
{
    public static string Html(ImageDataset data, IReadOnlyList<int[]> indicesPerExit, IReadOnlyList<string> rowNames, int scale = 2)
    {
        var html = new StringBuilder("<table style=\"border-collapse:collapse\">");
        for (var row = 0; row < indicesPerExit.Count; row++)
        {
            html.Append("<tr><td style=\"padding:4px;font-family:sans-serif;white-space:nowrap\">")
                .Append(System.Net.WebUtility.HtmlEncode(rowNames[row])).Append("</td>");
            if (indicesPerExit[row].Length == 0) html.Append("<td style=\"color:gray\">(no example left here)</td>");
            foreach (var index in indicesPerExit[row])
            {
                var label = data.Info.ClassNames[(int)data.Labels[index].item<long>()];
                html.Append($"<td style=\"padding:2px;text-align:center;font-size:x-small\"><img " +
                    $"src=\"data:image/png;base64,{Png(data, index, scale)}\" title=\"#{index}: " +
                    $"{System.Net.WebUtility.HtmlEncode(label)}\"/><br/>{System.Net.WebUtility.HtmlEncode(label)}</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    /// <summary>One image as a base64 PNG, nearest-neighbour upscaled.</summary>
    public static string Png(ImageDataset data, int index, int scale)
    {
        var (c, h, w) = ((int)data.Images.shape[1], (int)data.Images.shape[2], (int)data.Images.shape[3]);
        var pixels = data.Images[index].contiguous().data<byte>().ToArray();
        using var bitmap = new SKBitmap(w * scale, h * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < h * scale; y++)
        for (var x = 0; x < w * scale; x++)
        {
            var p = (y / scale) * w + x / scale;
            var r = pixels[p];
            var g = c == 3 ? pixels[h * w + p] : r;
            var b = c == 3 ? pixels[2 * h * w + p] : r;
            bitmap.SetPixel(x, y, new SKColor(r, g, b));
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return Convert.ToBase64String(encoded.ToArray());
    }
}
