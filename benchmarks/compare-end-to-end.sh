#!/usr/bin/env bash
# Whole processes, the kit vs the PyTorch peer (benchmarks/pytorch_train_peer.py), alternating kit / peer, medians:
# EENet-8 on Fashion-MNIST and EENet-20 on CIFAR-10-format records, 2 epochs each, batch 32, the kit at its default
# settings (no --threads) and at --threads 1 and 2, the peer at 1 and 2 threads. "kit/peer" = the kit at its default over
# the peer at its faster thread count (≤ 1: the kit is at least as fast); "default/best" = the kit at its default over the
# kit at its faster explicit thread count (≤ 1.10: the default is within 10 % of the best setting).
#
#   sudo apt-get install python3-torch dataset-fashion-mnist      # the peer and the data
#   dotnet build lib/EENet.Repro.Cli -c Release
#   bash benchmarks/compare-end-to-end.sh [ROUNDS]       # CASES=eenet20 bash …: one model only
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
KIT="dotnet lib/EENet.Repro.Cli/bin/Release/net10.0/eenet.dll"
source benchmarks/common.sh
find_python torch "python3-torch"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# CIFAR-10-format records (random pixels, real layout): 8,000 training and 2,000 test examples.
"$PYTHON" - "$WORK/data/cifar10/cifar-10-batches-bin" <<'PY'
import os, sys, numpy as np
d = sys.argv[1]; os.makedirs(d, exist_ok=True); r = np.random.default_rng(1)
for name, n in [(f"data_batch_{i}.bin", 1600) for i in range(1, 6)] + [("test_batch.bin", 2000)]:
    rec = np.empty((n, 3073), np.uint8); rec[:, 0] = r.integers(0, 10, n); rec[:, 1:] = r.integers(0, 256, (n, 3072))
    rec.tofile(os.path.join(d, name))
PY
seconds() { local TIMEFORMAT=%R; { time "$@" > /dev/null 2>&1; } 2>&1; }
calc() { python3 -c "print($1)"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf "%-34s %9s %9s %9s %9s %9s %9s %12s\n" case "kit" "kit 1t" "kit 2t" "peer 1t" "peer 2t" "kit/peer" "default/best"
run_case() {
  local name="$1"; shift
  local kit_args="$1"; shift
  local peer_args="$1"
  local kit=() k1=() k2=() p1=() p2=()
  for r in $(seq "$ROUNDS"); do
    rm -rf "$WORK/run"; kit+=("$(seconds $KIT train $kit_args --out "$WORK/run")")
    rm -rf "$WORK/run"; k1+=("$(seconds $KIT train $kit_args --threads 1 --out "$WORK/run")")
    rm -rf "$WORK/run"; k2+=("$(seconds $KIT train $kit_args --threads 2 --out "$WORK/run")")
    p1+=("$(seconds "$PYTHON" benchmarks/pytorch_train_peer.py $peer_args --threads 1)")
    p2+=("$(seconds "$PYTHON" benchmarks/pytorch_train_peer.py $peer_args --threads 2)")
  done
  local k a b p t1 t2
  k=$(printf "%s\n" "${kit[@]}" | median); a=$(printf "%s\n" "${k1[@]}" | median); b=$(printf "%s\n" "${k2[@]}" | median)
  t1=$(printf "%s\n" "${p1[@]}" | median); t2=$(printf "%s\n" "${p2[@]}" | median)
  p=$(calc "min($t1, $t2)")
  printf "%-34s %9.1f %9.1f %9.1f %9.1f %9.1f %9.2f %12.2f\n" "$name" "$k" "$a" "$b" "$t1" "$t2" "$(calc "$k / $p")" "$(calc "$k / min($a, $b)")"
}
CASES="${CASES:-eenet8 eenet20}"
if [[ " $CASES " == *" eenet8 "* ]]; then
  run_case "eenet8, fashion-mnist, 2 epochs" "--model eenet8 --dataset fashion-mnist --epochs 2" "--model eenet8 --data fashion-mnist --epochs 2"
fi
if [[ " $CASES " == *" eenet20 "* ]]; then
  run_case "eenet20, cifar10 format, 2 epochs" "--model eenet20 --dataset cifar10 --data-dir $WORK/data --epochs 2" \
    "--model eenet20 --data $WORK/data/cifar10/cifar-10-batches-bin --epochs 2"
fi
