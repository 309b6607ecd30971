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
        var model = CommonOptions.Model(required: true);
        var dataset = CommonOptions.Dataset();
        var numEe = CommonOptions.NumEe();
        var distribution = CommonOptions.Distribution();
        var exitType = CommonOptions.ExitType();
        var filters = CommonOptions.Filters();
        var json = CommonOptions.Json();
        var command = new Command("describe", "Print where the early exits go and what each costs (MACs, params, relative cost).")
        {
            model, dataset, numEe, distribution, exitType, filters, json,
        };
        command.SetAction(r => io.Guard(() =>
        {
            var name = r.GetValue(model)!;
            var spec = new ModelSpec(name, r.GetValue(dataset) ?? CommonOptions.DefaultDataset(name), r.GetValue(numEe),
                r.GetValue(distribution)!, r.GetValue(exitType)!, r.GetValue(filters));
            using var net = ModelFactory.Create(spec);
            var d = net.Description;
            if (r.GetValue(json))
            {
                io.Out.WriteLine(ToJson(d));
                return 0;
            }
            io.Out.WriteLine($"{d.Model} on {d.Dataset} ({d.Family}); distribution {d.Distribution}, exit type {d.ExitType}");
            io.Out.WriteLine($"plain counterpart: {d.TotalMacs:N0} MACs, {d.TotalParams:N0} params");
            io.Out.WriteLine();
            io.Out.WriteLine($"{"exit",-5} {"position",-9} {"backbone MACs",15} {"head MACs",10} {"MACs",15} {"params",11} {"cost",7}");
            foreach (var e in d.Exits)
            {
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Index,-5} {e.Position,-9} {e.BackboneMacs,15:N0} {e.HeadMacs,10:N0} {e.Macs,15:N0} {e.Params,11:N0} {e.Cost,7:F4}"));
            }
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"last",-5} {"final",-9} {d.TotalMacs,15:N0} {"",10} {d.TotalMacs,15:N0} {d.TotalParams,11:N0} {1.0,7:F4}"));
            io.Out.WriteLine();
            io.Out.WriteLine(d.Model == "eenet8"
                ? "cost: the official fixed EENet-8 costs (0.08, 0.26); MACs counted by the kit."
                : "cost = backbone MACs up to the exit / plain counterpart's MACs (official convention; the exit head is listed apart).");
            return 0;
        }));
        return command;
    }

    /// <summary>The JSON form: {"model","dataset","totalMacs","totalParams","exits":[{"index","position","macs","params","cost"}]}.</summary>
    public static string ToJson(ModelDescription d) => JsonSerializer.Serialize(new
    {
        model = d.Model,
        dataset = d.Dataset,
        totalMacs = d.TotalMacs,
        totalParams = d.TotalParams,
        exits = d.Exits.Select(e => new { index = e.Index, position = e.Position, macs = e.Macs, @params = e.Params, cost = Math.Round(e.Cost, 6) }),
    });
}
