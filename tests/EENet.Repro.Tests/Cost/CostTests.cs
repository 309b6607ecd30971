using System.Text.Json;
using EENet.Repro.Cost;
using EENet.Repro.Models;
using EENet.Repro.Paper;
using Xunit;

namespace EENet.Repro.Tests;

public class CostTests
{
    [Theory]
    [InlineData("resnet20", "cifar10", 41_407_104L)]
    [InlineData("resnet110", "cifar10", 256_324_224L)]
    [InlineData("resnet18", "tiny-imagenet", 148_809_728L)]
    public void Plain_model_macs_match_the_official_counter(string model, string dataset, long expected)
    {
        using var net = ModelFactory.Create(TestData.Spec(model, dataset));
        Assert.Equal(expected, net.Description.TotalMacs);
    }

    [Theory]
    // Official values (eenet.py self.cost, measured by running the official code): the exit heads' Linear layers count,
    // their pooling and bnpool's BatchNorm do not.
    [InlineData("eenet20", "cifar10", "fine", 2, "pool", new[] { 0.128205, 0.244535 })]
    [InlineData("eenet20", "cifar10", "fine", 2, "plain", new[] { 0.132553, 0.248883 })]
    [InlineData("eenet20", "cifar10", "fine", 2, "bnpool", new[] { 0.128205, 0.244535 })]
    [InlineData("eenet18", "tiny-imagenet", "fine", 2, "pool", new[] { 0.194083, 0.321579 })]
    [InlineData("eenet18", "tiny-imagenet", "golden-ratio", 2, "pool", new[] { 0.420756, 0.646965 })]
    [InlineData("eenet110", "cifar10", "pareto", 2, "pool", new[] { 0.208632, 0.373353 })]
    public void Exit_costs_are_the_official_ones_with_their_heads(string model, string dataset, string distribution, int numEe,
        string exitType, double[] expected)
    {
        using var net = ModelFactory.Create(TestData.Spec(model, dataset, numEe, distribution, exitType));
        Assert.Equal(expected, net.Description.Exits.Select(e => Math.Round(e.Cost, 6)));
    }

