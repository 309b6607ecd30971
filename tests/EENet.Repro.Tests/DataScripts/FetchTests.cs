using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using EENet.Repro.Data;
using EENet.Repro.DataScripts;
using EENet.Repro.Datasets;
using Xunit;

namespace EENet.Repro.Tests;

public class FetchTests
{
    private static DataFile File_(string name, byte[] content, params string[] urls) =>
        new(name, content.Length, null, Convert.ToHexStringLower(SHA256.HashData(content)), urls);

    private static DatasetInfo Plain(DataFile file) => DatasetCatalog.Svhn with
    {
        Name = "toy", Folder = "toy", Downloads = [file], Unpack = UnpackKind.None, Produces = [file.Name], LocalSources = [],
            Provenance = "test fixture",
    };

    private static byte[] Payload(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Downloads_verify_and_place_the_file_then_a_rerun_is_a_no_op()
    {
        var content = Payload(300_000, 1);
        using var server = new LocalHttpServer(c => LocalHttpServer.Serve(c, content));
        var dataDir = TestData.TempDir();
        using var http = Downloader.CreateClient();
        var entry = Plain(File_("blob.bin", content, server.BaseUrl + "/blob.bin"));
        var report = await new DatasetFetcher(dataDir, http).FetchAsync(entry);
        Assert.False(report.AlreadyPresent);
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(dataDir, "toy", "blob.bin")));
        var again = await new DatasetFetcher(dataDir, http).FetchAsync(entry);
        Assert.True(again.AlreadyPresent);
        Assert.Single(server.Requests);
        Assert.Empty(new DatasetFetcher(dataDir, http).Verify(entry));
    }

    [Fact]
    public async Task A_failing_mirror_fails_over_to_the_next()
    {
        var content = Payload(50_000, 2);
        using var server = new LocalHttpServer(c =>
        {
            if (c.Request.Url!.AbsolutePath.StartsWith("/broken")) { LocalHttpServer.Status(c, 503); return Task.CompletedTask; }
            return LocalHttpServer.Serve(c, content);
        });
        var dataDir = TestData.TempDir();
        using var http = Downloader.CreateClient();
        var entry = Plain(File_("blob.bin", content, server.BaseUrl + "/good/blob.bin"));
        // --mirror is tried first; it is broken, so the manifest's URL serves the file.
        var report = await new DatasetFetcher(dataDir, http) { Mirrors = [server.BaseUrl + "/broken"] }.FetchAsync(entry);
        Assert.Equal(new[] { "/broken/blob.bin", "/good/blob.bin" }, server.Requests);
        Assert.Contains(report.Actions, a => a.Contains("/good/blob.bin (verified)"));
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(dataDir, "toy", "blob.bin")));
    }

    [Fact]
    public async Task A_checksum_mismatch_leaves_nothing_a_loader_could_take()
    {
        var content = Payload(40_000, 3);
        var tampered = (byte[])content.Clone();
        tampered[1234] ^= 0xFF;
        using var server = new LocalHttpServer(c => LocalHttpServer.Serve(c, tampered));
        var dataDir = TestData.TempDir();
        using var http = Downloader.CreateClient();
        var entry = Plain(File_("blob.bin", content, server.BaseUrl + "/a/blob.bin", server.BaseUrl + "/b/blob.bin"));
        var e = await Assert.ThrowsAsync<FetchException>(() => new DatasetFetcher(dataDir, http).FetchAsync(entry));
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Contains("/a/blob.bin", e.Message);
        Assert.Contains("/b/blob.bin", e.Message);
        Assert.Contains("--mirror", e.Message);
        Assert.False(File.Exists(Path.Combine(dataDir, "toy", "blob.bin")));
        Assert.Empty(Directory.GetFiles(Path.Combine(dataDir, "downloads")));
        Assert.False(File.Exists(Path.Combine(dataDir, "toy", DatasetFetcher.StampFile)));
    }

    [Fact]
    public async Task An_interrupted_transfer_resumes_where_it_stopped()
    {
        var content = Payload(400_000, 4);
        var attempts = 0;
        using var server = new LocalHttpServer(c => Interlocked.Increment(ref attempts) == 1
            ? LocalHttpServer.Serve(c, content, cutAfter: 150_000)
            : LocalHttpServer.Serve(c, content));
        var dataDir = TestData.TempDir();
        using var http = Downloader.CreateClient();
        var entry = Plain(File_("blob.bin", content, server.BaseUrl + "/blob.bin"));
        var first = await Assert.ThrowsAsync<FetchException>(() => new DatasetFetcher(dataDir, http).FetchAsync(entry));
        Assert.Contains("resumes", first.Message);
        var part = Path.Combine(dataDir, "downloads", "blob.bin.part");
        var kept = new FileInfo(part).Length;
        Assert.InRange(kept, 1, content.Length - 1);
        Assert.False(File.Exists(Path.Combine(dataDir, "toy", "blob.bin")));

        await new DatasetFetcher(dataDir, http).FetchAsync(entry);
        Assert.Equal($"/blob.bin bytes={kept}-", server.Requests[^1]);
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(dataDir, "toy", "blob.bin")));
        Assert.False(File.Exists(part));
    }

    [Fact]
    public async Task Archives_are_unpacked_into_place_and_read_by_the_loader()
    {
        // A CIFAR-10 binary tree packed the way the real archive is (cifar-10-batches-bin/… inside a .tar.gz).
        var (tree, _, labels) = TestData.Cifar10Tree(4, 3, 7);
        var archive = Path.Combine(TestData.TempDir(), "cifar-10-binary.tar.gz");
        using (var gz = new GZipStream(File.Create(archive), CompressionLevel.Fastest))
        {
            TarFile.CreateFromDirectory(Path.Combine(tree, "cifar10", "cifar-10-batches-bin"), gz, includeBaseDirectory: true);
        }
        var bytes = File.ReadAllBytes(archive);
        var entry = DatasetCatalog.Cifar10 with
        {
            Downloads = [DatasetCatalog.Cifar10.Downloads[0] with { Size = bytes.Length, Md5 = null, Sha256 =
                Convert.ToHexStringLower(SHA256.HashData(bytes)) }],
        };
        var dataDir = TestData.TempDir();
        using var http = Downloader.CreateClient();
        var report = await new DatasetFetcher(dataDir, http) { FromDir = Path.GetDirectoryName(archive) }.FetchAsync(entry);
        Assert.Contains(report.Actions, a => a.Contains("unpacked"));
        var (train, test) = DatasetLoader.Load(DatasetCatalog.Cifar10, dataDir);
        Assert.Equal(20, train.Count);
        Assert.Equal(labels[5].Select(l => (long)l).ToArray(), test.Labels.data<long>().ToArray());
        Assert.Empty(Directory.GetDirectories(Path.Combine(dataDir, "cifar10"), ".unpack-*"));
    }

    [Fact]
    public async Task Zip_entries_that_escape_the_folder_are_refused()
    {
        var archive = Path.Combine(TestData.TempDir(), "tiny-imagenet-200.zip");
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(zip.CreateEntry("../../evil.txt").Open());
            w.Write("x");
        }
        var bytes = File.ReadAllBytes(archive);
        var entry = DatasetCatalog.TinyImageNet with
        {
            Downloads = [DatasetCatalog.TinyImageNet.Downloads[0] with { Size = bytes.Length, Md5 = null, Sha256 =
                Convert.ToHexStringLower(SHA256.HashData(bytes)) }],
        };
        var dataDir = TestData.TempDir();
        using var http = Downloader.CreateClient();
        var e = await Assert.ThrowsAsync<FetchException>(() =>
            new DatasetFetcher(dataDir, http) { FromDir = Path.GetDirectoryName(archive) }.FetchAsync(entry));
        Assert.Contains("outside the dataset folder", e.Message);
        Assert.False(File.Exists(Path.Combine(dataDir, "evil.txt")));
    }

    [Fact]
    public async Task Offline_mode_never_uses_the_network_and_says_what_is_missing()
    {
        var content = Payload(1000, 5);
        using var server = new LocalHttpServer(c => LocalHttpServer.Serve(c, content));
        var from = TestData.TempDir();
        using var http = Downloader.CreateClient();
        var e = await Assert.ThrowsAsync<FetchException>(() =>
            new DatasetFetcher(TestData.TempDir(), http) { FromDir = from }.FetchAsync(
                Plain(File_("blob.bin", content, server.BaseUrl + "/blob.bin"))));
        Assert.Contains("--from", e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Fashion_mnist_fetches_offline_from_debian_and_the_cli_trains_on_it()
    {
        _ = TestData.FashionMnistDir;
        var dataDir = TestData.TempDir();
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(DataScriptsCli.Run(["fetch", "fashion-mnist", "--data-dir", dataDir], output, error) == 0, error.ToString());
        Assert.Contains("copied from /usr/share/datasets/fashion-mnist (verified)", output.ToString());
        Assert.Equal(0, DataScriptsCli.Run(["fetch", "fashion-mnist", "fashion-mnist", "--data-dir", dataDir], output =
            new StringWriter(), error));
        Assert.Contains("already present and verified", output.ToString());

        // A damaged file is caught by verify and replaced by the next fetch --force (the bad copy is kept aside).
        var images = Path.Combine(dataDir, "fashion-mnist", "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..100]);
        Assert.Equal(1, DataScriptsCli.Run(["verify", "fashion-mnist", "--data-dir", dataDir], new StringWriter(),
            error = new StringWriter()));
        Assert.Contains("checksum mismatch", error.ToString());
        Assert.Equal(0, DataScriptsCli.Run(["fetch", "fashion-mnist", "--data-dir", dataDir, "--force"],
            new StringWriter(), new StringWriter()));
        Assert.Single(Directory.GetFiles(Path.Combine(dataDir, "fashion-mnist"), "*.bad-*"));
        Assert.Equal(0, DataScriptsCli.Run(["verify", "fashion-mnist", "--data-dir", dataDir], new StringWriter(), new StringWriter()));

        var run = Path.Combine(TestData.TempDir(), "run");
        var trainOut = new StringWriter();
        var trainErr = new StringWriter();
        var code = Cli.Cli.Run(["train", "--model", "eenet8", "--dataset", "fashion-mnist", "--data-dir", dataDir, "--epochs", "1",
            "--train-limit", "600", "--test-limit", "200", "--threads", "1", "--out", run], trainOut, trainErr);
        Assert.True(code == 0, trainErr.ToString());
        Assert.Contains(Path.Combine(dataDir, "fashion-mnist"), File.ReadAllText(Path.Combine(run, "result.json")).Replace("\\\\", "\\"));
    }

    [Theory]
    [InlineData(new[] { "fetch", "mnsit" }, "mnsit")]
    [InlineData(new[] { "fetch", "mnist", "--from", "/nonexistent/dir" }, "--from")]
    [InlineData(new[] { "fetch", "mnist", "--mirror", "ftp://x" }, "--mirror")]
    [InlineData(new[] { "fetch" }, "dataset")]
    [InlineData(new[] { "fetch", "fashion-mnist", "cifar11" }, "cifar11")]
    [InlineData(new[] { "verify", "mnist", "synthetic-cifar10" }, "generated")]
    public void Bad_data_script_options_are_named(string[] args, string expected)
    {
        var error = new StringWriter();
        Assert.NotEqual(0, DataScriptsCli.Run(args, new StringWriter(), error));
        Assert.Contains(expected, error.ToString());
    }
}
