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

if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi
# The browser tests of the web front end: Debian's Chromium driven by Playwright (its own browser
# download is not used), and axe-core from the npm registry in the project's cache.
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium ..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
AXE_VERSION=4.10.3
AXE_DIR="${HEAOLU_CACHE_DIR:-$ROOT/.cache}/npm"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] \
  || ! grep -q "\"version\": \"$AXE_VERSION\"" "$AXE_DIR/node_modules/axe-core/package.json"; then
  echo "installing axe-core $AXE_VERSION ..."
  mkdir -p "$AXE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" >/dev/null
fi
bash "$ROOT/deploy/k8s/tools.sh"
