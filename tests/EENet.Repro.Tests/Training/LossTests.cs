using EENet.Repro.Models;
using EENet.Repro.Training;
using TorchSharp;
using EENet.Repro.Datasets;
using Xunit;
using static TorchSharp.torch;

namespace EENet.Repro.Tests;

public class LossTests
{
    // One early exit (N = 1), two samples, two classes, c_0 = 0.3; values worked out by hand below.
    private static (ExitOutputs Outputs, Tensor Target) Example()
    {
        var p0 = tensor(new float[] { 0.6f, 0.4f, 0.3f, 0.7f }, [2, 2]);
        var p1 = tensor(new float[] { 0.2f, 0.8f, 0.9f, 0.1f }, [2, 2]);
        var h0 = tensor(new float[] { 0.5f, 0.25f }, [2, 1]);
        return (new ExitOutputs([p0, p1], [h0]), tensor(new long[] { 0, 1 }));
    }

    // P̂_0 = h·p0 + (1−h)·p1 = [0.4, 0.6] and [0.75, 0.25]; the true classes get 0.4 and 0.25.
    // Ĉ_0 = h·0.3 + (1−h)·1 = 0.65 and 0.825, mean 0.7375.
    private static readonly double LmcP0 = (-Math.Log(0.6) - Math.Log(0.7)) / 2;
    private static readonly double LmcP1 = (-Math.Log(0.2) - Math.Log(0.1)) / 2;
    private static readonly double LmcMix = (-Math.Log(0.4) - Math.Log(0.25)) / 2;
    private const double CostMix = 0.7375;

    [Fact]
    public void V0_is_the_sum_of_each_exits_cross_entropy()
    {
        var (outputs, y) = Example();
        var loss = EarlyExitLoss.Compute(LossVersion.V0, outputs, y, [0.3], 1.0);
        Assert.Equal(LmcP0 + LmcP1, loss.Total.item<float>(), 5);
        Assert.Equal(0, loss.Cost.item<float>(), 6);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void V1_mixes_predictions_and_costs_once(double lambda)
    {
        var (outputs, y) = Example();
        var loss = EarlyExitLoss.Compute(LossVersion.V1, outputs, y, [0.3], lambda);
        Assert.Equal(LmcMix + lambda * CostMix, loss.Total.item<float>(), 5);
        Assert.Equal(LmcMix, loss.Prediction.item<float>(), 5);
        Assert.Equal(CostMix, loss.Cost.item<float>(), 5);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void V2_sums_the_mixed_loss_over_every_exit(double lambda)
    {
        var (outputs, y) = Example();
        var loss = EarlyExitLoss.Compute(LossVersion.V2, outputs, y, [0.3], lambda);
        var expected = (LmcP1 + lambda * 1.0) + (LmcMix + lambda * CostMix);
        Assert.Equal(expected, loss.Total.item<float>(), 5);
        Assert.Equal(LmcP1 + LmcMix, loss.Prediction.item<float>(), 5);
        Assert.Equal(1.0 + CostMix, loss.Cost.item<float>(), 5);
    }

    [Fact]
    public void Two_stage_training_switches_from_v0_to_v1()
    {
        Assert.Equal(LossVersion.V0, EarlyExitLoss.ForEpoch(LossVersion.V2, true, 0, 25));
        Assert.Equal(LossVersion.V0, EarlyExitLoss.ForEpoch(LossVersion.V2, true, 24, 25));
        Assert.Equal(LossVersion.V1, EarlyExitLoss.ForEpoch(LossVersion.V2, true, 25, 25));
        Assert.Equal(LossVersion.V2, EarlyExitLoss.ForEpoch(LossVersion.V2, false, 0, 25));
    }

    [Fact]
    public void A_zero_probability_gives_a_finite_loss()
    {
        var p0 = tensor(new float[] { 1f, 0f }, [1, 2]);
        var p1 = tensor(new float[] { 1f, 0f }, [1, 2]);
        var loss = EarlyExitLoss.Compute(LossVersion.V2, new ExitOutputs([p0, p1], [tensor(new float[] { 0.5f }, [1, 1])]),
            tensor(new long[] { 1 }), [0.2], 1);
        Assert.True(float.IsFinite(loss.Total.item<float>()));
    }

    [Theory]
    [InlineData("v1", "pool")]
    [InlineData("v2", "bnpool")]
    [InlineData("v2", "plain")]
    public void Gradients_reach_every_exits_confidence_and_softmax_branches(string lossName, string exitType)
    {
        manual_seed(3);
        using var model = ModelFactory.Create(TestData.Spec("eenet20", "cifar10", 3, "linear", exitType));
        var x = randn(4, 3, 32, 32);
        var y = tensor(new long[] { 0, 3, 5, 9 });
        var loss = EarlyExitLoss.Compute(LossVersions.Choices.Parse(lossName, "--loss"), model.call(x), y, model.Costs, 1.0);
        loss.Total.backward();
        var grads = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        for (var k = 0; k < 3; k++)
        {
            foreach (var branch in new[] { "confidence", "classifier" })
            {
                var g = grads[$"exits.{k}.{branch}.0.weight"];
                Assert.True(g is not null && g.abs().sum().item<float>() > 0,
                    $"no gradient in exits.{k}.{branch} ({lossName}, {exitType})");
            }
        }
        Assert.True(grads["classifier.0.weight"]!.abs().sum().item<float>() > 0);
        if (exitType == "bnpool") Assert.True(grads["exits.0.bn.weight"]!.abs().sum().item<float>() > 0);
    }
}
