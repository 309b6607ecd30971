using System.Text;

namespace EENet.Repro.Runs;

/// <summary>
/// Writes a file so that a reader sees either the old content or the new, never a half-written file: the bytes go to a
/// temporary file in the same folder, are flushed to disk, and the temporary file is renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> atomically. <paramref name="tempDir"/>: where the temporary file goes when the target's
    /// folder is watched by a tool that reads every file it sees (same file system as the target); default the target's folder.
    /// </summary>
    public static void Write(string path, Action<BinaryWriter> write, string? tempDir = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(tempDir ?? dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream))
            {
                write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteText(string path, string text) => Write(path, w => w.Write(new UTF8Encoding(false).GetBytes(text)));
}
