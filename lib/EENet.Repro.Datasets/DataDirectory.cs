namespace EENet.Repro.Datasets;

/// <summary>
/// Where datasets live: the --data-dir option, else $EENET_DATA_DIR, else ./data (notebooks: the kit's data/). The
/// same rule for the command line, the data scripts, the library and the notebooks.
/// </summary>
public static class DataDirectory
{
    public const string Variable = "EENET_DATA_DIR";

    public static string Resolve(string? option = null, string fallback = "data") =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnv ? fromEnv
        : fallback;

    /// <summary>The data-scripts command that downloads, verifies and unpacks a dataset.</summary>
    public static string FetchCommand(string dataset) => $"dotnet run --project data-scripts -- fetch {dataset}";

    /// <summary>The sentence every "not found" error ends with.</summary>
    public static string ElsewhereHint => $"Set --data-dir or {Variable} if your data lives elsewhere.";
}
