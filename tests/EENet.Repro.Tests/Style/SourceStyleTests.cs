using Xunit;

namespace EENet.Repro.Tests;

/// <summary>Repository-wide rules a reviewer would otherwise check by hand.</summary>
public class SourceStyleTests
{
    public const int MaxLineLength = 140;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EENet.Repro.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"EENet.Repro.sln not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void No_source_line_is_longer_than_140_characters()
    {
        var root = RepositoryRoot();
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git"))
            .ToList();
        Assert.True(sources.Count > 100, $"only {sources.Count} sources found under {root}");
        var tooLong = sources
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, line.Length)))
            .Where(l => l.Length > MaxLineLength)
            .Select(l => $"{l.File}:{l.Line} ({l.Length} characters)")
            .ToList();
        Assert.True(tooLong.Count == 0, "lines over 140 characters:\n" + string.Join("\n", tooLong));
    }
}
