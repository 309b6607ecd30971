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
    /// <param name="layout">auto (the trainer's choice), nchw or nhwc.</param>
    public static int Run(CliIO io, ModelName name, int batch, int steps, int warmup, bool json, string layout = "auto", int threads = 0)
    {
        var dataset = name.DefaultDataset;
        manual_seed(1);
        using var model = ModelFactory.Create(new ModelSpec(name, dataset));
        model.train();
        threads = Runtime.ThreadPolicy.ApplyForTraining(model, threads, CPU);
        var oneDnn = Runtime.OneDnn.ConfigureForTraining(model); // as the trainer does
        using var optimizer = optim.Adam(model.parameters(), 0.001, weight_decay: 1e-4);
        var channelsLast = layout == "nhwc" || (layout == "auto" && Runtime.ChannelsLast.SuitsTraining(model, CPU));
        if (channelsLast) Runtime.ChannelsLast.Apply(model); // after the optimiser, as the trainer does
        var info = DatasetCatalog.Get(dataset);
        // A few distinct batches, cycled: no data pipeline in the timing, as in the peer.
        Tensor Input()
        {
            var x = randn([batch, .. info.Shape]);
            return (channelsLast ? Runtime.ChannelsLast.Of(x) : x).DetachFromDisposeScope();
        }
        var batches = Enumerable.Range(0, 4)
            .Select(_ => (Input(), randint(0, info.NumClasses, [batch]).DetachFromDisposeScope())).ToArray();
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
            io.Out.WriteLine(JsonSerializer.Serialize(
                new { framework = "torchsharp", model = name.ToString(), batch, steps, threads = get_num_threads(), onednn = oneDnn,
                    layout = channelsLast ? "nhwc" : "nchw",
                    seconds, examples_per_second = perSecond,
                forward_ms = parts[0] / steps * 1000, backward_ms = parts[1] / steps * 1000, optimizer_ms = parts[2] / steps * 1000 }));
        }
        else
        {
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} batch {batch}, {get_num_threads()} threads, {(channelsLast ? "NHWC" : "NCHW")}, oneDNN " +
                $"{(oneDnn is null ? "default" : oneDnn.Value ? "on" : "off")}: {steps} steps in {seconds:F2}s, {perSecond:F0} " +
                $"examples/s, {seconds / steps * 1000:F1} ms/step (forward + loss {parts[0] / steps * 1000:F1} ms, backward " +
                $"{parts[1] / steps * 1000:F1} ms, Adam {parts[2] / steps * 1000:F1} ms)"));
        }
        return 0;
    }
}
