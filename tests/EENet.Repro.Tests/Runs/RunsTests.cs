using EENet.Repro.Experiments;
using EENet.Repro.Models;
using EENet.Repro.Runs;
using EENet.Repro.Runtime;
using EENet.Repro.Training;
using Xunit;

namespace EENet.Repro.Tests;

public class RunsTests
{
    private static TrainingConfig Tiny(string model = "eenet20") => new()
    {
        Model = ModelName.Parse(model), Dataset = "synthetic-cifar10", Epochs = 1, TrainLimit = 128, TestLimit = 64,
            BatchSize = 64, Threads = 1,
    };

    [Fact]
    public void Run_ids_ignore_seed_device_and_threads_but_not_what_decides_the_numbers()
    {
        var a = Tiny();
        Assert.Equal(ResultsCache.RunId(a),
            ResultsCache.RunId(a with { Seed = 7, Device = DeviceChoice.Cpu, Threads = 2, EvalBatchSize = 32 }));
        Assert.NotEqual(ResultsCache.RunId(a), ResultsCache.RunId(a with { Epochs = 2 }));
        Assert.NotEqual(ResultsCache.RunId(a), ResultsCache.RunId(a with { Selection = EpochSelection.Accuracy }));
        Assert.StartsWith("eenet20-synthetic-cifar10-2ee-fine-pool-", ResultsCache.RunId(a));
    }

