using System.Diagnostics;
using System.Text.Json;

namespace EENet.Repro.Runs;

/// <summary>
/// Marks a run as being trained, so that several processes or machines sharing one results folder never train the same
/// run twice. The lock is a file created atomically (it fails if it exists) holding host, process id and start time;
/// the holder touches it as it trains (a heartbeat). A lock whose holder is gone (same host, process ended) or that has
/// not been touched for <see cref="StaleAfter"/> is stale and can be taken over — by exactly one process: the stale file
/// is renamed away first, and only one rename succeeds.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".lock";

    /// <summary>How long a lock may go without a heartbeat before another process may take the run over.</summary>
    public static TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(30);

    private readonly string path;
    private readonly Stopwatch sinceBeat = Stopwatch.StartNew();
    private bool released;

    private RunLock(string path) => this.path = path;

    /// <summary>Who holds a lock, as its file says.</summary>
    public sealed record Holder(string Host, int Pid, DateTime StartedUtc)
    {
        public override string ToString() => $"{Host}, process {Pid}, since {StartedUtc:u}";
    }

    /// <summary>The lock on <paramref name="folder"/>, or null with the current holder when another live process holds it.</summary>
    public static RunLock? TryAcquire(string folder, out Holder? holder)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, FileName);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                {
                    JsonSerializer.Serialize(stream, new Holder(Environment.MachineName, Environment.ProcessId, DateTime.UtcNow));
                    stream.Flush(flushToDisk: true);
                }
                holder = null;
                return new RunLock(file);
            }
            catch (IOException) when (File.Exists(file))
            {
                holder = Read(file);
                if (!IsStale(file, holder)) return null;
                // Take the stale lock over under a guard file, so that exactly one process removes it: a process that read the
                // stale holder a moment ago must not remove the fresh lock another process has just created.
                var guard = file + ".takeover";
                try
                {
                    new FileStream(guard, FileMode.CreateNew, FileAccess.Write).Dispose();
                }
                catch (IOException)
                {
                    if (File.Exists(guard) && DateTime.UtcNow
                        - File.GetLastWriteTimeUtc(guard) > TimeSpan.FromMinutes(1)) File.Delete(guard);
                    return null;
                }
                try
                {
                    if (File.Exists(file) && IsStale(file, Read(file))) File.Delete(file);
                }
                finally
                {
                    File.Delete(guard);
                }
            }
        }
        holder = Read(file);
        return null;
    }

    /// <summary>Tells other processes the holder is alive (cheap; touches the file at most every 30 s).</summary>
    public void Heartbeat()
    {
        if (released || sinceBeat.Elapsed < HeartbeatEvery) return;
        sinceBeat.Restart();
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        if (released) return;
        released = true;
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private static Holder? Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<Holder>(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null; // being written right now, or damaged: judged by its age alone
        }
    }

    private static bool IsStale(string file, Holder? holder)
    {
        if (holder is not null && holder.Host == Environment.MachineName && !Alive(holder.Pid)) return true;
        try
        {
            return DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > StaleAfter;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool Alive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
