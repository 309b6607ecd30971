using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using EENet.Repro.Datasets;

namespace EENet.Repro.DataScripts;

/// <summary>What fetching a dataset did.</summary>
public sealed record FetchReport(string Dataset, string Folder, bool AlreadyPresent, IReadOnlyList<string> Actions);

/// <summary>Fetching failed for every source of a file. The message lists what each source answered.</summary>
public sealed class FetchException(string message) : Exception(message);

/// <summary>
/// Obtains, verifies and unpacks datasets into the layout the kit's loaders read (data/&lt;dataset&gt;/…).
/// Sources per file, in order: the --from folder, the entry's local folders (Debian's Fashion-MNIST), a verified
/// earlier download, then the mirrors (--mirror first). Files are verified before they are moved where a loader
/// looks, and archives are unpacked into a temporary folder that is renamed into place, so a loader never sees a
/// partial or corrupt dataset. A finished dataset gets a stamp; fetching it again is a no-op.
/// </summary>
public sealed class DatasetFetcher(string dataDir, HttpClient http, Action<string>? log = null,
    IProgress<DownloadProgress>? progress = null)
{
    public const string StampFile = ".eenet-verified.json";

    /// <summary>Base URLs tried before the manifest's mirrors (file name appended).</summary>
    public IReadOnlyList<string> Mirrors { get; init; } = [];

    /// <summary>A folder holding already-downloaded files, used instead of the network (offline use).</summary>
    public string? FromDir { get; init; }

    public bool Force { get; init; }

    /// <summary>Whether the entry's local folders (e.g. /usr/share/datasets/fashion-mnist) may be used.</summary>
    public bool UseLocalSources { get; init; } = true;

    public string DownloadsDir => Path.Combine(dataDir, "downloads");

    public async Task<FetchReport> FetchAsync(DatasetInfo entry, CancellationToken cancel = default)
    {
        var folder = Path.Combine(dataDir, entry.Folder);
        var actions = new List<string>();
        if (!Force && IsStamped(entry, folder))
        {
            return new FetchReport(entry.Name, folder, true, [$"{entry.Name}: already present and verified in {folder}"]);
        }
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(DownloadsDir);
        var verified = new List<(DataFile File, string Path)>();
        foreach (var file in entry.Downloads)
        {
            // Files used as they are go straight to the loader's folder; archives stay in downloads/.
            var destination = entry.Unpack == UnpackKind.None ? Path.Combine(folder, file.Name) : Path.Combine(DownloadsDir, file.Name);
            verified.Add((file, await ObtainAsync(entry, file, destination, actions, cancel)));
        }
        if (entry.Unpack != UnpackKind.None)
        {
            foreach (var (file, path) in verified) Unpack(entry, path, folder, actions);
        }
        var missing = entry.Produces.Where(p => !Path.Exists(Path.Combine(folder, p))).ToList();
        if (missing.Count > 0)
            throw new FetchException(
                $"{entry.Name}: after unpacking, {string.Join(", ", missing)} is missing from {folder}; the archive does not have the " +
                $"expected layout.");
        WriteStamp(entry, folder);
        actions.Add($"{entry.Name}: ready in {folder}");
        return new FetchReport(entry.Name, folder, false, actions);
    }

    /// <summary>Re-checks every file of a fetched dataset against its checksum. Returns the problems (empty when all is well).</summary>
    public List<string> Verify(DatasetInfo entry)
    {
        var folder = Path.Combine(dataDir, entry.Folder);
        var problems = new List<string>();
        foreach (var file in entry.Downloads)
        {
            var path = entry.Unpack == UnpackKind.None ? Path.Combine(folder, file.Name) : Path.Combine(DownloadsDir, file.Name);
            if (!File.Exists(path))
            {
                if (entry.Unpack == UnpackKind.None) problems.Add($"{path} is missing");
                continue; // an archive may have been deleted after unpacking; the produced files are checked below
            }
            if (FileChecksum.Mismatch(path, file) is { } why) problems.Add($"{path}: {why}");
        }
        problems.AddRange(entry.Produces.Where(p => !Path.Exists(Path.Combine(folder, p))).Select(p =>
            $"{Path.Combine(folder, p)} is missing"));
        return problems;
    }

    private async Task<string> ObtainAsync(DatasetInfo entry, DataFile file, string destination, List<string> actions,
        CancellationToken cancel)
    {
        if (File.Exists(destination))
        {
            if (FileChecksum.Mismatch(destination, file) is null)
            {
                actions.Add($"{file.Name}: verified copy already in place");
                return destination;
            }
            // A wrong file where the loader looks: move it aside rather than trust or silently lose it.
            var aside = destination + ".bad-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            File.Move(destination, aside);
            actions.Add($"{file.Name}: existing file failed verification; moved to {aside}");
        }

        var failures = new List<string>();
        var localFolders = (FromDir is null ? [] : new[] { FromDir }).Concat(UseLocalSources ? entry.LocalSources : []);
        foreach (var dir in localFolders)
        {
            var candidate = Path.Combine(dir, file.Name);
            if (!File.Exists(candidate))
            {
                failures.Add($"{candidate}: not there");
                continue;
            }
            if (FileChecksum.Mismatch(candidate, file) is { } why)
            {
                failures.Add($"{candidate}: {why}");
                continue;
            }
            var part = destination + ".part";
            File.Copy(candidate, part, overwrite: true);
            File.Move(part, destination, overwrite: true);
            actions.Add($"{file.Name}: copied from {dir} (verified)");
            return destination;
        }

        if (FromDir is not null)
        {
            // Offline mode: never reach for the network.
            throw new FetchException($"{entry.Name}: {file.Name} could not be taken from --from {FromDir}: {string.Join("; ", failures)}.");
        }

        var urls = Mirrors.Select(m => m.TrimEnd('/') + "/" + file.Name).Concat(file.Urls).ToList();
        var partPath = Path.Combine(DownloadsDir, file.Name + ".part");
        var downloader = new Downloader(http, progress);
        foreach (var url in urls)
        {
            try
            {
                log?.Invoke($"{file.Name}: downloading {url}");
                await downloader.DownloadAsync(url, partPath, file.Size, cancel);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                failures.Add($"{url}: {e.Message}");
                continue;
            }
            if (FileChecksum.Mismatch(partPath, file) is { } why)
            {
                File.Delete(partPath); // wrong bytes are never resumed from nor kept
                failures.Add($"{url}: {why}");
                continue;
            }
            File.Move(partPath, destination, overwrite: true);
            actions.Add($"{file.Name}: downloaded from {url} (verified)");
            return destination;
        }
        throw new FetchException(
            $"{entry.Name}: could not get {file.Name}. Tried:\n  - {string.Join("\n  - ", failures)}\n" +
            "Give a working mirror with --mirror URL (a folder that holds the file), or download it yourself and use --from DIR." +
            (File.Exists(partPath) ? $" The partial download {partPath} is kept; running again resumes it." : ""));
    }

    private void Unpack(DatasetInfo entry, string archive, string folder, List<string> actions)
    {
        var temp = Path.Combine(folder, $".unpack-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            if (entry.Unpack == UnpackKind.TarGz)
            {
                using var gz = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
                using var tar = new TarReader(gz);
                while (tar.GetNextEntry() is { } item)
                {
                    var target = SafePath(temp, item.Name, archive);
                    if (item.EntryType is TarEntryType.Directory) Directory.CreateDirectory(target);
                    else if (item.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        item.ExtractToFile(target, overwrite: true);
                    }
                    // links and devices are skipped: a dataset archive has no use for them
                }
            }
            else
            {
                using var zip = ZipFile.OpenRead(archive);
                foreach (var item in zip.Entries)
                {
                    var target = SafePath(temp, item.FullName, archive);
                    if (item.FullName.EndsWith('/')) Directory.CreateDirectory(target);
                    else
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        item.ExtractToFile(target, overwrite: true);
                    }
                }
            }
            foreach (var top in Directory.EnumerateFileSystemEntries(temp))
            {
                var final = Path.Combine(folder, Path.GetFileName(top));
                if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
                else if (File.Exists(final)) File.Delete(final);
                Directory.Move(top, final);
            }
            actions.Add($"{Path.GetFileName(archive)}: unpacked into {folder}");
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new FetchException($"{entry.Name}: could not unpack {archive}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    private static string SafePath(string root, string name, string archive)
    {
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidDataException($"entry '{name}' of {archive} points outside the dataset folder; refusing to unpack it");
        return full;
    }

    private static bool IsStamped(DatasetInfo entry, string folder)
    {
        var stamp = Path.Combine(folder, StampFile);
        if (!File.Exists(stamp)) return false;
        try
        {
            var recorded = JsonSerializer.Deserialize<string[]>(File.ReadAllText(stamp));
            return recorded is not null && recorded.SequenceEqual(Fingerprint(entry))
                && entry.Produces.All(p => Path.Exists(Path.Combine(folder, p)));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteStamp(DatasetInfo entry, string folder)
    {
        var stamp = Path.Combine(folder, StampFile);
        File.WriteAllText(stamp + ".tmp", JsonSerializer.Serialize(Fingerprint(entry)));
        File.Move(stamp + ".tmp", stamp, overwrite: true);
    }

    private static string[] Fingerprint(DatasetInfo entry) =>
        entry.Downloads.Select(f => $"{f.Name}:{f.Sha256 ?? f.Md5 ?? f.ContentSha256}").ToArray();
}
