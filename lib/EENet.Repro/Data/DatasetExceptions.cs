namespace EENet.Repro.Data;

/// <summary>A dataset's files are not where the kit looks. The message says what is missing and how to get it.</summary>
public sealed class DatasetNotFoundException(string message) : FileNotFoundException(message);

/// <summary>A dataset file is truncated, corrupt or not in the expected format. Names the file and the offset or entry.</summary>
public sealed class DatasetFormatException : IOException
{
    public string FilePath { get; }
    public long? Offset { get; }

    public DatasetFormatException(string filePath, long? offset, string problem, Exception? inner = null)
        : base($"{filePath}{(offset is null ? "" : $" (at byte {offset})")}: {problem}", inner)
    {
        FilePath = filePath;
        Offset = offset;
    }
}
