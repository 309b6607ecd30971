using System.Text.Json;
using System.Text.Json.Serialization;

namespace EENet.Repro.Options;

/// <summary>A bad value for a named option (command line, notebook settings or JSON): the message names both.</summary>
public sealed class OptionException(string message) : ArgumentException(message);

/// <summary>
/// The spellings of an enum option: one canonical name per value (what help texts list and JSON writes) and the
/// aliases also accepted (e.g. gold_ratio, the official code's name for golden-ratio). Parsed once at the edge.
/// </summary>
public sealed class Choices<T> where T : struct, Enum
{
    private readonly (T Value, string Name, string[] Aliases)[] entries;

    public Choices(params (T Value, string Name, string[] Aliases)[] entries)
    {
        this.entries = entries;
        var missing = Enum.GetValues<T>().Where(v => !entries.Any(e => e.Value.Equals(v))).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"{typeof(T).Name}: no spelling for {string.Join(", ", missing)}.");
    }

    /// <summary>Canonical names in declaration order.</summary>
    public IReadOnlyList<string> Names => entries.Select(e => e.Name).ToArray();

    /// <summary>Every accepted spelling: canonical names and aliases.</summary>
    public IReadOnlyList<string> Spellings => entries.SelectMany(e => e.Aliases.Prepend(e.Name)).ToArray();

    /// <summary>"a, b, c" (plus the aliases in brackets), for help texts and errors.</summary>
    public string Help
    {
        get
        {
            var aliases = entries.Where(e => e.Aliases.Length > 0).Select(e => $"{string.Join(" or ", e.Aliases)} for {e.Name}").ToList();
            return string.Join(", ", Names) + (aliases.Count > 0 ? $" ({string.Join("; ", aliases)})" : "");
        }
    }

    public string Name(T value) => entries.First(e => e.Value.Equals(value)).Name;

    public bool TryParse(string? text, out T value)
    {
        var key = text?.Trim().ToLowerInvariant();
        foreach (var e in entries)
        {
            if (e.Name == key || e.Aliases.Contains(key))
            {
                value = e.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The value, or an error naming <paramref name="option"/> and the accepted values.</summary>
    public T Parse(string? text, string option) =>
        TryParse(text, out var value) ? value : throw new OptionException($"{option}: '{text}' is not one of: {Help}.");

    public JsonConverter<T> Json => new Converter(this);

    private sealed class Converter(Choices<T> choices) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return choices.TryParse(text, out var value) ? value
                : throw new JsonException($"'{text}' is not a {typeof(T).Name}: use one of {choices.Help}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(choices.Name(value));
    }
}
