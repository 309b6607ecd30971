using EENet.Repro.Datasets;

namespace EENet.Repro.Models;

/// <summary>Builds models from a <see cref="ModelSpec"/>: "eenet110" (early exits), "resnet110" (plain counterpart) or "eenet8".</summary>
public static class ModelFactory
{
    /// <summary>Builds the model on the CPU; move it with <c>.to(device)</c>.</summary>
    public static EarlyExitModel Create(ModelSpec spec)
    {
        spec.Validate();
        var dataset = DatasetCatalog.Get(spec.Dataset);
        return spec.Model.Family switch
        {
            ModelFamily.Eenet8 => new EENet8(dataset.Name, dataset.Shape, dataset.NumClasses, spec.Filters),
            ModelFamily.PlainResNet => new PlainResNet(spec.Model, dataset.Name, spec.Model.Layout, dataset.Shape, dataset.NumClasses),
            _ => new EarlyExitResNet(spec.Model, dataset.Name, spec.Model.Layout, dataset.Shape, dataset.NumClasses,
                spec.NumEarlyExits, spec.Distribution, spec.ExitType, spec.ExitPositions),
        };
    }
}
