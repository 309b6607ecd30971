using EENet.Repro.Cost;
using EENet.Repro.Models;
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
        var spec = new ModelSpec(model, dataset);
        using var net = ModelFactory.Create(spec);
        Assert.Equal(expected, net.Description.TotalMacs);
    }

    [Theory]
    [InlineData("eenet20", "fine", 2, new[] { 0.1282, 0.2445 })]
    [InlineData("eenet110", "pareto", 2, new[] { 0.2086, 0.3734 })]
    public void Exit_costs_match_the_official_code_to_four_decimals(string model, string distribution, int numEe, double[] expected)
    {
        var spec = new ModelSpec(model, "cifar10", numEe, distribution, "pool");
        using var net = ModelFactory.Create(spec);
        var costs = net.Description.Exits.Select(e => Math.Round(e.Cost, 4)).ToArray();
        Assert.Equal(expected, costs);
    }

    [Fact]
    public void Eenet20_fine_exits_sit_after_stage1_blocks_1_and_2()
    {
        using var net = ModelFactory.Create(new ModelSpec("eenet20", "cifar10", 2, "fine", "pool"));
        Assert.Equal(new[] { "s1.b1", "s1.b2" }, net.Description.Exits.Select(e => e.Position));
    }

    [Fact]
    public void Early_exit_total_equals_the_plain_counterpart()
    {
        using var ee = ModelFactory.Create(new ModelSpec("eenet32", "cifar10", 3, "linear", "bnpool"));
        using var plain = ModelFactory.Create(new ModelSpec("resnet32", "cifar10"));
        Assert.Equal(plain.Description.TotalMacs, ee.Description.TotalMacs);
        Assert.Equal(plain.Description.TotalParams, ee.Description.TotalParams);
        // And the counter agrees with a direct count of the whole plain network.
        Assert.Equal(plain.Description.TotalMacs, MacCounter.Measure(plain, x => plain.call(x).Probabilities[0], [3, 32, 32]));
    }

    [Theory]
    [InlineData(2, 1490L)]
    [InlineData(4, 5332L)]
    public void Eenet8_parameter_count_matches_the_official_network(int filters, long expected)
    {
        using var net = ModelFactory.Create(new ModelSpec("eenet8", "mnist", Filters: filters));
        Assert.Equal(expected, net.Description.TotalParams);
        Assert.Equal(new[] { 0.08, 0.26 }, net.Costs.Take(2));
    }

    [Fact]
    public void Eenet8_exit_params_match_the_official_complexity_table()
    {
        // Official custom_eenet.py: complexity (546, 137), (1844, 407) for 2 filters.
        using var net = ModelFactory.Create(new ModelSpec("eenet8", "mnist", Filters: 2));
        Assert.Equal(new[] { 137L, 407L }, net.Description.Exits.Select(e => e.Params));
    }

    [Theory]
    [InlineData("pareto", new[] { 0.2, 0.36 })]
    [InlineData("fine", new[] { 0.05, 0.0975 })]
    [InlineData("linear", new[] { 1 / 3.0, 2 / 3.0 })]
    [InlineData("gold_ratio", new[] { 0.38196601125, 0.61803398875 })]
    [InlineData("quadratic", new[] { 1 / 9.0, 4 / 9.0 })]
    public void Distribution_fractions(string name, double[] expected)
    {
        var fractions = ExitPlacement.Fractions(ExitPlacement.Parse(name), 2);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], fractions[i], 9);
    }

    [Fact]
    public void Too_many_exits_is_a_clear_error()
    {
        var e = Assert.Throws<ExitPlacementException>(() => ModelFactory.Create(new ModelSpec("eenet20", "cifar10", 12, "pareto", "pool")));
        Assert.Contains("eenet20", e.Message);
        Assert.Contains("--num-ee", e.Message);
    }

    [Fact]
    public void Placement_puts_at_most_one_exit_per_block_in_order()
    {
        using var net = ModelFactory.Create(new ModelSpec("eenet20", "cifar10", 8, "fine", "pool"));
        var positions = net.Description.Exits.Select(e => e.Position).ToList();
        Assert.Equal(8, positions.Distinct().Count());
        var costs = net.Description.Exits.Select(e => e.Cost).ToList();
        Assert.Equal(costs.OrderBy(c => c), costs);
    }
}
