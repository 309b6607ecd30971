namespace EENet.Repro.Models;

/// <summary>The exit block designs of the paper (RQ3).</summary>
public enum ExitType
{
    /// <summary>Flatten the whole feature map into both heads.</summary>
    Plain,
    /// <summary>Global average pool, then both heads (the official default).</summary>
    Pool,
    /// <summary>BatchNorm + ReLU, then global average pool, then both heads.</summary>
    Bnpool,
}

public static class ExitTypes
{
    public static ExitType Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "plain" => ExitType.Plain,
        "pool" => ExitType.Pool,
        "bnpool" => ExitType.Bnpool,
        _ => throw new ArgumentException($"Unknown exit type '{text}'. Use one of: plain, pool, bnpool."),
    };

    public static string Name(this ExitType type) => type.ToString().ToLowerInvariant();
}
