using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EENet.Repro.Cost;

/// <summary>
/// Counts multiply-accumulates the way the official code's counter does (ptflops style, batch 1, from the shapes
/// the modules see on a forward pass): Conv kh·kw·Cin/groups·Cout·Hout·Wout (+ Cout·Hout·Wout with bias);
/// BatchNorm 2·numel; ReLU numel of its output on every call; max/avg/adaptive-avg pool numel of its input;
/// Linear in·out; Softmax, Sigmoid and additions 0. Hooks fire only for modules run through <c>.call()</c>,
/// which every model of the kit does.
/// </summary>
public static class MacCounter
{
    /// <summary>MACs of one forward of <paramref name="run"/> on a batch-1 zero input of <paramref name="inputShape"/> (C,H,W).</summary>
    /// <param name="counts">Which modules count (default: every supported one).</param>
    public static long Measure(Module root, Func<Tensor, Tensor> run, long[] inputShape, Func<Module, bool>? counts = null)
    {
        using var scope = NewDisposeScope();
        using var input = zeros([1, .. inputShape]);
        return MeasureWithOutput(root, run, input, counts).Macs;
    }

    public static long Measure(Module<Tensor, Tensor> module, long[] inputShape) => Measure(module, module.call, inputShape);

    /// <summary>MACs of one forward, counting every supported module under <paramref name="root"/>, and the output.</summary>
    public static (long Macs, Tensor Output) MeasureWithOutput(Module root, Func<Tensor, Tensor> run, Tensor input,
        Func<Module, bool>? counts = null)
    {
        long macs = 0;
        var removers = new List<Action>();
        var wasTraining = root.training;
        root.eval();
        try
        {
            foreach (var module in Leaves(root))
            {
                if (module is not Module<Tensor, Tensor> tm || (counts is not null && !counts(module))) continue;
                Func<Tensor, Tensor, long>? rule = module switch
                {
                    Conv2d conv => (i, o) => ConvMacs(conv, i, o),
                    BatchNorm2d bn => (i, _) => i.numel() * (bn.weight is null ? 1 : 2),
                    TorchSharp.Modules.ReLU => (_, o) => o.numel(),
                    Linear lin => (i, o) => i.shape[0] * i.shape[^1] * o.shape[^1],
                    TorchSharp.Modules.MaxPool2d or TorchSharp.Modules.AvgPool2d
                        or TorchSharp.Modules.AdaptiveAvgPool2d or TorchSharp.Modules.AdaptiveMaxPool2d => (i, _) => i.numel(),
                    _ => null,
                };
                if (rule is null) continue;
                var handle = tm.register_forward_hook((_, i, o) =>
                {
                    macs += rule(i, o);
                    return null!; // keep the module's own output
                });
                removers.Add(handle.remove);
            }
            using (no_grad())
            {
                var output = run(input);
                return (macs, output);
            }
        }
        finally
        {
            foreach (var remove in removers) remove();
            root.train(wasTraining);
        }
    }

    /// <summary>Trainable parameters, as the official counter reports them.</summary>
    public static long Parameters(Module module) =>
        module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    private static long ConvMacs(Conv2d conv, Tensor input, Tensor output)
    {
        // weight is Cout × Cin/groups × kh × kw, so its numel is kh·kw·Cin·Cout/groups.
        var perPosition = conv.weight!.numel();
        var positions = output.shape[0] * output.shape[2] * output.shape[3];
        var bias = conv.bias is null ? 0 : output.shape[1] * positions;
        return perPosition * positions + bias;
    }

    private static IEnumerable<Module> Leaves(Module root)
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Module>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var m = stack.Pop();
            if (!seen.Add(m)) continue;
            yield return m;
            foreach (var (_, child) in m.named_children()) stack.Push(child);
        }
    }
}