    [Fact]
    public void A_run_used_by_two_research_questions_trains_once()
    {
        var cache = new ResultsCache(TestData.TempDir());
        var runner = new ExperimentRunner(cache, TestData.TempDir());
        var spec = new RunSpec("tiny", "g", Tiny());
        var (first, counts) = runner.Run("rqA", [spec], [1]);
        Assert.Equal(new RunCounts(1, 0, 1), counts);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(first[0].Folder, RunDirectory.ResultFile));
        var (again, againCounts) =
            new ExperimentRunner(cache, TestData.TempDir()).Run("rqB", [spec with { Label = "same, other label" }], [1]);
        Assert.Equal(new RunCounts(1, 1, 0), againCounts);
        Assert.Equal(first[0].Folder, again[0].Folder);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(again[0].Folder, RunDirectory.ResultFile)));
        Assert.Equal(first[0].Trace.At(0.5).Exits, again[0].Trace.At(0.5).Exits);
        Assert.NotNull(first[0].Result.Environment);
        Assert.Equal(1, first[0].Result.Environment!.Threads);
        Assert.Equal(ExpectedCommit(), first[0].Result.Environment!.Commit.Replace("+dirty", ""));
        var (other, _) = runner.Run("rqA", [spec with { Config = spec.Config with { Epochs = 2 } }], [1]);
        Assert.NotEqual(first[0].Folder, other[0].Folder);
    }

    [Fact]
    public void A_shard_that_helps_others_trains_their_unstarted_runs_too()
    {
        var spec = new RunSpec("tiny", "g", Tiny("eenet8") with { Dataset = "fashion-mnist", TrainLimit = 256, TestLimit = 128 });
        var alone = new ExperimentRunner(new ResultsCache(TestData.TempDir()), TestData.TempDir()) { Shard = new Shard(1, 2) };
        Assert.Equal(new RunCounts(2, 0, 1), alone.Run("rq", [spec], [1, 2]).Counts); // seed 2 is shard 2's
        var cache = new ResultsCache(TestData.TempDir());
        var helper = new ExperimentRunner(cache, TestData.TempDir()) { Shard = new Shard(1, 2), HelpOthers = true };
        var (runs, counts) = helper.Run("rq", [spec], [1, 2]);
        Assert.Equal(new RunCounts(2, 0, 2), counts);
        Assert.Equal([1L, 2L], runs.Select(r => r.Seed).Order());
        // The owner of seed 2 then finds nothing left to train.
        var owner = new ExperimentRunner(cache, TestData.TempDir()) { Shard = new Shard(2, 2) };
        Assert.Equal(new RunCounts(2, 2, 0), owner.Run("rq", [spec], [1, 2]).Counts);
    }

    /// <summary>The commit of the checkout the tests run in (the library is built from it), or "unknown" outside git.</summary>
    private static string ExpectedCommit()
    {
        var root = Path.GetDirectoryName(typeof(RunDirectory).Assembly.Location)!;
        var git = new System.Diagnostics.ProcessStartInfo("git", ["-C", root, "rev-parse", "--short=12", "HEAD"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        try
        {
            using var p = System.Diagnostics.Process.Start(git)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no git on this machine
        }
    }

    [Fact]
    public void Locks_are_exclusive_and_a_dead_holders_lock_is_taken_over_once()
    {
        var folder = TestData.TempDir();
        using (var mine = RunLock.TryAcquire(folder, out _))
        {
            Assert.NotNull(mine);
            Assert.Null(RunLock.TryAcquire(folder, out var holder)); // held by this (live) process
            Assert.Equal(Environment.ProcessId, holder!.Pid);
        }
        // A lock left by a process that no longer exists on this host is stale: exactly one of several takers wins.
        File.WriteAllText(Path.Combine(folder, RunLock.FileName),
            $"{{\"Host\":\"{Environment.MachineName}\",\"Pid\":2147483000,\"StartedUtc\":\"2026-01-01T00:00:00Z\"}}");
        var taken = Enumerable.Range(0, 8).AsParallel().Select(_ => RunLock.TryAcquire(folder, out RunLock.Holder? _)).ToList();
        Assert.Single(taken, l => l is not null);
        foreach (var l in taken) l?.Dispose();
        Assert.False(File.Exists(Path.Combine(folder, RunLock.FileName)));
    }

    [Fact]
    public void Exported_results_import_into_another_cache_and_evaluate_without_retraining()
    {
        var source = new ResultsCache(TestData.TempDir());
        var (runs, _) = new ExperimentRunner(source, TestData.TempDir()).Run("rq", [new RunSpec("tiny", "g", Tiny())], [1, 2]);
        var archive = Path.Combine(TestData.TempDir(), "results.zip");
        Assert.Equal(2, source.Export(archive, runs.Select(r => new RunDirectory(r.Folder))));
        var target = new ResultsCache(TestData.TempDir());
        Assert.Equal((2, 0), target.Import(archive));
        Assert.Equal((0, 2), target.Import(archive)); // already there: kept
        var (imported, counts) = new ExperimentRunner(target, TestData.TempDir()).Run("rq", [new RunSpec("tiny", "g", Tiny())], [1, 2]);
        Assert.Equal(0, counts.Trained);
        Assert.Equal(runs[0].Trace.At(0.5).Exits, imported[0].Trace.At(0.5).Exits);
        Assert.False(File.Exists(Path.Combine(imported[0].Folder, RunDirectory.LastCheckpointFile))); // no optimiser state shipped
        var (model, _, weights) = new RunDirectory(imported[0].Folder).OpenModel();
        model.Dispose();
        Assert.Contains(RunDirectory.BestWeightsFile, weights);
        // An archive with a path outside the cache is refused, naming the entry.
        var evil = Path.Combine(TestData.TempDir(), "evil.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(evil, System.IO.Compression.ZipArchiveMode.Create)) zip.CreateEntry(
            "runs/../../x/seed-1/result.json");
        Assert.Contains("not a run file", Assert.Throws<InvalidDataException>(() => target.Import(evil)).Message);
    }

    [Fact]
    public void A_run_folder_written_before_the_options_were_typed_still_loads_and_evaluates()
    {
        // Fixtures/legacy-eenet8-run: checkpoint format 1, options as strings, epoch kept by validation accuracy.
        var folder = Path.Combine(TestData.TempDir(), "legacy");
        Directory.CreateDirectory(folder);
        foreach (var f in Directory.GetFiles(TestData.Fixture("legacy-eenet8-run"))) File.Copy(f,
            Path.Combine(folder, Path.GetFileName(f)));
        var run = RunDirectory.Open(folder);
        var header = run.ReadHeader();
        Assert.Equal(ModelName.Eenet8, header.Config.Model);
        Assert.Equal(EpochSelection.Accuracy, header.Config.Selection); // what that kit did
        Assert.Equal(2, header.EpochsDone);
        var (model, _, _) = run.OpenModel();
        using var _model = model;
        var (_, test) = TestData.FashionMnist();
        using var subset = test.Take(200);
        var result = Inference.EarlyExitEvaluator.EvaluateBatched(model, subset);
        Assert.Equal(200, result.Count);
        var old = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, RunDirectory.ResultFile))).RootElement;
        // Same weights, same test images, same rule: the old run's reported accuracy.
        Assert.Equal(old.GetProperty("test").GetProperty("accuracy").GetDouble(), result.Accuracy, 9);
        Assert.NotNull(run.ReadResult());
    }
}
