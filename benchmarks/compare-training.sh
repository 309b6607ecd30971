#!/usr/bin/env bash
# Training throughput, the kit vs PyTorch (benchmarks/pytorch_peer.py), same models, loop and thread count.
# Fresh processes in alternation (kit, peer, kit, peer, …); medians; ratio = kit / peer (≥ 1 means the kit is faster).
# THREADS is a comma-separated list of settings: "default" runs the kit without --threads (its own choice per model) and
# the peer at the thread count the kit chose; a number runs both at that count.
#
#   sudo apt-get install python3-torch libopenblas0-pthread      # the peer, with a real BLAS
#   dotnet build lib/EENet.Repro.Cli -c Release
#   bash benchmarks/compare-training.sh [ROUNDS] [THREADS]          # e.g. 3 default,1,2
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
THREADS="${2:-default,1,2}"
KIT="dotnet lib/EENet.Repro.Cli/bin/Release/net10.0/eenet.dll"
source benchmarks/common.sh
find_python torch "python3-torch libopenblas0-pthread"
"$PYTHON" -c "
import re, torch
config = torch.__config__.show()
print('peer: PyTorch', torch.__version__, 'from', torch.__file__)
print('  ' + ', '.join(m.group(0) for m in re.finditer(r'(BLAS_INFO|LAPACK_INFO|USE_MKLDNN|USE_OPENMP)=[^,]*', config)))"
echo "BLAS behind libblas.so.3: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.readlines()[-1])['$1'])"; }

printf "%-10s %6s %12s %14s %14s %7s\n" model batch threads "kit ex/s" "peer ex/s" ratio
# model, batch, measured steps (fewer for the slow ones; each side also runs 3 warm-up steps)
for case in "eenet8 32 200" "eenet8 128 100" "eenet20 128 30" "eenet110 128 8"; do
  set -- $case
  model=$1; batch=$2; steps=$3
  exits=""; costs=""
  if [ "$model" != "eenet8" ]; then
    desc=$($KIT describe --model "$model" --distribution fine --num-ee 2 --json)
    read -r exits costs < <(echo "$desc" | python3 -c "
import json,sys; d=json.load(sys.stdin); n=(int(d['model'][5:])-2)//6
idx=[(int(e['position'][1:].split('.b')[0])-1)*n+int(e['position'].split('.b')[1])-1 for e in d['exits']]
print(','.join(map(str,idx)), ','.join(str(e['cost']) for e in d['exits']))")
  fi
  for setting in ${THREADS//,/ }; do
    kit=(); peer=(); used="$setting"
    for r in $(seq "$ROUNDS"); do
      if [ "$setting" = default ]; then
        out=$($KIT bench train --model "$model" --batch-size "$batch" --steps "$steps" --warmup 3 --json)
        used=$(echo "$out" | field threads)
      else
        out=$($KIT bench train --model "$model" --batch-size "$batch" --threads "$setting" --steps "$steps" --warmup 3 --json)
      fi
      kit+=("$(echo "$out" | field examples_per_second)")
      peer+=("$("$PYTHON" benchmarks/pytorch_peer.py --model "$model" --batch-size "$batch" --threads "$used" --steps "$steps" --warmup 3 \
        --exit-after "$exits" --costs "$costs" | field examples_per_second)")
    done
    k=$(printf "%s\n" "${kit[@]}" | median); p=$(printf "%s\n" "${peer[@]}" | median)
    label="$setting"; [ "$setting" = default ] && label="default ($used)"
    printf "%-10s %6s %12s %14.0f %14.0f %7.2f\n" "$model" "$batch" "$label" "$k" "$p" "$(python3 -c "print($k/$p)")"
  done
done
