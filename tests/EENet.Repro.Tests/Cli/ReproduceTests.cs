using System.Diagnostics;
using System.Text.Json;
using EENet.Repro.Charts;
using Xunit;

namespace EENet.Repro.Tests;

/// <summary>reproduce end to end in the smoke profile: tables, JSON, the offline report in a browser, listing and shards.</summary>
public class ReproduceTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Reproduce_json_prints_one_object_with_runs_and_typed_checks_and_no_statistical_pass_in_smoke()
    {
        var results = TestData.TempDir();
        var (code, output, error) =
            Run("reproduce", "rq4", "--profile", "smoke", "--results", results, "--data-dir", TestData.TempDir(), "--json", "--jobs", "1");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output.Trim()).RootElement; // exactly one JSON object on standard output
        Assert.Equal("rq4", json.GetProperty("rq").GetString());
        Assert.Equal("smoke", json.GetProperty("profile").GetString());
        var runs = json.GetProperty("runs");
        Assert.Equal(20, runs.GetProperty("total").GetInt32());
        Assert.Equal(runs.GetProperty("total").GetInt32(), runs.GetProperty("cached").GetInt32() + runs.GetProperty("trained").GetInt32());
        var checks = json.GetProperty("checks").EnumerateArray().ToList();
        Assert.All(checks, c => Assert.Contains(c.GetProperty("verdict").GetString(),
            new[] { "pass", "fail", "indicative", "not comparable" }));
        Assert.All(checks.Where(c => c.GetProperty("kind").GetString() == "structural"), c =>
            Assert.Equal("pass", c.GetProperty("verdict").GetString()));
        Assert.All(checks.Where(c => c.GetProperty("kind").GetString() == "statistical"), c =>
            Assert.Equal("not comparable", c.GetProperty("verdict").GetString()));
        Assert.Contains(checks, c => c.GetProperty("kind").GetString() == "statistical");
        Assert.Contains("== RQ4", error); // the human text went to standard error
        // Again: everything comes from the cache.
        var again = JsonDocument.Parse(
            Run("reproduce", "rq4", "--profile", "smoke", "--results", results, "--json").Out.Trim()).RootElement;
        Assert.Equal(0, again.GetProperty("runs").GetProperty("trained").GetInt32());
    }

    [Fact]
    public void The_offline_report_renders_in_a_headless_browser_with_its_charts_and_no_script_error()
    {
        var results = TestData.TempDir();
        var report = Path.Combine(TestData.TempDir(), "out.html");
        var (code, _, error) = Run("reproduce", "rq1", "--profile", "smoke", "--results", results, "--data-dir",
            TestData.TempDir(), "--report", report);
        Assert.True(code == 0, error);
        var html = File.ReadAllText(report);
        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.DoesNotContain("<script src", html);
        Assert.Contains("Check against the paper", html);
        Assert.Contains("The question, as the notebook tells it", html);
        var browser = StaticImage.FindBrowser()
            ?? throw new InvalidOperationException("no Chromium: run 'apt-get install chromium' (.ci/run does)");
        // Count the drawn plots and catch script errors from inside the page.
        var probe = html.Replace("</body>", "<script>window.onerror = function (m) { document.title = 'ERROR ' + m; };" +
            "setTimeout(function () { var p = document.createElement('pre'); p.id = 'probe'; p.textContent = 'drawn=' + " +
            "document.querySelectorAll('.eenet-chart[data-drawn=yes] .main-svg').length + ' charts=' + " +
            "document.querySelectorAll('.eenet-chart').length + ' title=' + document.title; document.body.appendChild(p); }, " +
            "3000);</script></body>");
        var page = Path.Combine(TestData.TempDir(), "probe.html");
        File.WriteAllText(page, probe);
        var work = TestData.TempDir();
        var dom = StaticImage.Run(browser, work, "report", "--dump-dom", new Uri(page).AbsoluteUri);
        var match = System.Text.RegularExpressions.Regex.Match(dom, "drawn=(\\d+) charts=(\\d+) title=([^<]*)");
        Assert.True(match.Success, "the probe did not run");
        var charts = int.Parse(match.Groups[2].Value);
        Assert.Equal(ExperimentCharts.For(JsonlessResult(results)).Count, charts);
        Assert.True(int.Parse(match.Groups[1].Value) >= charts, $"only {match.Groups[1].Value} of {charts} charts drew");
        Assert.DoesNotContain("ERROR", match.Groups[3].Value);

        // The same charts as files for papers and slides, from the cache (nothing trains again).
        var figures = Path.Combine(TestData.TempDir(), "figs");
        var again = Run("reproduce", "rq1", "--profile", "smoke", "--results", results, "--data-dir",
            TestData.TempDir(), "--figures", figures);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("0 trained here", again.Out);
        foreach (var ext in new[] { "html", "json", "png", "svg", "pdf" })
            Assert.Equal(charts, Directory.GetFiles(figures, "*." + ext).Length);
    }

    private static Experiments.ExperimentResult JsonlessResult(string results)
    {
        var runner = new Experiments.ExperimentRunner(new Runs.ResultsCache(results));
        return Experiments.ResearchQuestions.Get("rq1").Run(Experiments.Profile.Smoke, runner);
    }

    [Fact]
    public async Task Two_shard_processes_share_one_results_folder_and_the_final_run_trains_nothing()
    {
        var results = TestData.TempDir();
        var data = TestData.TempDir();
        var cli = typeof(Cli.Cli).Assembly.Location;
        Process Start(string shard)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { cli, "reproduce", "rq2", "--profile", "smoke", "--results", results, "--data-dir", data, "--shard",
                shard, "--threads", "1", "--json" })
                start.ArgumentList.Add(a);
            return Process.Start(start)!;
        }
        using var one = Start("1/2");
        using var two = Start("2/2");
        var outputs = new[] { one, two }.Select(p =>
            (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await one.WaitForExitAsync(timeout.Token);
        await two.WaitForExitAsync(timeout.Token);
        var texts = new List<(string Out, string Err)>();
        foreach (var o in outputs) texts.Add((await o.Out, await o.Err));
        Assert.True(one.ExitCode == 0, texts[0].Err);
        Assert.True(two.ExitCode == 0, texts[1].Err);
        var trained = texts.Sum(o => JsonDocument.Parse(o.Out.Trim()).RootElement.GetProperty("runs").GetProperty("trained").GetInt32());
        Assert.Equal(8, trained); // every run once, none twice
        Assert.Empty(Directory.GetFiles(results, ".lock", SearchOption.AllDirectories));
        var all = Run("reproduce", "all", "--profile", "smoke", "--results", results, "--data-dir", data, "--json", "--list");
        Assert.Equal(0, all.Code);
        var rq2 = all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).First(j =>
            j.GetProperty("rq").GetString() == "rq2");
        Assert.All(rq2.GetProperty("runs").EnumerateArray(), r => Assert.True(r.GetProperty("cached").GetBoolean()));
        var final = Run("reproduce", "rq2", "--profile", "smoke", "--results", results, "--data-dir", data, "--json");
        Assert.Equal(0, JsonDocument.Parse(final.Out.Trim()).RootElement.GetProperty("runs").GetProperty("trained").GetInt32());
    }

    [Fact]
    public void Fail_on_check_returns_3_only_when_a_check_fails_and_quick_without_data_says_how_to_fetch_it()
    {
        var missing = Run("reproduce", "rq1", "--profile", "quick", "--results", TestData.TempDir(), "--data-dir", TestData.TempDir());
        Assert.Equal(2, missing.Code);
        Assert.Contains("dotnet run --project data-scripts -- fetch mnist", missing.Err);
        var (code, _, error) = Run("reproduce", "rq4", "--profile", "smoke", "--results", TestData.TempDir(), "--data-dir",
            TestData.TempDir(), "--fail-on-check", "--jobs", "1");
        Assert.True(code == 0, error); // smoke: structural checks pass, statistical ones are not comparable, so nothing fails
        Assert.Equal(2, Run("reproduce", "rq9").Code);
        Assert.Equal(2, Run("reproduce", "rq1", "--shard", "3/2").Code);
    }
}
