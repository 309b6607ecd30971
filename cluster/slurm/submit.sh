#!/usr/bin/env bash
# Submits the shard array and the report job that waits for it. Usage, from the repository root on the cluster:
#   export EENET_RESULTS_DIR=/shared/eenet/results EENET_DATA_DIR=/shared/eenet/data
#   bash cluster/slurm/submit.sh [ARRAY_SIZE]        # default 8 shards
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE="${1:-8}"
: "${EENET_RESULTS_DIR:?set EENET_RESULTS_DIR to a folder on the shared file system}"
: "${EENET_DATA_DIR:?set EENET_DATA_DIR to the datasets}"
dotnet lib/EENet.Repro.Cli/bin/Release/net10.0/eenet.dll reproduce all --profile full --results "$EENET_RESULTS_DIR" --list \
  | grep -E "runs," || true
ARRAY=$(sbatch --parsable --array="0-$((SIZE - 1))" --export=ALL cluster/slurm/reproduce.sbatch)
echo "shards: job $ARRAY (${SIZE} tasks)"
REPORT=$(sbatch --parsable --dependency="afterok:${ARRAY}" --export=ALL cluster/slurm/report.sbatch)
echo "report: job $REPORT (runs after every shard succeeded)"
