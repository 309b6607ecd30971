using System.Text.Json;
using EENet.Repro.Datasets;
using EENet.Repro.Models;
using EENet.Repro.Options;
using EENet.Repro.Runtime;
using EENet.Repro.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

public class ModelTests
{
    [Theory]
    [InlineData("eenet8", "mnist", 2, "fine", "pool", 2, 10)]
    [InlineData("eenet20", "cifar10", 2, "linear", "pool", 4, 10)]
    [InlineData("eenet20", "mnist", 2, "linear", "plain", 4, 10)]
    [InlineData("eenet32", "svhn", 4, "linear", "bnpool", 2, 10)]
    [InlineData("eenet18", "tiny-imagenet", 2, "linear", "pool", 2, 200)]
    [InlineData("resnet20", "cifar10", 2, "fine", "pool", 2, 10)]
    public void Forward_gives_probabilities_for_every_exit(string name, string dataset, int numEe, string distribution,
        string exitType, int batch, int classes)
    {
        manual_seed(1);
        using var model = ModelFactory.Create(TestData.Spec(name, dataset, numEe, distribution, exitType));
        var shape = DatasetCatalog.Get(dataset).Shape;
        using var scope = NewDisposeScope();
        var outputs = model.call(randn([batch, .. shape]));
        Assert.Equal(model.NumEarlyExits + 1, outputs.Probabilities.Count);
        Assert.Equal(model.NumEarlyExits, outputs.Confidences.Count);
        foreach (var p in outputs.Probabilities)
        {
            Assert.Equal(new long[] { batch, classes }, p.shape);
            Assert.True(p.sum(1).sub(1).abs().max().item<float>() < 1e-5);
        }
        foreach (var h in outputs.Confidences)
        {
            Assert.Equal(new long[] { batch, 1 }, h.shape);
            Assert.True(h.min().item<float>() >= 0 && h.max().item<float>() <= 1);
        }
    }

