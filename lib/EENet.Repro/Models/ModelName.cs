using System.Text.Json;
using System.Text.Json.Serialization;
using EENet.Repro.Options;

namespace EENet.Repro.Models;

/// <summary>What kind of network a model name builds.</summary>
public enum ModelFamily
{
    /// <summary>EENet-8, the official custom network for MNIST with two fixed exits.</summary>
    Eenet8,
    /// <summary>A ResNet with early exits placed by a distribution ("eenet110").</summary>
    EarlyExitResNet,
    /// <summary>The non-EE counterpart ("resnet110").</summary>
    PlainResNet,
}

/// <summary>
/// A model name as the official main.py spells it: "eenet8", "eenet20|32|44|56|110" and "eenet18|34|50|101|152"
/// (ResNets with early exits), "resnet…" (their plain counterparts). Parsed once at the edge.
/// </summary>
[JsonConverter(typeof(ModelNameJsonConverter))]
public readonly record struct ModelName(ModelFamily Family, int Depth)
{
    public static readonly ModelName Eenet8 = new(ModelFamily.Eenet8, 8);

    /// <summary>Every name the kit builds, in the official order.</summary>
    public static readonly IReadOnlyList<ModelName> All =
    [
        Eenet8,
        .. ResNetLayout.SixNPlusTwoDepths.Concat(ResNetLayout.ImageNetDepths).Select(d => new ModelName(ModelFamily.EarlyExitResNet, d)),
        .. ResNetLayout.SixNPlusTwoDepths.Concat(ResNetLayout.ImageNetDepths).Select(d => new ModelName(ModelFamily.PlainResNet, d)),
    ];

    public static string Help => string.Join(", ", All);

    public static bool TryParse(string? text, out ModelName name)
    {
        var key = text?.Trim().ToLowerInvariant();
        name = All.FirstOrDefault(m => m.ToString() == key);
        return name != default;
    }

    public static ModelName Parse(string? text, string option = "--model") =>
        TryParse(text, out var name) ? name : throw new OptionException($"{option}: '{text}' is not one of: {Help}.");

    public bool HasEarlyExits => Family != ModelFamily.PlainResNet;

    /// <summary>The backbone of a ResNet family model (not EENet-8).</summary>
    public ResNetLayout Layout => Family == ModelFamily.Eenet8
        ? throw new InvalidOperationException("EENet-8 is not a ResNet.")
        : ResNetLayout.ForDepth(Depth);

    /// <summary>The dataset the model is meant for: MNIST for EENet-8, CIFAR10 for 6n+2 ResNets, Tiny-ImageNet otherwise.</summary>
    public string DefaultDataset => Family == ModelFamily.Eenet8 ? "mnist" : Layout.SixNPlusTwo ? "cifar10" : "tiny-imagenet";

    /// <summary>The same backbone without early exits (resnet110 for eenet110).</summary>
    public ModelName Plain => Family == ModelFamily.EarlyExitResNet ? this with { Family = ModelFamily.PlainResNet } : this;

    public override string ToString() => Family switch
    {
        ModelFamily.Eenet8 => "eenet8",
        ModelFamily.EarlyExitResNet => $"eenet{Depth}",
        _ => $"resnet{Depth}",
    };
}

/// <summary>Writes a model name as its string ("eenet110") and reads it back.</summary>
public sealed class ModelNameJsonConverter : JsonConverter<ModelName>
{
    public override ModelName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ModelName.TryParse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null, out var name)
            ? name
            : throw new JsonException($"not a model name: use one of {ModelName.Help}.");

    public override void Write(Utf8JsonWriter writer, ModelName value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
