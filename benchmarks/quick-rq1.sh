#!/usr/bin/env bash
# reproduce rq1 --profile quick end to end, whole processes, on stand-in data in the real formats (the kit's development
# machines cannot download MNIST or CIFAR-10): Fashion-MNIST's IDX files as data/mnist, random records in the CIFAR-10
# binary layout (50,000 training, 10,000 test) as data/cifar10. Once with the default worker count (--jobs 0: one worker
# per core while runs are pending) and once with --jobs 1, each into a fresh results folder; prints the wall times.
#
#   sudo apt-get install dataset-fashion-mnist python3-numpy
#   dotnet build lib/EENet.Repro.Cli -c Release
#   bash benchmarks/quick-rq1.sh                 # JOBS="0" bash benchmarks/quick-rq1.sh: the default only
set -euo pipefail
cd "$(dirname "$0")/.."
KIT="dotnet lib/EENet.Repro.Cli/bin/Release/net10.0/eenet.dll"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
source benchmarks/common.sh
find_python numpy "python3-numpy"
JOBS="${JOBS:-0 1}"
mkdir -p "$WORK/data/mnist"
cp /usr/share/datasets/fashion-mnist/*.gz "$WORK/data/mnist/"
"$PYTHON" - "$WORK/data/cifar10/cifar-10-batches-bin" <<'PY'
import os, sys, numpy as np
d = sys.argv[1]; os.makedirs(d, exist_ok=True); r = np.random.default_rng(1)
for name, n in [(f"data_batch_{i}.bin", 10000) for i in range(1, 6)] + [("test_batch.bin", 10000)]:
    rec = np.empty((n, 3073), np.uint8); rec[:, 0] = r.integers(0, 10, n); rec[:, 1:] = r.integers(0, 256, (n, 3072))
    rec.tofile(os.path.join(d, name))
PY
for jobs in $JOBS; do
  start=$(date +%s.%N)
  $KIT reproduce rq1 --profile quick --data-dir "$WORK/data" --results "$WORK/results-$jobs" --jobs "$jobs" > "$WORK/log-$jobs.txt" 2>&1
  end=$(date +%s.%N)
  printf "reproduce rq1 --profile quick --jobs %s: %.1f min\n" "$jobs" "$(python3 -c "print(($end - $start) / 60)")"
  grep -E "^training pending|runs \(" "$WORK/log-$jobs.txt" || true
done
