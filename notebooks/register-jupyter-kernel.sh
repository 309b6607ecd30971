#!/usr/bin/env bash
# Registers the .NET kernels (dotnet-interactive, pinned in .config/dotnet-tools.json) with Jupyter, listening on
# loopback only. Run once, inside the environment that has Jupyter (e.g. conda activate eenet-repro):
#   bash notebooks/register-jupyter-kernel.sh
# Then: jupyter lab notebooks/   or   jupyter nbconvert --to notebook --execute notebooks/RQ1-exits-used.ipynb
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
dotnet tool run dotnet-interactive jupyter install
# Without --http-local-only the kernel's HTTP endpoint listens on every interface.
python3 - <<'PY'
import json, os, subprocess
out = subprocess.run(["jupyter", "kernelspec", "list", "--json"], capture_output=True, text=True, check=True).stdout
for name, spec in json.loads(out)["kernelspecs"].items():
    if not name.startswith(".net-"):
        continue
    path = os.path.join(spec["resource_dir"], "kernel.json")
    kernel = json.load(open(path))
    if "--http-local-only" not in kernel["argv"]:
        kernel["argv"].insert(kernel["argv"].index("{connection_file}") + 1, "--http-local-only")
        json.dump(kernel, open(path, "w"), indent=2)
    print(f"{name}: {' '.join(kernel['argv'])}")
PY
