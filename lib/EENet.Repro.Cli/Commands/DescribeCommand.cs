using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EENet.Repro.Cost;
using EENet.Repro.Models;

namespace EENet.Repro.Cli.Commands;

/// <summary><c>describe</c>: exit positions, MACs, params and costs of a configuration, without training.</summary>
internal static class DescribeCommand
{
    public static Command Create(CliIO io)
    {
        var model = CommonOptions.Model();
        var dataset = CommonOptions.Dataset();
        var numEe = CommonOptions.NumEe();
        var distribution = CommonOptions.Distribution();
        var exitType = CommonOptions.ExitType();
        var filters = CommonOptions.Filters();
        var exits = CommonOptions.Exits();
        var json = CommonOptions.Json();
        var command = new Command("describe",
            "Print where the early exits go and what each costs (MACs, params, relative cost), as the official code counts them.")
        {
            model, dataset, numEe, distribution, exitType, filters, exits, json,
        };
        command.SetAction(r => io.Guard(() =>
        {
            var name = r.GetValue(model);
            var positions = r.GetValue(exits) is { Length: > 0 } given ? given : null;
            var spec = new ModelSpec(name, r.GetValue(dataset) ?? name.DefaultDataset, positions?.Length ?? r.GetValue(numEe),
                r.GetValue(distribution),
                r.GetValue(exitType), r.GetValue(filters), positions);
            using var net = ModelFactory.Create(spec);
            var d = net.Description;
            if (r.GetValue(json))
            {
                io.Out.WriteLine(ToJson(d));
                return 0;
            }
            io.Out.WriteLine($"{d.Model} on {d.Dataset} ({d.Family}); distribution {d.Distribution}, exit type {d.ExitType}");
            io.Out.WriteLine($"plain counterpart: {d.TotalMacs:N0} MACs, {d.TotalParams:N0} params");
            if (net is PlainResNet or EarlyExitResNet) io.Out.WriteLine(
                $"blocks: {string.Join(" ", name.Layout.BuildBlocks().Select(b => b.Position))}");
            io.Out.WriteLine();
            io.Out.WriteLine($"{"exit",-5} {"position",-9} {"backbone MACs",15} {"head MACs",10} {"not counted",12} {"MACs",15} " +
                $"{"params",11} {"cost",9} {"MAC share",10}");
            foreach (var e in d.Exits)
            {
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Index,-5} {e.Position,-9} {e.BackboneMacs,15:N0} {e.HeadMacs,10:N0} {e.UncountedHeadMacs,12:N0} {e.Macs,15:N0} " +
                    $"{e.Params,11:N0} {e.Cost,9:F6} {e.MacShare,10:F6}"));
            }
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"last",-5} {"final",-9} {d.TotalMacs,15:N0} {"",10} {"",12} {d.TotalMacs,15:N0} {d.TotalParams,11:N0} {1.0,9:F6} " +
                $"{1.0,10:F6}"));
            io.Out.WriteLine();
            io.Out.WriteLine(d.CostNote);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The JSON form: {"model","dataset","totalMacs","totalParams","costNote","exits":[{"index","position","backboneMacs","headMacs",
    /// "uncountedHeadMacs","macs","params","cost","macShare"}]}.
    /// </summary>
    public static string ToJson(ModelDescription d) => JsonSerializer.Serialize(new
    {
        model = d.Model.ToString(),
        dataset = d.Dataset,
        totalMacs = d.TotalMacs,
        totalParams = d.TotalParams,
        costNote = d.CostNote,
        exits = d.Exits.Select(e => new
        {
            index = e.Index, position = e.Position, backboneMacs = e.BackboneMacs, headMacs = e.HeadMacs,
                uncountedHeadMacs = e.UncountedHeadMacs,
            macs = e.Macs, @params = e.Params, cost = Math.Round(e.Cost, 9), macShare = Math.Round(e.MacShare, 9),
        }),
    });
}
