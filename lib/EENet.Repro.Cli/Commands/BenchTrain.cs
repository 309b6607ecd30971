using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EENet.Repro.Data;
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
    public static int Run(CliIO io, string modelName, int batch, int steps, int warmup, bool json)
    {
        var name = modelName.ToLowerInvariant();
        var dataset = CommonOptions.DefaultDataset(name);
        manual_seed(1);
        using var model = ModelFactory.Create(new ModelSpec(name, dataset, 2, "fine", "pool"));
        model.train();
        using var optimizer = optim.Adam(model.parameters(), 0.001, weight_decay: 1e-4);
        var info = DatasetInfo.Get(dataset);
        // A few distinct batches, cycled: no data pipeline in the timing, as in the peer.
        var batches = Enumerable.Range(0, 4).Select(_ => (randn([batch, .. info.Shape]).DetachFromDisposeScope(),
            randint(0, info.NumClasses, [batch]).DetachFromDisposeScope())).ToArray();
        var costs = model.Costs;
        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var (x, y) = batches[i % batches.Length];
            var loss = EarlyExitLoss.Compute(LossVersion.V2, model.call(x), y, costs, 1.0);
            optimizer.zero_grad();
            loss.Total.backward();
            optimizer.step();
            loss.Total.item<float>(); // the loop reads the loss every step, as the trainer does
        }
        for (var i = 0; i < warmup; i++) Step(i);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) Step(i);
        var seconds = clock.Elapsed.TotalSeconds;
        var perSecond = steps * batch / seconds;
        if (json)
        {
            io.Out.WriteLine(JsonSerializer.Serialize(new { framework = "torchsharp", model = name, batch, steps, threads = get_num_threads(), seconds, examples_per_second = perSecond }));
        }
        else
        {
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} batch {batch}, {get_num_threads()} threads: {steps} steps in {seconds:F2}s, {perSecond:F0} examples/s, {seconds / steps * 1000:F1} ms/step"));
        }
        return 0;
    }
}
