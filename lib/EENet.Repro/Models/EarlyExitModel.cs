using EENet.Repro.Cost;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Models;

/// <summary>All exits' answers for a batch: probabilities p_0..p_N and confidences h_0..h_{N-1}.</summary>
public sealed record ExitOutputs(IReadOnlyList<Tensor> Probabilities, IReadOnlyList<Tensor> Confidences);

/// <summary>
/// A network cut into N+1 stages, each followed by an exit: N early exits (confidence + softmax) and the final
/// classifier. Training runs every stage and every exit (<see cref="forward"/>); early-exit inference runs
/// stage by stage (<see cref="ForwardStage"/>, <see cref="ForwardExit"/>) on the samples still in flight.
/// A plain ResNet is the case N = 0.
/// </summary>
public abstract class EarlyExitModel : Module<Tensor, ExitOutputs>
{
    protected EarlyExitModel(string name) : base(name) { }

    /// <summary>Number of early exits N (the final exit is extra).</summary>
    public abstract int NumEarlyExits { get; }

    /// <summary>Shapes, costs and positions, as <c>describe</c> prints them.</summary>
    public abstract ModelDescription Description { get; }

    /// <summary>Relative cost c_0..c_N of answering at each exit (c_N = 1), as the loss and the evaluator use it.</summary>
    public IReadOnlyList<double> Costs => Description.Exits.Select(e => e.Cost).Append(1.0).ToArray();

    /// <summary>Runs stage k (0..N) on the output of stage k−1 (or the input for k = 0).</summary>
    public abstract Tensor ForwardStage(int k, Tensor x);

    /// <summary>Runs exit k (0..N) on the output of stage k. The final exit has no confidence.</summary>
    public abstract ExitOutput ForwardExit(int k, Tensor features);

    /// <summary>The modules stage k runs (for cost and parameter accounting).</summary>
    public abstract IEnumerable<Module> StageModules(int k);

    /// <summary>The modules of exit k (its heads), for parameter accounting.</summary>
    public abstract IEnumerable<Module> ExitModules(int k);

    public override ExitOutputs forward(Tensor x)
    {
        var probabilities = new List<Tensor>(NumEarlyExits + 1);
        var confidences = new List<Tensor>(NumEarlyExits);
        for (var k = 0; k <= NumEarlyExits; k++)
        {
            x = ForwardStage(k, x);
            var output = ForwardExit(k, x);
            probabilities.Add(output.Probabilities);
            if (output.Confidence is not null) confidences.Add(output.Confidence);
        }
        return new ExitOutputs(probabilities, confidences);
    }

    /// <summary>The device of the model's parameters: where every tensor the kit creates for it goes.</summary>
    public Device Device => parameters().First().device;
}
