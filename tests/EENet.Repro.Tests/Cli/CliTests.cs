using System.Text.Json;
using EENet.Repro.Cli;
using Xunit;

namespace EENet.Repro.Tests;

public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Describe_json_has_exactly_the_documented_shape()
    {
        var (code, output, _) = Run("describe", "--model", "eenet20", "--dataset", "cifar10", "--num-ee", "2", "--distribution", "fine",
            "--exit-type", "pool", "--json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(new[] { "model", "dataset", "totalMacs", "totalParams", "costNote", "exits" },
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("eenet20", root.GetProperty("model").GetString());
        Assert.Equal(41_407_104, root.GetProperty("totalMacs").GetInt64());
        var exits = root.GetProperty("exits").EnumerateArray().ToList();
        Assert.Equal(2, exits.Count);
        Assert.Equal(new[] { "index", "position", "backboneMacs", "headMacs", "uncountedHeadMacs", "macs", "params", "cost", "macShare" },
            exits[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("s1.b1", exits[0].GetProperty("position").GetString());
        Assert.Equal(0.128205, Math.Round(exits[0].GetProperty("cost").GetDouble(), 6));  // the official value, exit head included
        Assert.Equal(0.244535, Math.Round(exits[1].GetProperty("cost").GetDouble(), 6));
        Assert.Equal(176, exits[0].GetProperty("headMacs").GetInt64());
    }

    [Theory]
    [InlineData("eenet110", "pareto", "0.208632", "0.373353")]
    [InlineData("eenet20", "gold_ratio", "s2.b1", "s2.b3")]
    public void Describe_table(string model, string distribution, string first, string second)
    {
        var (code, output, _) = Run("describe", "--model", model, "--distribution", distribution);
        Assert.Equal(0, code);
        Assert.Contains(first, output);
        Assert.Contains(second, output);
    }

    [Theory]
    [InlineData("--distribution", new[] { "describe", "--model", "eenet20", "--distribution", "parteo" })]
    [InlineData("--exit-type", new[] { "describe", "--model", "eenet20", "--exit-type", "max" })]
    [InlineData("--model", new[] { "describe", "--model", "resnet19" })]
    [InlineData("--model", new[] { "describe" })]
    [InlineData("--num-ee", new[] { "describe", "--model", "eenet20", "--num-ee", "30" })]
    [InlineData("--epoch", new[] { "train", "--model", "eenet8", "--epoch", "3" })]
    [InlineData("--epochs", new[] { "train", "--model", "eenet8", "--epochs", "0" })]
    [InlineData("--epochs", new[] { "train", "--model", "eenet8", "--epochs", "many" })]
    [InlineData("--device", new[] { "train", "--model", "eenet8", "--device", "gpu" })]
    [InlineData("--optimizer", new[] { "train", "--model", "eenet8", "--optimizer", "rmsprop" })]
    [InlineData("--checkpoint", new[] { "evaluate", "--checkpoint", "/nonexistent/run" })]
    [InlineData("--mode", new[] { "evaluate", "--checkpoint", "x", "--mode", "fast" })]
    [InlineData("--out", new[] { "sweep", "--checkpoint", "x", "--out", "sweep.txt" })]
    [InlineData("--thresholds", new[] { "sweep", "--checkpoint", "x", "--thresholds", "0.2,abc" })]
    public void Bad_options_fail_with_a_message_naming_the_option(string option, string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.NotEqual(0, code);
        Assert.Contains(option, error);
    }

    [Theory]
    [InlineData("describe", "--distribution")]
    [InlineData("train", "--resume")]
    [InlineData("evaluate", "--mode")]
    [InlineData("sweep", "--thresholds")]
    public void Every_command_has_help(string command, string option)
    {
        var (code, output, _) = Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains(option, output);
    }

    [Fact]
    public void Missing_data_names_the_folder_and_what_to_do()
    {
        var empty = TestData.TempDir();
        var (code, _, error) = Run("train", "--model", "eenet8", "--dataset", "mnist", "--data-dir", empty, "--epochs", "1");
        Assert.Equal(2, code);
        Assert.Contains(Path.Combine(empty, "mnist"), error);
        Assert.Contains("--data-dir", error);
    }

    [Fact]
    public void Train_evaluate_and_sweep_eenet8_on_fashion_mnist()
    {
        _ = TestData.FashionMnistDir;
        var run = Path.Combine(TestData.TempDir(), "run");
        var (code, output, error) = Run("train", "--model", "eenet8", "--dataset", "fashion-mnist", "--data-dir", TestData.TempDir(),
            "--epochs", "2", "--train-limit", "1000", "--test-limit", "300", "--batch-size", "64", "--threads", "1", "--out", run);
        Assert.True(code == 0, error);
        Assert.Contains("epoch 2/2", output);
        var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json"))).RootElement;
        Assert.Equal(300, result.GetProperty("test").GetProperty("count").GetInt32());
        Assert.Equal(2, result.GetProperty("history").GetArrayLength());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
        Assert.Equal(3, TensorBoardLogTests.ReadEvents(Path.Combine(run, "tensorboard", "events.out.tfevents.eenet-repro")).Count);

        var batched = Run("evaluate", "--checkpoint", run, "--json", "--data-dir", TestData.TempDir());
        var perSample = Run("evaluate", "--checkpoint", run, "--json", "--mode", "per-sample", "--data-dir", TestData.TempDir());
        Assert.True(batched.Code == 0, batched.Err);
        Assert.Equal(batched.Out, perSample.Out);
        Assert.Equal(result.GetProperty("test").GetProperty("accuracy").GetDouble(),
            JsonDocument.Parse(batched.Out).RootElement.GetProperty("accuracy").GetDouble());

        var csv = Path.Combine(run, "sweep.csv");
        var sweep = Run("sweep", "--checkpoint", run, "--step", "0.25", "--out", csv, "--data-dir", TestData.TempDir());
        Assert.True(sweep.Code == 0, sweep.Err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("threshold,accuracy,average_cost,exit0,exit1,exit2", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("1,", lines[^1]);
        Assert.EndsWith(",0,0,300", lines[^1]);
    }

    [Fact]
    public void Train_eenet20_on_cifar10_files_then_resume_for_another_epoch()
    {
        var (dataDir, _, _) = TestData.Cifar10Tree(perTrainFile: 40, testCount: 50, seed: 1);
        var run = Path.Combine(TestData.TempDir(), "run");
        string[] common = ["--model", "eenet20", "--dataset", "cifar10", "--data-dir", dataDir, "--batch-size", "32", "--threads", "1",
            "--out", run, "--num-ee", "2", "--exit-type", "bnpool"];
        var first = Run(["train", .. common, "--epochs", "1"]);
        Assert.True(first.Code == 0, first.Err);
        Assert.True(File.Exists(Path.Combine(run, "last.ckpt")));
        var again = Run(["train", .. common, "--epochs", "2"]);
        Assert.Equal(2, again.Code);
        Assert.Contains("--resume", again.Err);
        var resumed = Run(["train", .. common, "--epochs", "2", "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains("1 of 2 epochs done", resumed.Out);
        var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json"))).RootElement;
        Assert.Equal(2, result.GetProperty("history").GetArrayLength());
        Assert.Equal("s1.b1", result.GetProperty("model").GetProperty("exits")[0].GetProperty("position").GetString());
    }
}

public class BenchCommandTests
{
    [Fact]
    public void Bench_data_runs_and_reports_both_cases()
    {
        _ = TestData.FashionMnistDir;
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Cli.Run(["bench", "data", "--repeat", "1", "--data-dir", TestData.TempDir()], output, error);
        Assert.True(code == 0, error.ToString());
        Assert.Contains("70,000 IDX images", output.ToString());
        Assert.Contains("60,000 records", output.ToString());
        Assert.Equal(2, Cli.Cli.Run(["bench", "data", "--repeat", "0"], new StringWriter(), error = new StringWriter()));
        Assert.Contains("--repeat", error.ToString());
    }
}
