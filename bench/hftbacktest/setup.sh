#!/usr/bin/env bash
# Creates the Python virtualenv for the hftbacktest comparison benchmark.
# Everything (venv, pip cache) stays under <repo>/.cache, which git ignores.
# Idempotent: exits at once when the venv already holds the pinned versions.
#   bash bench/hftbacktest/setup.sh        (env PYTHON=... to choose the interpreter, default python3.11)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.cache/hftbacktest-venv"
req="$here/requirements.txt"
stamp="$venv/.installed"

# The stamp holds a hash of requirements.txt, so editing the pins forces a reinstall.
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "hftbacktest venv ready: $venv"
  exit 0
fi

python="${PYTHON:-python3.11}"
if ! "$python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  echo "need Python 3.11 (set PYTHON=/path/to/python3.11); got: $("$python" --version 2>&1 || true)" >&2
  exit 1
fi

[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
export PIP_CACHE_DIR="$root/.cache/pip"
# Wheels only: the benchmark must not depend on a local Rust/C toolchain.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  --only-binary=:all: -r "$req"
"$venv/bin/python" -c 'import hftbacktest, numba, numpy, polars'
echo "$want" > "$stamp"
echo "hftbacktest venv ready: $venv"
