using System.Text.Json;
using Xunit;

namespace EENet.Repro.Tests;

/// <summary>
/// Bad command lines, many of them: each must exit 2 with one "error:" line that names the option, no stack trace and no
/// help page, and nothing trained or allocated first. Plus the documented exit codes.
/// </summary>
public class CliFuzzTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    private static void AssertBadInput(string[] args, string option)
    {
        var (code, output, error) = Run(args);
        var line = string.Join(' ', args);
        Assert.True(code == 2, $"'{line}' exited {code}: {error}{output}");
        Assert.Contains(option, error);
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("   at ", error);                      // no stack trace
        Assert.DoesNotContain("Usage:", error + output);              // no help page
        Assert.True(error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 2, $"'{line}': more than one error line:\n{error}");
    }

    public static TheoryData<string, string[]> BadTrainOptions()
    {
        var data = new TheoryData<string, string[]>();
        var values = new Dictionary<string, string[]>
        {
            ["--epochs"] = ["0", "-1", "NaN", "1e9", "abc", "100001"],
            ["--batch-size"] = ["0", "-32", "x", "65537"],
            ["--lr"] = ["0", "-0.1", "NaN", "Infinity", "-Infinity", "11", "lots"],
            ["--lambda"] = ["-1", "NaN", "Infinity", "1001"],
            ["--weight-decay"] = ["-1", "NaN", "2"],
            ["--momentum"] = ["-0.5", "1", "NaN"],
            ["--lr-gamma"] = ["-1", "0", "NaN", "Infinity"],
            ["--lr-step"] = ["0", "-2"],
            ["--val-fraction"] = ["0.999", "1", "-0.1", "NaN"],
            ["--threshold"] = ["NaN", "-0.1", "1.5", "Infinity"],
            ["--test-limit"] = ["-5", "0", "x"],
            ["--train-limit"] = ["-5", "0"],
            ["--threads"] = ["-1", "100000"],
            ["--filters"] = ["0", "100000"],
            ["--num-ee"] = ["-1", "65"],
            ["--first-stage-epochs"] = ["-1"],
            ["--loss"] = ["v9", "V3"],
            ["--optimizer"] = ["rmsprop"],
            ["--lr-schedule"] = ["cosine"],
            ["--select"] = ["best"],
            ["--device"] = ["gpu", "tpu"],
            ["--exit-type"] = ["max"],
            ["--distribution"] = ["golden"],
            ["--dataset"] = ["imagenet", "mnist2"],
            ["--exits"] = ["s1", "a,b", "1,2"],
        };
        foreach (var (option, bad) in values)
        foreach (var v in bad)
            data.Add(option, ["train", "--model", "eenet20", option, v, "--data-dir", "/nonexistent-data"]);
        data.Add("--model", ["train", "--model", "eenet19"]);
        data.Add("--model", ["train", "--epochs", "1"]);
        data.Add("--exit-type", ["train", "--model", "eenet8", "--exit-type", "bnpool", "--data-dir", "/nonexistent-data"]);
        data.Add("--distribution", ["train", "--model", "eenet8", "--distribution", "pareto", "--data-dir", "/nonexistent-data"]);
        data.Add("--num-ee", ["train", "--model", "eenet8", "--num-ee", "4", "--data-dir", "/nonexistent-data"]);
        data.Add("--filters", ["describe", "--model", "eenet8", "--filters", "100000"]);
        data.Add("--step", ["sweep", "--checkpoint", "x", "--step", "1e-9"]);
        data.Add("--step", ["sweep", "--checkpoint", "x", "--step", "NaN"]);
        data.Add("--thresholds", ["sweep", "--checkpoint", "x", "--thresholds", "0.5,NaN"]);
        data.Add("--threshold", ["evaluate", "--checkpoint", "x", "--threshold", "NaN"]);
        data.Add("--test-limit", ["evaluate", "--checkpoint", "x", "--test-limit", "-5"]);
        data.Add("--mode", ["evaluate", "--checkpoint", "x", "--mode", "fast"]);
        data.Add("--weights", ["evaluate", "--checkpoint", "x", "--weights", "middle"]);
        data.Add("--profile", ["reproduce", "rq1", "--profile", "huge"]);
        data.Add("--shard", ["reproduce", "rq1", "--shard", "0/2"]);
        data.Add("--jobs", ["reproduce", "rq1", "--jobs", "-1"]);
        data.Add("question", ["reproduce", "rq7"]);
        data.Add("--repeat", ["bench", "data", "--repeat", "0"]);
        return data;
    }

    [Theory]
    [MemberData(nameof(BadTrainOptions))]
    public void Bad_options_exit_2_with_one_line_naming_the_option(string option, string[] args) => AssertBadInput(args, option);

    [Fact]
    public void Seeded_random_garbage_never_crashes()
    {
        var random = new Random(17);
        string[] commands = ["describe", "train", "evaluate", "sweep", "reproduce", "bench"];
        string[] options = ["--model", "--epochs", "--lr", "--threshold", "--step", "--num-ee", "--filters", "--profile", "--dataset",
            "--exits", "--checkpoint"];
        string[] values = ["", "-", "--", "NaN", "∞", "1e400", "-0", "0x10", "eenet20", "rq1", "😀", new string('9', 40),
            "s1.b1,s9.b9", "/dev/null"];
        for (var i = 0; i < 150; i++)
        {
            var args = new List<string> { commands[random.Next(commands.Length)] };
            for (var k = random.Next(4); k >= 0; k--)
            {
                args.Add(options[random.Next(options.Length)]);
                args.Add(values[random.Next(values.Length)]);
            }
            if (args[0] == "bench") args.Insert(1, "data");
            var (code, output, error) = Run([.. args, "--data-dir", "/nonexistent-data", "--results", "/nonexistent-results"]);
            var line = string.Join(' ', args);
            Assert.True(code is 0 or 2, $"'{line}' exited {code}:\n{error}");
            Assert.DoesNotContain("internal error", error);
            Assert.DoesNotContain("   at ", error);
        }
    }

    [Fact]
    public void Damaged_checkpoints_and_weights_name_the_file_and_exit_2()
    {
        _ = TestData.FashionMnistDir;
        var run = Path.Combine(TestData.TempDir(), "run");
        Assert.Equal(0, Run("train", "--model", "eenet8", "--dataset", "fashion-mnist", "--epochs", "1", "--train-limit",
            "600", "--test-limit", "100",
            "--data-dir", TestData.TempDir(), "--out", run).Code);
        var best = Path.Combine(run, "best.pt");
        var bytes = File.ReadAllBytes(best);
        File.WriteAllBytes(best, bytes[..(bytes.Length / 2)]);
        var (code, _, error) = Run("evaluate", "--checkpoint", run, "--data-dir", TestData.TempDir());
        Assert.Equal(2, code);
        Assert.Contains(best, error);
        Assert.DoesNotContain("Unable to read beyond the end of the stream", error.Split(':')[0]);
        Assert.Contains("--weights last", error);
        Assert.Equal(0, Run("evaluate", "--checkpoint", run, "--weights", "last", "--data-dir", TestData.TempDir()).Code);

        var checkpoint = Path.Combine(run, "last.ckpt");
        var original = File.ReadAllBytes(checkpoint);
        string Header(Func<string, string> edit)
        {
            var length = BitConverter.ToInt32(original, 8);
            var json = System.Text.Encoding.UTF8.GetString(original, 12, length);
            var changed = System.Text.Encoding.UTF8.GetBytes(edit(json));
            File.WriteAllBytes(checkpoint,
                [.. original[..8], .. BitConverter.GetBytes(changed.Length), .. changed, .. original[(12 + length)..]]);
            var result = Run("evaluate", "--checkpoint", run, "--weights", "last", "--data-dir", TestData.TempDir());
            Assert.True(result.Code == 2, $"exit {result.Code}: {result.Err}");
            Assert.Contains(checkpoint, result.Err);
            return result.Err;
        }
        Header(j => j.Replace("\"model\": \"eenet8\"", "\"model\": null"));
        Header(j => j.Replace("\"testLimit\": 100", "\"testLimit\": -5"));
        Assert.Contains("config", Header(j => System.Text.RegularExpressions.Regex.Replace(j, "\"config\": \\{[^}]*\\},", "")));
        File.WriteAllBytes(checkpoint, original[..40]);
        Assert.Equal(2, Run("evaluate", "--checkpoint", run, "--weights", "last").Code);
    }

    [Fact]
    public void Every_command_documents_the_exit_codes_and_option_ranges()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("Exit codes: 0 success; 2 bad input", output);
        var train = Run("train", "--help").Out;
        Assert.Contains("Range 1..100,000", train);  // --epochs
        Assert.Contains("Range (0, 10]", train);     // --lr
        Assert.Contains("Range [0, 0.5]", train);    // --val-fraction
    }
}
