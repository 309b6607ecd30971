using System.CommandLine;
using EENet.Repro.Cost;
using EENet.Repro.Models;
using EENet.Repro.Runtime;

namespace EENet.Repro.Cli.Commands;

/// <summary>Options shared by several commands, named as in the official main.py.</summary>
internal static class CommonOptions
{
    public static Option<string> Model(bool required) => new("--model")
    {
        Description = $"Model: {string.Join(", ", ModelFactory.ModelNames)}.",
        Required = required,
        Validators = { r => Check(r, ModelFactory.ModelNames, "--model") },
    };

    public static Option<string?> Dataset() => new("--dataset")
    {
        Description = "Dataset: mnist, fashion-mnist, cifar10, svhn, tiny-imagenet (default: the model's own: mnist for eenet8, cifar10 for 6n+2 ResNets, tiny-imagenet for ResNet-18..152).",
    };

    public static Option<int> NumEe() => new("--num-ee")
    {
        Description = "Number of early exits (EENet-8 always has its two).",
        DefaultValueFactory = _ => 2,
    };

    public static Option<string> Distribution() => new("--distribution")
    {
        Description = "Exit distribution: pareto, fine, linear, golden-ratio (or gold_ratio), quadratic.",
        DefaultValueFactory = _ => "fine",
        Validators = { r => Check(r, [.. ExitPlacement.Names, "gold_ratio", "golden_ratio"], "--distribution") },
    };

    public static Option<string> ExitType() => new("--exit-type")
    {
        Description = "Exit block: plain, pool, bnpool.",
        DefaultValueFactory = _ => "pool",
        Validators = { r => Check(r, ["plain", "pool", "bnpool"], "--exit-type") },
    };

    public static Option<int> Filters() => new("--filters")
    {
        Description = "EENet-8 starting filters (2 or 4 in the paper).",
        DefaultValueFactory = _ => 2,
    };

    public static Option<string> Device() => new("--device")
    {
        Description = "auto (CUDA when available), cpu or cuda.",
        DefaultValueFactory = _ => "auto",
        Validators = { r => Check(r, DeviceSelector.Choices, "--device") },
    };

    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Folder holding the datasets (default: ${Data.DatasetLoader.DataDirVariable} or ./data).",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>An option limited to a few words; the error names the option.</summary>
    public static Option<string> OneOf(string name, string description, string defaultValue, params string[] allowed)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => Check(r, allowed, name));
        return option;
    }

    /// <summary>The dataset a model is meant for when --dataset is not given.</summary>
    public static string DefaultDataset(string model)
    {
        var name = model.ToLowerInvariant();
        if (name == "eenet8") return "mnist";
        var depth = int.Parse(name.AsSpan(name.StartsWith("eenet") ? 5 : 6));
        return ResNetLayout.SixNPlusTwoDepths.Contains(depth) ? "cifar10" : "tiny-imagenet";
    }

    /// <summary>Rejects a value outside <paramref name="allowed"/> with a message that names the option.</summary>
    public static void Check(System.CommandLine.Parsing.OptionResult result, string[] allowed, string name)
    {
        if (result.Tokens.Count == 0) return;
        var value = result.Tokens[0].Value;
        if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            result.AddError($"{name}: '{value}' is not one of: {string.Join(", ", allowed)}.");
        }
    }
}
