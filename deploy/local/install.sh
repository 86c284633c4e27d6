#!/usr/bin/env bash
# Installs what `make run` and `make test` need and is missing: uv, then the locked Python set.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if ! command -v uv >/dev/null 2>&1 && [ ! -x "$HOME/.local/bin/uv" ]; then
  echo "installing uv ..."
  python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
fi
UV="$(command -v uv 2>/dev/null || echo "$HOME/.local/bin/uv")"
"$UV" sync --frozen --quiet
bash "$ROOT/deploy/k8s/tools.sh"
