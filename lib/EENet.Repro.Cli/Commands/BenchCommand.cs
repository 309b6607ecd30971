using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EENet.Repro.Data;
using EENet.Repro.Datasets;
using static TorchSharp.torch;

namespace EENet.Repro.Cli.Commands;

/// <summary>
/// <c>bench data</c>: how long loading a dataset's files into tensors takes, as the median of several runs in one
/// process (the first run, which warms file caches and the JIT, is reported apart). Figures go to docs/benchmarks.md.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliIO io)
    {
        var repeat = new Option<int>("--repeat") { Description = "Measured runs per case (after one warm-up run).",
            DefaultValueFactory = _ => 5 };
        var dataDir = CommonOptions.DataDir();
        var data = new Command("data", "Time loading MNIST-format files (Fashion-MNIST) and a CIFAR-10-sized binary set into tensors.")
        {
            repeat, dataDir,
        };
        data.SetAction(r => io.Guard(() =>
        {
            var n = r.GetValue(repeat);
            if (n < 1) return io.Fail($"--repeat must be at least 1 (got {n}).");
            io.Out.WriteLine($"threads: {get_num_threads()}, cores: {Environment.ProcessorCount}, runs: 1 warm-up + {n}");
            io.Out.WriteLine($"{"case",-48} {"warm-up",9} {"median",9} {"min",9} {"max",9}");
            Report(io, "fashion-mnist train+test, 70,000 IDX images (.gz)", n, () =>
            {
                var (train, test) = DatasetLoader.Load(DatasetCatalog.FashionMnist, r.GetValue(dataDir));
                train.Dispose();
                test.Dispose();
            });
            var cifarDir = Path.Combine(Path.GetTempPath(), $"eenet-bench-{Guid.NewGuid():N}");
            try
            {
                WriteCifarSized(cifarDir);
                Report(io, "cifar10 binary, 60,000 records (6 files)", n, () =>
                {
                    var (train, test) = DatasetLoader.Load(DatasetCatalog.Cifar10, cifarDir);
                    train.Dispose();
                    test.Dispose();
                });
            }
            finally
            {
                Directory.Delete(cifarDir, recursive: true);
            }
            return 0;
        }));
        var rounds = new Option<int>("--rounds") { Description = "Interleaved measured rounds (after a warm-up).",
            DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => 128 };
        var threads = CommonOptions.Threads();
        var dataDir2 = CommonOptions.DataDir();
        var inference = new Command("inference",
            "Early exit in wall-clock time: speed-up vs the plain network at forced exit rates, time per exit, batched vs per-sample " +
            "evaluation, input pipeline vs training step.")
        {
            rounds, batch, threads, dataDir2,
        };
        inference.SetAction(r => io.Guard(() =>
        {
            if (r.GetValue(rounds) < 1) return io.Fail($"--rounds must be at least 1 (got {r.GetValue(rounds)}).");
            if (r.GetValue(batch) < 4) return io.Fail($"--batch-size must be at least 4 (got {r.GetValue(batch)}).");
            if (r.GetValue(threads) < 0) return io.Fail($"--threads must be 0 or more (got {r.GetValue(threads)}).");
            if (r.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(r.GetValue(threads));
            return BenchInference.Run(io, r.GetValue(rounds), r.GetValue(batch), r.GetValue(dataDir2));
        }));
        var model = CommonOptions.Model();
        var trainBatch = new Option<int>("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => 32 };
        var steps = new Option<int>("--steps") { Description = "Measured training steps.", DefaultValueFactory = _ => 100 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 10 };
        var trainThreads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var layout = CommonOptions.Words("--layout",
            "Memory layout of conv weights and batches: auto (as train: nhwc for the ResNets on the CPU, nchw for EENet-8), nchw or nhwc.",
            "auto", "auto", "nchw", "nhwc");
        var train = new Command("train", "Training throughput on fixed random batches (the peer: benchmarks/pytorch_peer.py).")
        {
            model, trainBatch, steps, warmup, trainThreads, json, layout,
        };
        train.SetAction(r => io.Guard(() =>
        {
            if (r.GetValue(steps) < 1) return io.Fail($"--steps must be at least 1 (got {r.GetValue(steps)}).");
            if (r.GetValue(trainBatch) < 1) return io.Fail($"--batch-size must be at least 1 (got {r.GetValue(trainBatch)}).");
            return BenchTrain.Run(io, r.GetValue(model), r.GetValue(trainBatch), r.GetValue(steps), r.GetValue(warmup), r.GetValue(json),
                r.GetValue(layout)!.ToLowerInvariant(), r.GetValue(trainThreads));
        }));
        return new Command("bench", "Benchmarks (see docs/benchmarks.md).") { data, inference, train };
    }

    private static void Report(CliIO io, string name, int repeat, Action run)
    {
        var warm = Time(run);
        var times = Enumerable.Range(0, repeat).Select(_ => Time(run)).Order().ToArray();
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-48} {warm,8:F3}s {times[times.Length / 2],8:F3}s {times[0],8:F3}s {times[^1],8:F3}s"));
    }

    private static double Time(Action run)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Random records in the real layout: 5 × 10,000 training records and 10,000 test records.</summary>
    private static void WriteCifarSized(string dataDir)
    {
        var random = new Random(1);
        foreach (var file in DatasetCatalog.Cifar10.TrainFiles.Concat(DatasetCatalog.Cifar10.TestFiles))
        {
            var path = Path.Combine(dataDir, DatasetCatalog.Cifar10.Folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var pixels = new byte[10_000 * 3072];
            random.NextBytes(pixels);
            var labels = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 10)).ToArray();
            Cifar10Reader.Write(path, pixels, labels);
        }
    }
}
