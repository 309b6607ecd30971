using Xunit;

namespace EENet.Repro.NotebookTests;

public class NotebookTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);

    [Theory]
    [InlineData("RQ1-exits-used.ipynb", "rq1", "EENet-8, 2 filters, MNIST: test accuracy")]
    [InlineData("RQ2-accuracy-and-cost.ipynb", "rq2", "cifar10: cost at which the EENet is within 1 point of its ResNet&#39;s accuracy")]
    [InlineData("RQ3-exit-types.ipynb", "rq3", "pool or bnpool exits give a better trade-off than plain exits")]
    [InlineData("RQ4-exit-distributions.ipynb", "rq4", "the distribution changes the trade-off")]
    public void Notebook_runs_in_the_smoke_profile_under_the_dotnet_interactive_kernel(string notebook, string rq, string claim)
    {
        var run = NotebookRunner.RunWithRepl(notebook, Timeout);
        Assert.True(run.Errors.Count == 0, string.Join("\n", run.Errors));
        Assert.True(run.ExitCode == 0, $"{notebook}: dotnet-repl exited {run.ExitCode}.\n{NotebookRunner.Tail(run.Log)}");
        var diagnostics = NotebookRunner.CompilerDiagnostics(notebook, run.Executed);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        var text = run.AllOutputText;
        Assert.Contains("profile smoke", text);
        Assert.Contains("plotly.js 2.28.0 loaded inline", text);
        Assert.Contains("Plotly.newPlot", text);
        Assert.Contains(claim, text);
        // Smoke: structural checks pass, statistical ones are not comparable; nothing statistical passes or fails.
        Assert.Contains("color:green;font-weight:bold;\">pass", text);
        Assert.Contains("color:gray;\">not comparable", text);
        Assert.DoesNotContain("color:#c00;font-weight:bold;\">fail", text);
        // Every exercise ran: each is followed by its answer in a <details> block and a table.
        Assert.True(run.Executed.GetProperty("cells").EnumerateArray().Count(c => string.Concat(c.GetProperty("source").EnumerateArray()
            .Select(x => x.GetString())).Contains("<details>")) >= 3, $"{notebook}: fewer than three exercises");
        // The check table is shown once, formatted: no DataFrame object tree.
        Assert.DoesNotContain("Microsoft.Data.Analysis.DataFrame", text);
        var figures = Path.Combine(run.ResultsDir, "figures", $"{rq}-smoke");
        Assert.True(Directory.Exists(figures) && Directory.GetFiles(figures, "*.html").Length > 0,
            $"{notebook}: no figures written to {figures}");
        Assert.All(Directory.GetFiles(figures, "*.html"), f => Assert.Contains("<meta charset=\"utf-8\">", File.ReadAllText(f)));
        foreach (var kind in new[] { "*.png", "*.svg", "*.pdf" })
            Assert.Equal(Directory.GetFiles(figures, "*.html").Length, Directory.GetFiles(figures, kind).Length); // for papers and slides
        Assert.True(File.Exists(Path.Combine(run.ResultsDir, "reports", $"{rq}-smoke.html")), $"{notebook}: no report");
    }
}

public class JupyterTests
{
    [Fact]
    public void Rq1_runs_through_jupyter_nbconvert_with_the_dotnet_kernel_without_warning_boxes()
    {
        // .ci/run installs Debian's jupyter-nbconvert and registers the kernel (notebooks/register-jupyter-kernel.sh).
        var temp = Path.Combine(Path.GetTempPath(), "eenet-jupyter", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        var output = Path.Combine(temp, "rq1.ipynb");
        var start = new System.Diagnostics.ProcessStartInfo("jupyter")
        {
            WorkingDirectory = Path.Combine(NotebookRunner.RepoRoot, "notebooks"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", "RQ1-exits-used.ipynb", "--output", output,
            "--ExecutePreprocessor.timeout=1200", "--ExecutePreprocessor.kernel_name=.net-csharp" })
            start.ArgumentList.Add(a);
        start.Environment["EENET_PROFILE"] = "smoke";
        start.Environment["EENET_RESULTS_DIR"] = NotebookRunner.SharedResults;
        start.Environment["EENET_DATA_DIR"] = Path.Combine(temp, "data");
        (int Code, string Log) result;
        try
        {
            result = NotebookRunner.Run(start, TimeSpan.FromMinutes(20), "jupyter nbconvert");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "jupyter is not installed: 'apt-get install jupyter-nbconvert python3-nbclient' and 'bash " +
                "notebooks/register-jupyter-kernel.sh' (.ci/run does both).", e);
        }
        Assert.True(result.Code == 0, $"jupyter nbconvert exited {result.Code}:\n{NotebookRunner.Tail(result.Log)}");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(output));
        var errors = NotebookRunner.Errors("RQ1-exits-used.ipynb (Jupyter)", doc.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var diagnostics = NotebookRunner.CompilerDiagnostics("RQ1-exits-used.ipynb (Jupyter)", doc.RootElement);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        Assert.Contains("EENet-8, 2 filters, MNIST: test accuracy", File.ReadAllText(output));
    }
}
