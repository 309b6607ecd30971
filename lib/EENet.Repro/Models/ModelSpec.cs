using EENet.Repro.Cost;
using EENet.Repro.Options;

namespace EENet.Repro.Models;

/// <summary>
/// What to build, in the official main.py's terms. Defaults are the official ones: 2 early exits, fine
/// distribution, pool exits; EENet-8 uses 2 filters and always has its two fixed pool exits.
/// <see cref="ExitPositions"/> (e.g. "s1.b2", "s2.b1") places a ResNet's exits by hand instead of by a distribution (a
/// design of one's own, as the classroom exercises do); the exits then number as many as the positions.
/// </summary>
public sealed record ModelSpec(
    ModelName Model,
    string Dataset,
    int NumEarlyExits = 2,
    Distribution Distribution = Distribution.Fine,
    ExitType ExitType = ExitType.Pool,
    int Filters = 2,
    IReadOnlyList<string>? ExitPositions = null)
{
    /// <summary>Most starting filters EENet-8 is built with (the paper uses 2 or 4; more would only exhaust memory).</summary>
    public const int MaxFilters = 64;

    /// <summary>
    /// Refuses options the model would ignore: EENet-8 has two fixed pool exits (custom_eenet.py forces them) and a
    /// plain ResNet has none, so a non-default --num-ee, --distribution or --exit-type for them is an error, not a
    /// silent no-op; --filters only applies to EENet-8.
    /// </summary>
    public void Validate()
    {
        var ignored = new List<string>();
        if (Model.Family != ModelFamily.EarlyExitResNet)
        {
            var exits = Model.Family == ModelFamily.Eenet8 ? 2 : 0;
            if (NumEarlyExits != 2 && NumEarlyExits != exits) ignored.Add($"--num-ee {NumEarlyExits}");
            if (Distribution != Distribution.Fine) ignored.Add($"--distribution {Distribution.Name()}");
            if (ExitType != ExitType.Pool) ignored.Add($"--exit-type {ExitType.Name()}");
        }
        if (Model.Family != ModelFamily.Eenet8 && Filters != 2) ignored.Add($"--filters {Filters}");
        if (ExitPositions is { Count: > 0 } positions)
        {
            if (Model.Family != ModelFamily.EarlyExitResNet) ignored.Add($"--exits {string.Join(',', positions)}");
            else if (Distribution != Distribution.Fine)
                throw new OptionException($"--exits places the exits itself: leave out --distribution {Distribution.Name()}.");
            else if (NumEarlyExits != 2 && NumEarlyExits != positions.Count)
                throw new OptionException(
                    $"--exits names {positions.Count} positions but --num-ee is {NumEarlyExits}: leave --num-ee out.");
        }
        if (ignored.Count == 0) return;
        var what = Model.Family switch
        {
            ModelFamily.Eenet8 => "eenet8 has two fixed pool exits after its first and second blocks (as the official custom_eenet.py); " +
                                  "only --filters changes it",
            ModelFamily.PlainResNet => $"{Model} is the plain counterpart, without early exits; --filters is for eenet8",
            _ => $"--filters applies to eenet8 only",
        };
        throw new OptionException($"{string.Join(", ", ignored)}: {what}. Leave the option out.");
    }
}
