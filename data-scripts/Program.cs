// Download, verify (checksums) and unpack the kit's datasets into the folder its loaders read.
//
//   dotnet run --project data-scripts -- fetch mnist                     # or fashion-mnist, cifar10, svhn, tiny-imagenet, all
//   dotnet run --project data-scripts -- fetch cifar10 --mirror http://classroom-server/datasets
//   dotnet run --project data-scripts -- fetch all --from /media/usb/datasets   # offline: already-downloaded files
//   dotnet run --project data-scripts -- verify all
//   dotnet run --project data-scripts -- list
//
// The data folder is ./data, or $EENET_DATA_DIR, or --data-dir. Fashion-MNIST is taken from Debian's
// dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist) when it is installed, with no network.
using System.CommandLine;
using EENet.Repro.DataScripts;

return DataScriptsCli.Run(args, Console.Out, Console.Error);
