namespace EENet.Repro.Cli.Commands;

/// <summary>Plain fixed-width tables for the console; long cells are cut at 60 characters.</summary>
internal static class Table
{
    public static void Write(TextWriter w, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => Math.Min(60, all.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        foreach (var (row, index) in all.Select((r, i) => (r, i)))
        {
            w.WriteLine(string.Join("  ",
                row.Select((cell, i) => (cell.Length > widths[i] ? cell[..(widths[i] - 1)] + "…" : cell).PadRight(widths[i]))).TrimEnd());
            if (index == 0) w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
        }
    }
}
