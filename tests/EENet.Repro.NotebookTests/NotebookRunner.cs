using System.Diagnostics;
using System.Text.Json;

namespace EENet.Repro.NotebookTests;

/// <summary>What a headless notebook run produced: exit code, the executed notebook, and its errors per cell.</summary>
public sealed record NotebookRun(string Notebook, int ExitCode, string Log, JsonElement Executed, List<string> Errors, string ResultsDir)
{
    /// <summary>All text/html and text/plain outputs of the executed notebook, joined.</summary>
    public string AllOutputText => string.Join("\n", Executed.GetProperty("cells").EnumerateArray()
        .SelectMany(c => c.TryGetProperty("outputs", out var o) ? o.EnumerateArray() : Enumerable.Empty<JsonElement>())
        .SelectMany(o => o.TryGetProperty("data", out var d) ? d.EnumerateObject().Select(p => Text(p.Value))
            : o.TryGetProperty("text", out var t) ? [Text(t)] : Enumerable.Empty<string>()));

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? string.Concat(e.EnumerateArray().Select(x => x.GetString())) : e.ToString();
}

/// <summary>
/// Runs a notebook of the kit the way a user's kernel does: dotnet-repl (pinned in .config/dotnet-tools.json) starts
/// the dotnet-interactive kernel, runs every cell and writes the executed notebook. The smoke profile, a temporary
/// results folder and a temporary data folder come in through environment variables, as a user would set them.
/// </summary>
public static class NotebookRunner
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EENet.Repro.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"EENet.Repro.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// One results folder for every notebook of a test run: a configuration two notebooks share (and the Jupyter run of
    /// RQ1) trains once, as it does for a user, and the cached path is exercised.
    /// </summary>
    public static string SharedResults { get; } =
        Path.Combine(Path.GetTempPath(), "eenet-notebooks", Guid.NewGuid().ToString("N"), "results");

    public static NotebookRun RunWithRepl(string notebook, TimeSpan timeout)
    {
        var temp = Path.Combine(Path.GetTempPath(), "eenet-notebooks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        var output = Path.Combine(temp, "executed.ipynb");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepoRoot, "notebooks"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "tool", "run", "dotnet-repl", "--run", notebook, "--exit-after-run", "--output-path",
            output }) start.ArgumentList.Add(a);
        var results = SharedResults;
        start.Environment["EENET_PROFILE"] = "smoke";
        start.Environment["EENET_RESULTS_DIR"] = results;
        start.Environment["EENET_DATA_DIR"] = Path.Combine(temp, "data");
        var (code, log) = Run(start, timeout, notebook);
        if (!File.Exists(output))
        {
            throw new InvalidOperationException(
                $"{notebook}: dotnet-repl wrote no executed notebook (exit code {code}). Is the tool restored ('dotnet tool restore' in " +
                $"the repository)? Log:\n{Tail(log)}");
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var executed = doc.RootElement.Clone();
        return new NotebookRun(notebook, code, log, executed, Errors(notebook, executed), results);
    }

    /// <summary>
    /// Compiler warnings or errors a student would see as a red box under a cell (e.g. CS1701 from an assembly the kernel
    /// resolves differently): one line per output that shows one.
    /// </summary>
    public static List<string> CompilerDiagnostics(string notebook, JsonElement executed)
    {
        var found = new List<string>();
        var index = 0;
        foreach (var cell in executed.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var o in outputs.EnumerateArray())
            {
                var text = o.TryGetProperty("text", out var t) ? Text(t)
                    : o.TryGetProperty("data", out var d) ? string.Join("\n", d.EnumerateObject().Select(p => Text(p.Value))) : "";
                var match = System.Text.RegularExpressions.Regex.Match(text, @"(warning|error) CS\d{4}[^\n]{0,120}");
                if (match.Success) found.Add($"{notebook}, cell {index}: {match.Value}");
            }
        }
        return found;
    }

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? string.Concat(e.EnumerateArray().Select(x => x.GetString())) : e.ToString();

    /// <summary>One line per failing cell: notebook, cell number (1-based), the cell's first line, the error.</summary>
    public static List<string> Errors(string notebook, JsonElement executed)
    {
        var errors = new List<string>();
        var index = 0;
        foreach (var cell in executed.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var o in outputs.EnumerateArray())
            {
                if (o.GetProperty("output_type").GetString() != "error") continue;
                var source = cell.GetProperty("source");
                var firstLine = source.ValueKind == JsonValueKind.Array
                    ? source.EnumerateArray().FirstOrDefault().GetString() : source.GetString();
                var message = o.TryGetProperty("evalue", out var e) ? e.GetString() : o.ToString();
                errors.Add($"{notebook}, cell {index} ({firstLine?.Trim()}): {message?.Split('\n')[0]}");
            }
        }
        return errors;
    }

    public static (int Code, string Log) Run(ProcessStartInfo start, TimeSpan timeout, string what)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish within {timeout.TotalMinutes:F0} minutes.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static string Tail(string log, int lines = 40) => string.Join("\n", log.Split('\n').TakeLast(lines));
}
