using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace EENet.Repro.Training;

/// <summary>
/// Saves and restores a model's weights in TorchSharp's state-dict format. Reading checks every entry against the
/// model before any byte of it is used (name, type, shape, and that the file really holds that many bytes), so a damaged
/// file is reported, never half-loaded or over-allocated. It also accepts weights written before a module was renamed:
/// an early-exit ResNet's final head was <c>fully_connected</c> before it took the official name <c>classifier.0</c>,
/// and its official final confidence head (unused by the losses v0–v2) did not exist.
/// </summary>
public static class ModelState
{
    private static readonly (string Old, string New)[] Renamed = [("fully_connected.", "classifier.0.")];

    /// <summary>
    /// Writes the weights in TorchSharp's format (what <c>Module.save</c> writes), from NCHW-ordered copies where a weight has
    /// other strides (channels-last training), which <c>Module.save</c> refuses.
    /// </summary>
    public static void Save(nn.Module model, BinaryWriter writer)
    {
        var state = model.state_dict();
        Encode(writer, state.Count);
        foreach (var (key, tensor) in state)
        {
            writer.Write(key);
            using var _ = NewDisposeScope();
            tensor.contiguous().Save(writer);
        }
    }

    /// <summary>
    /// Restores every weight of <paramref name="model"/>; a missing, extra or mis-shaped entry is an error naming <paramref
    /// name="source"/>.
    /// </summary>
    public static void Load(nn.Module model, BinaryReader reader, string source)
    {
        try
        {
            var state = model.state_dict();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var extra = new List<string>();
            var count = Decode(reader);
            if (count is < 0 or > 100_000) throw new InvalidDataException($"a weight count of {count} is not plausible");
            using var _ = no_grad();
            for (long i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var type = (ScalarType)Decode(reader);
                var rank = Decode(reader);
                if (rank is < 0 or > 8) throw new InvalidDataException($"{key} has {rank} dimensions");
                var shape = new long[rank];
                for (var d = 0; d < rank; d++) shape[d] = Decode(reader);
                var size = ElementSize(type, key);
                foreach (var dim in shape) size = dim < 0
                    ? throw new InvalidDataException($"{key} has a negative size") : checked(size * dim);
                var stream = reader.BaseStream;
                if (stream.CanSeek && size > stream.Length - stream.Position)
                    throw new InvalidDataException($"{key} needs {size:N0} bytes but the file ends before");
                var renamed = Renamed.FirstOrDefault(r => key.StartsWith(r.Old, StringComparison.Ordinal) && !state.ContainsKey(key));
                var name = renamed.Old is null ? key : renamed.New + key[renamed.Old.Length..];
                if (!state.TryGetValue(name, out var target))
                {
                    extra.Add(key);
                    reader.ReadBytes(checked((int)size));
                    continue;
                }
                if (target.dtype != type || !target.shape.SequenceEqual(shape))
                {
                    throw new InvalidDataException(
                        $"{key} is {type} {string.Join("×", shape)} in the file but {target.dtype} {string.Join("×", target.shape)} in " +
                        $"the model");
                }
                var bytes = reader.ReadBytes(checked((int)size));
                if (bytes.Length != size) throw new EndOfStreamException($"{key} is cut off");
                using var cpu = empty(shape, type);
                cpu.bytes = bytes;
                target.copy_(cpu);
                seen.Add(name);
            }
            var missing = state.Keys.Where(k => !seen.Contains(k) && !k.StartsWith("confidence.", StringComparison.Ordinal)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new InvalidDataException(
                    (missing.Count > 0 ? $"lacks {List(missing)}" : "") + (missing.Count > 0 && extra.Count > 0 ? "; " : "") +
                    (extra.Count > 0 ? $"has weights this model does not: {List(extra)}" : ""));
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or ArgumentException or FormatException
                                      or OverflowException or ExternalException)
        {
            throw new InvalidDataException($"{source}: the weights are damaged or belong to another model ({e.Message}).", e);
        }
    }

    private static string List(List<string> keys) => string.Join(", ", keys.Take(4)) + (keys.Count > 4 ? ", …" : "");

    private static long ElementSize(ScalarType type, string key) => type switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new InvalidDataException($"{key} has an unknown element type {(int)type}"),
    };

    private static void Encode(BinaryWriter writer, long value)
    {
        var v = (ulong)value;
        while (v >= 0x80)
        {
            writer.Write((byte)(v | 0x80));
            v >>= 7;
        }
        writer.Write((byte)v);
    }

    /// <summary>TorchSharp writes integers as unsigned LEB128.</summary>
    private static long Decode(BinaryReader reader)
    {
        long result = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("a corrupt integer in the weights");
    }
}
