using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EENet.Repro.Data;
using EENet.Repro.Datasets;
using EENet.Repro.Models;
using EENet.Repro.Training;
using static TorchSharp.torch;

namespace EENet.Repro.Cli.Commands;

/// <summary>
/// <c>bench train</c>: training throughput of the kit's loop (forward, loss v2, backward, Adam step, one dispose scope
/// per step) on fixed random batches, so that only the step is timed. benchmarks/pytorch_peer.py runs the same model
/// and loop in PyTorch; benchmarks/compare-training.sh runs both in alternation and reports the ratio.
/// </summary>
internal static class BenchTrain
{
    private static Tensor ChannelsLast(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    public static int Run(CliIO io, ModelName name, int batch, int steps, int warmup, bool json, bool channelsLast = false, int threads = 0)
    {
        if (channelsLast && name.Family == ModelFamily.Eenet8)
        {
            return io.Fail("--channels-last is refused for eenet8: with its 2-8-channel convolutions, TorchSharp 0.107 / libtorch 2.10 corrupts the heap " +
                           "in training (malloc_consolidate / double free, every run; see docs/benchmarks.md). Use it with the ResNets.");
        }
        var dataset = name.DefaultDataset;
        manual_seed(1);
        using var model = ModelFactory.Create(new ModelSpec(name, dataset));
        model.train();
        threads = Runtime.ThreadPolicy.ApplyForTraining(model, batch, threads, CPU);
        var oneDnn = Runtime.OneDnn.ConfigureForTraining(model); // as the trainer does
        if (channelsLast)
        {
            // TorchSharp has no memory-format API; NHWC strides on an NCHW-shaped tensor are what channels-last is.
            using var _ = no_grad();
            foreach (var p in model.parameters().Where(p => p.dim() == 4)) p.set_(ChannelsLast(p));
        }
        using var optimizer = optim.Adam(model.parameters(), 0.001, weight_decay: 1e-4);
        var info = DatasetCatalog.Get(dataset);
        // A few distinct batches, cycled: no data pipeline in the timing, as in the peer.
        var batches = Enumerable.Range(0, 4).Select(_ => ((channelsLast ? ChannelsLast(randn([batch, .. info.Shape])) : randn([batch, .. info.Shape])).DetachFromDisposeScope(),
            randint(0, info.NumClasses, [batch]).DetachFromDisposeScope())).ToArray();
        var costs = model.Costs;
        var parts = new double[3]; // forward + loss, backward, optimiser: where a step's time goes (CPU ops are synchronous)
        var timer = new Stopwatch();
        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var (x, y) = batches[i % batches.Length];
            timer.Restart();
            var loss = EarlyExitLoss.Compute(LossVersion.V2, model.call(x), y, costs, 1.0);
            parts[0] += timer.Elapsed.TotalSeconds;
            timer.Restart();
            optimizer.zero_grad();
            loss.Total.backward();
            parts[1] += timer.Elapsed.TotalSeconds;
            timer.Restart();
            optimizer.step();
            parts[2] += timer.Elapsed.TotalSeconds;
            loss.Total.item<float>(); // the loop reads the loss every step, as the trainer does
        }
        for (var i = 0; i < warmup; i++) Step(i);
        Array.Clear(parts);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) Step(i);
        var seconds = clock.Elapsed.TotalSeconds;
        var perSecond = steps * batch / seconds;
        if (json)
        {
            io.Out.WriteLine(JsonSerializer.Serialize(new { framework = "torchsharp", model = name.ToString(), batch, steps, threads = get_num_threads(), onednn = oneDnn, seconds, examples_per_second = perSecond,
                forward_ms = parts[0] / steps * 1000, backward_ms = parts[1] / steps * 1000, optimizer_ms = parts[2] / steps * 1000 }));
        }
        else
        {
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} batch {batch}, {get_num_threads()} threads, oneDNN {(oneDnn is null ? "default" : oneDnn.Value ? "on" : "off")}: {steps} steps in {seconds:F2}s, {perSecond:F0} examples/s, {seconds / steps * 1000:F1} ms/step " +
                $"(forward + loss {parts[0] / steps * 1000:F1} ms, backward {parts[1] / steps * 1000:F1} ms, Adam {parts[2] / steps * 1000:F1} ms)"));
        }
        return 0;
    }
}
