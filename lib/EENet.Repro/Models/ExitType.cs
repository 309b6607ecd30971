using EENet.Repro.Options;

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
    public static readonly Choices<ExitType> Choices = new(
        (ExitType.Plain, "plain", []),
        (ExitType.Pool, "pool", []),
        (ExitType.Bnpool, "bnpool", []));

    public static ExitType Parse(string text, string option = "--exit-type") => Choices.Parse(text, option);

    public static string Name(this ExitType type) => Choices.Name(type);
}