    [Fact]
    public void State_dict_keys_follow_the_official_eenet()
    {
        using var model = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", 2, "fine", "bnpool"));
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[]
                 {
                     "stages.0.0.0.weight", "stages.0.0.1.running_mean", "stages.0.1.conv1.weight", "stages.2.1.downsample.0.weight",
                     "exits.0.confidence.0.weight", "exits.0.classifier.0.weight", "exits.1.bn.running_var",
                         "classifier.0.weight", "confidence.0.bias",
                 })
        {
            Assert.Contains(key, keys);
        }
    }

    [Fact]
    public void State_dict_keys_follow_the_official_resnets_and_eenet8()
    {
        using var r20 = ModelFactory.Create(TestData.Spec("resnet20", "cifar10"));
        Assert.Contains("stage3.2.conv2.weight", r20.state_dict().Keys);
        Assert.Contains("conv1.weight", r20.state_dict().Keys);
        using var r18 = ModelFactory.Create(TestData.Spec("resnet18", "tiny-imagenet"));
        Assert.Contains("layer4.1.bn2.weight", r18.state_dict().Keys);
        Assert.Contains("fully_connected.bias", r18.state_dict().Keys);
        using var e8 = ModelFactory.Create(TestData.Spec("eenet8", "mnist"));
        foreach (var key in new[] { "initblock.0.bias", "basicblock3.5.weight", "conv2d_9.weight", "exit1_confidence.0.weight",
            "classifier.0.weight", "finalblock.0.running_mean" })
        {
            Assert.Contains(key, e8.state_dict().Keys);
        }
    }

    [Theory]
    [InlineData("eenet20", "cifar10")]
    [InlineData("resnet20", "cifar10")]
    [InlineData("eenet8", "mnist")]
    [InlineData("eenet18", "tiny-imagenet")]
    public void Same_seed_draws_the_official_initial_weights_under_the_official_keys(string model, string dataset)
    {
        // Fixtures/official-initial-weights.json: the official modules after torch.manual_seed(1) (sum and first values per entry).
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("official-initial-weights.json")));
        var official = doc.RootElement.GetProperty(model);
        manual_seed(1);
        using var net = ModelFactory.Create(TestData.Spec(model, dataset));
        var state = net.state_dict();
        Assert.Equal(official.EnumerateObject().Select(p => p.Name).Order(), state.Keys.Order());
        foreach (var entry in official.EnumerateObject())
        {
            using var flat = state[entry.Name].flatten().to_type(ScalarType.Float64);
            var sum = flat.sum().item<double>();
            Assert.True(Math.Abs(sum - entry.Value[0].GetDouble()) <= 1e-4 * Math.Max(1, Math.Abs(sum)),
                $"{model} {entry.Name}: sum {sum} vs {entry.Value[0]}");
            var first = entry.Value[1].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (var i = 0; i < first.Length; i++)
                Assert.True(Math.Abs(first[i] - flat[i].item<double>()) < 2e-7,
                    $"{model} {entry.Name}[{i}]: {flat[i].item<double>()} vs {first[i]}");
        }
    }

    [Fact]
    public void Weights_saved_under_the_old_final_head_name_still_load()
    {
        manual_seed(3);
        using var model = ModelFactory.Create(TestData.Spec("eenet20", "cifar10"));
        // A state dict as the kit wrote it before the final head took the official name classifier.0 (and had no confidence head).
        var path = Path.Combine(TestData.TempDir(), "old.pt");
        var state = model.state_dict().Where(kv => !kv.Key.StartsWith("confidence.", StringComparison.Ordinal)).ToList();
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            WriteLeb(writer, state.Count);
            foreach (var (key, tensor) in state)
            {
                writer.Write(key.StartsWith("classifier.0.", StringComparison.Ordinal) ? "fully_connected."
                    + key["classifier.0.".Length..] : key);
                TensorExtensionMethods.Save(tensor, writer);
            }
        }
        manual_seed(4);
        using var other = ModelFactory.Create(TestData.Spec("eenet20", "cifar10"));
        using (var reader = new BinaryReader(File.OpenRead(path))) ModelState.Load(other, reader, path);
        Assert.Equal(0, (other.state_dict()["classifier.0.weight"] - model.state_dict()["classifier.0.weight"]).abs().sum().item<float>());
        Assert.Equal(0, (other.state_dict()["stages.1.0.conv1.weight"]
            - model.state_dict()["stages.1.0.conv1.weight"]).abs().sum().item<float>());
        // Weights of another model are an error naming the file, never a partial load.
        using var e8 = ModelFactory.Create(TestData.Spec("eenet8", "mnist"));
        using var reader2 = new BinaryReader(File.OpenRead(path));
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => ModelState.Load(e8, reader2, path)).Message);
    }

    [Fact]
    public void Weights_are_saved_in_torchsharps_format_and_channels_last_weights_in_nchw_order()
    {
        manual_seed(5);
        using var model = ModelFactory.Create(TestData.Spec("eenet20", "cifar10"));
        byte[] Bytes(Action<BinaryWriter> write)
        {
            using var memory = new MemoryStream();
            using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
            return memory.ToArray();
        }
        var torchSharp = Bytes(w => model.save(w));
        Assert.Equal(torchSharp, Bytes(w => ModelState.Save(model, w))); // byte for byte what Module.save writes

        Runtime.ChannelsLast.Apply(model);
        var conv = model.state_dict()["stages.1.0.conv1.weight"];
        Assert.False(conv.is_contiguous()); // NHWC strides, which Module.save refuses
        Assert.Throws<InvalidOperationException>(() => Bytes(w => model.save(w)));
        Assert.Equal(torchSharp, Bytes(w => ModelState.Save(model, w))); // same values, same order as before
    }

    private static void WriteLeb(BinaryWriter w, long v)
    {
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            w.Write(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
    }

    [Fact]
    public void Bnpool_batchnorm_is_trained_and_switched_with_the_model()
    {
        manual_seed(2);
        using var model = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", 2, "fine", "bnpool"));
        var runningMean = () => model.state_dict()["exits.0.bn.running_mean"].clone();
        var before = runningMean();
        model.train();
        using (no_grad()) model.call(randn(4, 3, 32, 32).add(3));
        var afterTrain = runningMean();
        Assert.True(afterTrain.sub(before).abs().sum().item<float>() > 0, "running stats must update in training mode");
        model.eval();
        using (no_grad()) model.call(randn(4, 3, 32, 32).add(3));
        Assert.Equal(0, runningMean().sub(afterTrain).abs().sum().item<float>());
        Assert.Contains(model.parameters(), p =>
            ReferenceEquals(p, model.named_parameters().First(n => n.name == "exits.0.bn.weight").parameter));
    }

    [Fact]
    public void Plain_exits_are_sized_on_the_real_feature_map_after_downsampling()
    {
        // Linear placement with 3 exits puts exits in stages 2 and 3 of ResNet-20 (16×16 and 8×8 maps): the official code crashes there.
        using var model = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", 3, "linear", "plain"));
        var positions = model.Description.Exits.Select(e => e.Position).ToArray();
        Assert.Contains(positions, p => p.StartsWith("s2") || p.StartsWith("s3"));
        using var scope = NewDisposeScope();
        var outputs = model.call(randn(2, 3, 32, 32));
        Assert.Equal(4, outputs.Probabilities.Count);
    }

    [Fact]
    public void Unknown_names_are_clear_errors_naming_the_option()
    {
        Assert.Contains("eenet110", Assert.Throws<OptionException>(() => ModelName.Parse("eenet111")).Message);
        Assert.Contains("bnpool", Assert.Throws<OptionException>(() => ExitTypes.Parse("pooled")).Message);
        var golden = Assert.Throws<OptionException>(() => Cost.Distributions.Parse("golden")).Message;
        Assert.Contains("--distribution", golden);
        Assert.Contains("gold_ratio", golden);
        Assert.Contains("tiny-imagenet",
            Assert.Throws<ArgumentException>(() => ModelFactory.Create(TestData.Spec("eenet20", "imagenet"))).Message);
        Assert.Equal(Cost.Distribution.GoldenRatio, Cost.Distributions.Parse("gold_ratio"));
    }

    [Theory]
    [InlineData(4, "fine", "pool", "--num-ee 4")]
    [InlineData(2, "pareto", "pool", "--distribution pareto")]
    [InlineData(2, "fine", "bnpool", "--exit-type bnpool")]
    public void Eenet8_refuses_the_options_it_would_ignore(int numEe, string distribution, string exitType, string named)
    {
        var e = Assert.Throws<OptionException>(() => ModelFactory.Create(TestData.Spec("eenet8", "mnist", numEe, distribution, exitType)));
        Assert.Contains(named, e.Message);
        Assert.Contains("two fixed pool exits", e.Message);
        Assert.Contains("--filters 4",
            Assert.Throws<OptionException>(() => ModelFactory.Create(TestData.Spec("resnet20", "cifar10", filters: 4))).Message);
        Assert.Contains("--filters",
            Assert.Throws<OptionException>(() => ModelFactory.Create(TestData.Spec("eenet8", "mnist", filters: 100_000))).Message);
    }
}
