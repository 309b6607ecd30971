using EENet.Repro.Cost;
using EENet.Repro.Data;

namespace EENet.Repro.Models;

/// <summary>Builds models from names like "eenet110" (early exits), "resnet110" (plain counterpart) or "eenet8".</summary>
public static class ModelFactory
{
    public static readonly string[] ModelNames =
    [
        "eenet8",
        "eenet20", "eenet32", "eenet44", "eenet56", "eenet110", "eenet18", "eenet34", "eenet50", "eenet101", "eenet152",
        "resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    ];

    /// <summary>Builds the model on the CPU; move it with <c>.to(device)</c>.</summary>
    public static EarlyExitModel Create(ModelSpec spec)
    {
        var name = spec.Model.Trim().ToLowerInvariant();
        if (!ModelNames.Contains(name))
        {
            throw new ArgumentException($"Unknown model '{spec.Model}'. Use one of: {string.Join(", ", ModelNames)}.");
        }
        var dataset = DatasetInfo.Get(spec.Dataset);
        if (name == "eenet8")
        {
            return new EENet8(dataset.Name, dataset.Shape, dataset.NumClasses, spec.Filters);
        }
        var layout = ResNetLayout.ForDepth(int.Parse(name.AsSpan(name.StartsWith("eenet") ? 5 : 6)));
        if (name.StartsWith("resnet"))
        {
            return new PlainResNet(name, dataset.Name, layout, dataset.Shape, dataset.NumClasses);
        }
        return new EarlyExitResNet(name, dataset.Name, layout, dataset.Shape, dataset.NumClasses,
            spec.NumEarlyExits, ExitPlacement.Parse(spec.Distribution), ExitTypes.Parse(spec.ExitType));
    }
}
