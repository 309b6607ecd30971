using EENet.Repro.Models;
using EENet.Repro.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

public class ModelTests
{
    [Theory]
    [InlineData("eenet8", "mnist", 2, "pool", 2, 10)]
    [InlineData("eenet20", "cifar10", 2, "pool", 4, 10)]
    [InlineData("eenet20", "mnist", 2, "plain", 4, 10)]
    [InlineData("eenet32", "svhn", 4, "bnpool", 2, 10)]
    [InlineData("eenet18", "tiny-imagenet", 2, "pool", 2, 200)]
    [InlineData("resnet20", "cifar10", 0, "pool", 2, 10)]
    public void Forward_gives_probabilities_for_every_exit(string name, string dataset, int numEe, string exitType, int batch, int classes)
    {
        manual_seed(1);
        using var model = ModelFactory.Create(new ModelSpec(name, dataset, numEe, "linear", exitType));
        var shape = Data.DatasetInfo.Get(dataset).Shape;
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
        using var model = ModelFactory.Create(new ModelSpec("eenet20", "cifar10", 2, "fine", "bnpool"));
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[]
                 {
                     "stages.0.0.0.weight", "stages.0.0.1.running_mean", "stages.0.1.conv1.weight", "stages.2.1.downsample.0.weight",
                     "exits.0.confidence.0.weight", "exits.0.classifier.0.weight", "exits.1.bn.running_var", "fully_connected.weight",
                 })
        {
            Assert.Contains(key, keys);
        }
    }

    [Fact]
    public void State_dict_keys_follow_the_official_resnets_and_eenet8()
    {
        using var r20 = ModelFactory.Create(new ModelSpec("resnet20", "cifar10"));
        Assert.Contains("stage3.2.conv2.weight", r20.state_dict().Keys);
        Assert.Contains("conv1.weight", r20.state_dict().Keys);
        using var r18 = ModelFactory.Create(new ModelSpec("resnet18", "tiny-imagenet"));
        Assert.Contains("layer4.1.bn2.weight", r18.state_dict().Keys);
        Assert.Contains("fully_connected.bias", r18.state_dict().Keys);
        using var e8 = ModelFactory.Create(new ModelSpec("eenet8", "mnist"));
        foreach (var key in new[] { "initblock.0.bias", "basicblock3.5.weight", "conv2d_9.weight", "exit1_confidence.0.weight", "classifier.0.weight", "finalblock.0.running_mean" })
        {
            Assert.Contains(key, e8.state_dict().Keys);
        }
    }

    [Fact]
    public void Bnpool_batchnorm_is_trained_and_switched_with_the_model()
    {
        manual_seed(2);
        using var model = ModelFactory.Create(new ModelSpec("eenet20", "cifar10", 2, "fine", "bnpool"));
        var runningMean = () => model.state_dict()["exits.0.bn.running_mean"].clone();
        var before = runningMean();
        model.train();
        using (no_grad()) model.call(randn(4, 3, 32, 32).add(3));
        var afterTrain = runningMean();
        Assert.True(afterTrain.sub(before).abs().sum().item<float>() > 0, "running stats must update in training mode");
        model.eval();
        using (no_grad()) model.call(randn(4, 3, 32, 32).add(3));
        Assert.Equal(0, runningMean().sub(afterTrain).abs().sum().item<float>());
        Assert.Contains(model.parameters(), p => ReferenceEquals(p, model.named_parameters().First(n => n.name == "exits.0.bn.weight").parameter));
    }

    [Fact]
    public void Plain_exits_are_sized_on_the_real_feature_map_after_downsampling()
    {
        // Linear placement with 3 exits puts exits in stages 2 and 3 of ResNet-20 (16×16 and 8×8 maps).
        using var model = ModelFactory.Create(new ModelSpec("eenet20", "cifar10", 3, "linear", "plain"));
        var positions = model.Description.Exits.Select(e => e.Position).ToArray();
        Assert.Contains(positions, p => p.StartsWith("s2") || p.StartsWith("s3"));
        using var scope = NewDisposeScope();
        var outputs = model.call(randn(2, 3, 32, 32));
        Assert.Equal(4, outputs.Probabilities.Count);
    }

    [Fact]
    public void Unknown_names_are_clear_errors()
    {
        Assert.Contains("eenet110", Assert.Throws<ArgumentException>(() => ModelFactory.Create(new ModelSpec("eenet111", "cifar10"))).Message);
        Assert.Contains("bnpool", Assert.Throws<ArgumentException>(() => ModelFactory.Create(new ModelSpec("eenet20", "cifar10", ExitType: "pooled"))).Message);
        Assert.Contains("gold_ratio", Assert.Throws<ArgumentException>(() => ModelFactory.Create(new ModelSpec("eenet20", "cifar10", Distribution: "golden"))).Message);
        Assert.Contains("tiny-imagenet", Assert.Throws<ArgumentException>(() => ModelFactory.Create(new ModelSpec("eenet20", "imagenet"))).Message);
    }

    [Fact]
    public void Device_selection()
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve("cpu").type);
        Assert.Contains("auto, cpu, cuda", Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("gpu")).Message);
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Resolve("cuda").type);
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Resolve("auto").type);
        }
        else
        {
            Assert.Contains("TorchBackend=cuda", Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("cuda")).Message);
            Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve("auto").type);
        }
    }

    [Fact]
    public void Native_bridge_in_the_output_folder_is_patched()
    {
        var bridge = new[] { "libLibTorchSharp.so", "runtimes/linux-x64/native/libLibTorchSharp.so" }
            .Select(p => Path.Combine(AppContext.BaseDirectory, p)).First(File.Exists);
        Assert.NotEqual(ElfVersionNeedPatcher.Outcome.Patched, ElfVersionNeedPatcher.Inspect(bridge));
    }

    [Fact]
    public void Elf_patcher_marks_only_the_named_version_weak_and_is_idempotent()
    {
        var source = new[] { "libLibTorchSharp.so", "runtimes/linux-x64/native/libLibTorchSharp.so" }
            .Select(p => Path.Combine(AppContext.BaseDirectory, p)).First(File.Exists);
        var patched = File.ReadAllBytes(source);
        var flags = ElfVersionNeedPatcher.FindVersionNeedFlags(patched, ElfVersionNeedPatcher.GlibcxxVersion, out var isElf);
        Assert.True(isElf && flags > 0);
        // Undo the build's patch in a copy (clear VER_FLG_WEAK), to see the patcher do its work from scratch.
        var original = (byte[])patched.Clone();
        original[flags] &= unchecked((byte)~0x2);
        var path = Path.Combine(Path.GetTempPath(), $"elf-{Guid.NewGuid():N}.so");
        try
        {
            File.WriteAllBytes(path, original);
            Assert.Equal(ElfVersionNeedPatcher.Outcome.Patched, ElfVersionNeedPatcher.Inspect(path));
            Assert.Equal(ElfVersionNeedPatcher.Outcome.Patched, ElfVersionNeedPatcher.PatchFile(path));
            var after = File.ReadAllBytes(path);
            Assert.Equal(patched, after);
            Assert.Single(Enumerable.Range(0, after.Length), i => after[i] != original[i]);
            Assert.Equal(ElfVersionNeedPatcher.Outcome.AlreadyWeak, ElfVersionNeedPatcher.PatchFile(path));
            Assert.Equal(ElfVersionNeedPatcher.Outcome.NoSuchNeed, ElfVersionNeedPatcher.Inspect(path, "GLIBCXX_9.9.99"));
            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Equal(ElfVersionNeedPatcher.Outcome.NotElf, ElfVersionNeedPatcher.Inspect(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class OneDnnTests
{
    [Fact]
    public void OneDnn_is_off_for_training_tiny_channel_models_and_on_otherwise()
    {
        using var e8 = ModelFactory.Create(new ModelSpec("eenet8", "mnist"));
        using var e20 = ModelFactory.Create(new ModelSpec("eenet20", "cifar10"));
        Assert.False(OneDnn.SuitsModel(e8));
        Assert.True(OneDnn.SuitsModel(e20));
        // On Linux the switch is reachable in libtorch_cpu.so and reports the state it set.
        Assert.Equal(false, OneDnn.ConfigureForTraining(e8));
        Assert.Equal(true, OneDnn.ConfigureForTraining(e20));
        Assert.Equal(true, OneDnn.ConfigureForInference());
    }
}
