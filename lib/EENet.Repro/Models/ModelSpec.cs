namespace EENet.Repro.Models;

/// <summary>
/// What to build, in the official main.py's terms. Defaults are the official ones: 2 early exits, fine
/// distribution, pool exits; EENet-8 uses 2 filters and always has its two fixed exits.
/// </summary>
public sealed record ModelSpec(
    string Model,
    string Dataset,
    int NumEarlyExits = 2,
    string Distribution = "fine",
    string ExitType = "pool",
    int Filters = 2);
