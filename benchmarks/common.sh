# Shared by the benchmark drivers: `source benchmarks/common.sh`.

# find_python MODULE PACKAGES: sets PYTHON to the first interpreter that imports MODULE ($PYTHON, python3 on PATH, then
# Debian's /usr/bin/python3, which pyenv may shadow), or stops with the apt-get line that installs PACKAGES.
find_python() {
  local candidate
  PYTHON="${PYTHON:-}"
  for candidate in python3 /usr/bin/python3; do
    if [ -z "$PYTHON" ] && "$candidate" -c "import $1" 2>/dev/null; then PYTHON="$candidate"; fi
  done
  [ -n "$PYTHON" ] || { echo "No Python with $1: sudo apt-get install $2"; exit 1; }
}
