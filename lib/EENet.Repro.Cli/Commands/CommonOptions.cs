using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using EENet.Repro.Cost;
using EENet.Repro.Datasets;
using EENet.Repro.Models;
using EENet.Repro.Options;
using EENet.Repro.Runtime;
using EENet.Repro.Training;

namespace EENet.Repro.Cli.Commands;

/// <summary>Options shared by several commands, named as in the official main.py; each parsed once into its type.</summary>
internal static class CommonOptions
{
    public static Option<ModelName> Model(bool required = true) => new("--model")
    {
        Description = $"Model: {ModelName.Help}.",
        Required = required,
        CustomParser = r => Parse(r, t => ModelName.Parse(t)),
    };

    public static Option<string?> Dataset() => new("--dataset")
    {
        Description = $"Dataset: {DatasetCatalog.NameList}, or synthetic-<name> for generated images (default: the model's own: mnist " +
                      $"for " +
                      "eenet8, cifar10 for 6n+2 ResNets, tiny-imagenet for ResNet-18..152).",
        CustomParser = r => r.Tokens.Count == 0 ? null : Parse(r, t => DatasetCatalog.TryGet(t)?.Name
            ?? throw new OptionException(
                $"--dataset: '{t}' is not one of: {DatasetCatalog.NameList} (or {DatasetCatalog.GeneratedPrefix}<name>).")),
    };

    public static Option<int> NumEe() =>
        Int("--num-ee", "Number of early exits (EENet-8 always has its two; plain ResNets none).", 2, 0, TrainingConfig.MaxExits);

    public static Option<Distribution> Distribution() =>
        Choice("--distribution", "Exit distribution", Distributions.Choices, Cost.Distribution.Fine);

    public static Option<ExitType> ExitType() => Choice("--exit-type", "Exit block", ExitTypes.Choices, Models.ExitType.Pool);

    public static Option<string[]?> Exits() => new("--exits")
    {
        Description = "Place the exits by hand, after the given blocks in order, e.g. s1.b2,s2.b1 (instead of --distribution; the " +
                      "model's blocks are listed by describe).",
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return null;
            var parts = r.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length is 0 or > TrainingConfig.MaxExits
                || parts.Any(p => !System.Text.RegularExpressions.Regex.IsMatch(p, @"^s\d+\.b\d+$")))
            {
                r.AddError($"--exits: '{r.Tokens[0].Value}' is not a comma-separated list of block positions like s1.b2,s2.b1.");
                return null;
            }
            return parts;
        },
    };

    public static Option<int> Filters() =>
        Int("--filters", "EENet-8 starting filters (the paper uses 2 or 4).", 2, 1, ModelSpec.MaxFilters);

    public static Option<DeviceChoice> Device() =>
        Choice("--device", "Device (auto: CUDA when available)", DeviceSelector.Choices, DeviceChoice.Auto);

    /// <summary>An option taking one of a few words; a bad one is one line naming the option and the words.</summary>
    public static Option<string> Words(string name, string description, string defaultValue, params string[] words)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            var v = r.Tokens.Count > 0 ? r.Tokens[0].Value : defaultValue;
            if (!words.Contains(v.ToLowerInvariant())) r.AddError($"{name}: '{v}' is not one of: {string.Join(", ", words)}.");
        });
        return option;
    }

    public static Option<int> Threads() =>
        Int("--threads", "CPU threads for tensor ops; 0: the kit's choice per model (up to 2 for EENet-8, all cores for ResNets).",
        0, 0, TrainingConfig.MaxThreads);

    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Folder holding the datasets (default: ${DataDirectory.Variable} or ./data).",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    public static Option<int?> TestLimit(string description) => new("--test-limit")
    {
        Description = $"{description} Range 1..{int.MaxValue:N0}.",
        CustomParser = r => r.Tokens.Count == 0 ? null
            : Parse(r, t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 1
            ? (int?)v : throw new OptionException($"--test-limit must be a whole number of at least 1 (got '{t}').")),
    };

    /// <summary>An enum option: accepted spellings and the default in the help; a bad value is one line naming them.</summary>
    public static Option<T> Choice<T>(string name, string what, Choices<T> choices, T defaultValue) where T : struct, Enum => new(name)
    {
        Description = $"{what}: {choices.Help}. Default: {choices.Name(defaultValue)}.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse(r, t => choices.Parse(t, name)),
    };

    /// <summary>A whole number in [min, max].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} Range {min}..{max:N0}; default {defaultValue}.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse(r, t =>
            int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new OptionException($"{name} must be a whole number in {min}..{max:N0} (got '{t}').")),
    };

    /// <summary>A finite number in [min, max] (NaN and infinities refused).</summary>
    public static Option<double> Number(string name, string description, double defaultValue, double min, double max,
        bool minOpen = false) => new(name)
    {
        Description = $"{description} Range {(minOpen ? "(" : "[")}{min.ToString(CultureInfo.InvariantCulture)}, " +
                      $"{max.ToString(CultureInfo.InvariantCulture)}]; default {defaultValue.ToString(CultureInfo.InvariantCulture)}.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse(r, t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                                          && (minOpen ? v > min : v >= min) && v <= max
            ? v
            : throw new OptionException(
                $"{name} must be a number in {(minOpen ? "(" : "[")}{min.ToString(CultureInfo.InvariantCulture)}, " +
                $"{max.ToString(CultureInfo.InvariantCulture)}] (got '{t}').")),
    };

    /// <summary>The dataset a model is meant for when --dataset is not given.</summary>
    public static string DefaultDataset(ModelName model) => model.DefaultDataset;

    /// <summary>Turns a parse failure into one error on the option (exit code 2, one line).</summary>
    private static T Parse<T>(ArgumentResult result, Func<string, T> parse)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return parse(token);
        }
        catch (ArgumentException e)
        {
            result.AddError(e.Message);
            return default!;
        }
    }
}
