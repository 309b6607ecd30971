using EENet.Repro.Models;
using EENet.Repro.Options;
using EENet.Repro.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

public class RuntimeTests
{
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

    [Fact]
    public void OneDnn_is_off_for_training_tiny_channel_models_and_on_otherwise()
    {
        using var e8 = ModelFactory.Create(TestData.Spec("eenet8", "mnist"));
        using var e20 = ModelFactory.Create(TestData.Spec("eenet20", "cifar10"));
        Assert.False(OneDnn.SuitsModel(e8));
        Assert.True(OneDnn.SuitsModel(e20));
        // On Linux the switch is reachable in libtorch_cpu.so and reports the state it set.
        Assert.Equal(false, OneDnn.ConfigureForTraining(e8));
        Assert.Equal(true, OneDnn.ConfigureForTraining(e20));
        Assert.Equal(true, OneDnn.ConfigureForInference());
        // Every CPU path setting also turns NNPACK off (its spinning pool made EENet-8 7x slower at 2 threads).
        Assert.Equal(false, NnPack.Disable());
    }

    [Fact]
    public void Device_selection()
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve(DeviceChoice.Cpu).type);
        Assert.Contains("auto, cpu, cuda", Assert.Throws<OptionException>(() => DeviceSelector.Choices.Parse("gpu", "--device")).Message);
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Resolve(DeviceChoice.Cuda).type);
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Resolve(DeviceChoice.Auto).type);
        }
        else
        {
            Assert.Contains("TorchBackend=cuda", Assert.Throws<OptionException>(() => DeviceSelector.Resolve(DeviceChoice.Cuda)).Message);
            Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve(DeviceChoice.Auto).type);
        }
    }

    [Fact]
    public void Thread_policy_caps_eenet8_at_two_threads_and_gives_resnets_every_core_unless_told()
    {
        using var e8 = ModelFactory.Create(TestData.Spec("eenet8", "mnist"));
        using var e20 = ModelFactory.Create(TestData.Spec("eenet20", "cifar10"));
        var saved = Environment.GetEnvironmentVariable(ThreadPolicy.Variable);
        try
        {
            Environment.SetEnvironmentVariable(ThreadPolicy.Variable, null);
            Assert.Equal(Math.Min(Environment.ProcessorCount, ThreadPolicy.SmallModelThreads), ThreadPolicy.ForTraining(e8, 0));
            Assert.Equal(Environment.ProcessorCount, ThreadPolicy.ForTraining(e20, 0));
            Assert.Equal(3, ThreadPolicy.ForTraining(e8, 3)); // --threads wins
            Environment.SetEnvironmentVariable(ThreadPolicy.Variable, "1");
            Assert.Equal(1, ThreadPolicy.ForTraining(e20, 0));
            Assert.Equal(2, ThreadPolicy.ForTraining(e20, 2));
            Assert.Equal(1, ThreadPolicy.ApplyForTraining(e8, 0, CPU));
            Assert.Equal(1, get_num_threads());
        }
        finally
        {
            Environment.SetEnvironmentVariable(ThreadPolicy.Variable, saved);
            set_num_threads(1);
        }
    }
}