    [Fact]
    public void Every_configuration_the_official_code_builds_gets_its_positions_and_costs()
    {
        // Fixtures/official-exit-costs.json: 672 configurations run through the official code (see Fixtures/README.md).
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("official-exit-costs.json")));
        static string Key(JsonElement c) =>
            $"{c.GetProperty("model")}/{c.GetProperty("dataset")}/{c.GetProperty("distribution")}/{c.GetProperty("numEe")}";
        // Configurations with too many exits for the model (its pool variant hits the official assertion; plain may crash first).
        var tooMany = doc.RootElement.EnumerateArray()
            .Where(c => c.TryGetProperty("officialError", out var e)
                && e.GetString()!.StartsWith("too many", StringComparison.Ordinal)).Select(Key).ToHashSet();
        int compared = 0, kitOnly = 0;
        var mismatches = new List<string>();
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            var spec = TestData.Spec(c.GetProperty("model").GetString()!, c.GetProperty("dataset").GetString()!,
                c.GetProperty("numEe").GetInt32(),
                c.GetProperty("distribution").GetString()!, c.GetProperty("exitType").GetString()!);
            if (c.TryGetProperty("officialError", out var error))
            {
                if (tooMany.Contains(Key(c)))
                {
                    Assert.Throws<ExitPlacementException>(() => ModelFactory.Create(spec));
                }
                else
                {
                    using var fixedUp = ModelFactory.Create(spec); // plain after downsampling, bnpool on 1×1: the kit's fixes build them
                    Assert.Equal(spec.NumEarlyExits, fixedUp.NumEarlyExits);
                    kitOnly++;
                }
                continue;
            }
            var official = c.GetProperty("costs").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            using var net = ModelFactory.Create(spec);
            var kit = net.Description.Exits.Select(e => e.Cost).ToArray();
            if (kit.Length != official.Length || kit.Zip(official).Any(p => Math.Abs(p.First - p.Second) > 2e-5))
                mismatches.Add($"{spec}: kit {string.Join(",", kit)} official {string.Join(",", official)}");
            compared++;
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(10)));
        Assert.True(compared >= 500, $"only {compared} configurations compared");
        Assert.True(kitOnly > 50);
    }

    [Fact]
    public void Head_macs_are_the_two_linear_layers_and_the_rest_is_listed_apart()
    {
        using var pool = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", exitType: "pool"));
        using var bnpool = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", exitType: "bnpool"));
        var e = pool.Description.Exits[0];
        Assert.Equal(16 * 1 + 16 * 10, e.HeadMacs);                  // confidence 16→1, classifier 16→10
        Assert.Equal(16 * 32 * 32, e.UncountedHeadMacs);              // the global average pool's input
        Assert.Equal(e.BackboneMacs + e.HeadMacs, e.Macs);
        Assert.Equal((double)e.Macs / pool.Description.TotalMacs, e.Cost, 12);
        var b = bnpool.Description.Exits[0];
        Assert.Equal(e.Cost, b.Cost);                                  // BatchNorm + ReLU are not in the official count
        Assert.Equal(e.UncountedHeadMacs + 2 * 16 * 32 * 32 + 16 * 32 * 32, b.UncountedHeadMacs);
    }

    [Fact]
    public void Eenet20_fine_exits_sit_after_stage1_blocks_1_and_2()
    {
        using var net = ModelFactory.Create(TestData.Spec("eenet20", "cifar10"));
        Assert.Equal(new[] { "s1.b1", "s1.b2" }, net.Description.Exits.Select(e => e.Position));
    }

    [Fact]
    public void Early_exit_total_equals_the_plain_counterpart()
    {
        using var ee = ModelFactory.Create(TestData.Spec("eenet32", "cifar10", 3, "linear", "bnpool"));
        using var plain = ModelFactory.Create(TestData.Spec("resnet32", "cifar10"));
        Assert.Equal(plain.Description.TotalMacs, ee.Description.TotalMacs);
        Assert.Equal(plain.Description.TotalParams, ee.Description.TotalParams);
        Assert.Equal(plain.Description.TotalMacs, MacCounter.Measure(plain, x => plain.call(x).Probabilities[0], [3, 32, 32]));
    }

    [Theory]
    [InlineData(2, 1490L)]
    [InlineData(4, 5332L)]
    public void Eenet8_parameters_and_costs_are_the_official_ones(int filters, long expected)
    {
        using var net = ModelFactory.Create(TestData.Spec("eenet8", "mnist", filters: filters));
        Assert.Equal(expected, net.Description.TotalParams);
        Assert.Equal(PaperNumbers.Eenet8OfficialParams[filters].Select(p => (long)p.Value),
            net.Description.Exits.Select(e => e.Params).Append(net.Description.TotalParams));
        Assert.Equal(new[] { 0.08, 0.26 }, net.Costs.Take(2));
    }

    [Fact]
    public void Eenet8_reports_its_official_costs_and_its_mac_share_with_the_reason()
    {
        using var net = ModelFactory.Create(TestData.Spec("eenet8", "mnist"));
        var d = net.Description;
        Assert.Equal(188_240, d.TotalMacs);
        Assert.Equal(new[] { 0.08, 0.26 }, d.Exits.Select(e => e.Cost));
        // MAC share = (prefix + Linear heads) / total, far above the Keras-based constants; the note says why.
        Assert.Equal(new[] { 0.4499, 0.7333 }, d.Exits.Select(e => Math.Round(e.MacShare, 4)));
        Assert.Contains("Keras", d.CostNote);
        // The paper's average cost 0.82 in MAC shares: (47·0.4499 + 2,247·0.7333 + 7,706) / 10,000 ≈ 0.94.
        Assert.Equal(0.94, (47 * d.Exits[0].MacShare + 2247 * d.Exits[1].MacShare + 7706) / 10_000, 2);
    }

    [Theory]
    [InlineData("pareto", new[] { 0.2, 0.36 })]
    [InlineData("fine", new[] { 0.05, 0.0975 })]
    [InlineData("linear", new[] { 1 / 3.0, 2 / 3.0 })]
    [InlineData("gold_ratio", new[] { 0.38196601125, 0.61803398875 })]
    [InlineData("quadratic", new[] { 1 / 9.0, 4 / 9.0 })]
    public void Distribution_fractions(string name, double[] expected)
    {
        var fractions = ExitPlacement.Fractions(Distributions.Parse(name), 2);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], fractions[i], 9);
    }

    [Fact]
    public void Too_many_exits_is_a_clear_error()
    {
        var e = Assert.Throws<ExitPlacementException>(() => ModelFactory.Create(TestData.Spec("eenet20", "cifar10", 12, "pareto")));
        Assert.Contains("eenet20", e.Message);
        Assert.Contains("--num-ee", e.Message);
    }

    [Fact]
    public void Placement_puts_at_most_one_exit_per_block_in_order()
    {
        using var net = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", 8, "fine"));
        var positions = net.Description.Exits.Select(e => e.Position).ToList();
        Assert.Equal(8, positions.Distinct().Count());
        var costs = net.Description.Exits.Select(e => e.Cost).ToList();
        Assert.Equal(costs.OrderBy(c => c), costs);
    }
}
