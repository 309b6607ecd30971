// EENet.Repro command line. Run it from the repository root:
//   dotnet run --project lib/EENet.Repro.Cli -- describe --model eenet110 --num-ee 2 --distribution pareto
//   dotnet run --project lib/EENet.Repro.Cli -- train --model eenet8 --dataset fashion-mnist --epochs 2 --out runs/e8
//   dotnet run --project lib/EENet.Repro.Cli -- evaluate --checkpoint runs/e8 --mode batched
//   dotnet run --project lib/EENet.Repro.Cli -- sweep --checkpoint runs/e8 --out runs/e8/sweep.csv
// Every command has --help.
return EENet.Repro.Cli.Cli.Run(args, Console.Out, Console.Error);
