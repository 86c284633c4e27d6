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

# Bytecode, written here so that every process reads it instead of compiling its modules at each
# start (about 4 of a service's 6 CPU seconds of start-up here), also where the environment says
# not to write bytecode (PYTHONDONTWRITEBYTECODE). The installed packages are compiled when the
# lock or the interpreter changes (about 35 s once); the workspace's own modules every time
# (half a second: compileall skips what is current).
PYTHON="$("$UV" run --frozen python -c 'import sys; print(sys.executable)')"
STAMP="$("$PYTHON" -c 'import sys; print(sys.prefix)')/.heaolu-bytecode"
WANT="$(sha256sum uv.lock | cut -c1-16) $("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "compiling the installed packages to bytecode ..."
  # A package may ship files for other Python versions (templates, fixtures): not ours to fix.
  "$PYTHON" -m compileall -q -j 0 "$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" >/dev/null || true
  echo "$WANT" > "$STAMP"
fi
"$PYTHON" -m compileall -q -j 0 shared services deploy/local deploy/k8s/heaolu_k8s bench tests >/dev/null

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
