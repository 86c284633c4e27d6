#!/usr/bin/env bash
# Common helpers of the local infrastructure scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${HEAOLU_CACHE_DIR:-$ROOT/.cache}"
STATE_DIR="${HEAOLU_STATE_DIR:-$ROOT/.local}"
LOG_DIR="$STATE_DIR/logs"
mkdir -p "$CACHE_DIR" "$STATE_DIR" "$LOG_DIR"

say() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*"; }
die() { say "error: $*" >&2; exit 1; }

# wait_for <seconds> <description> <command...>: retry the command until it succeeds.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then die "$what not ready after ${timeout}s"; fi
    sleep 0.5
  done
}

# pid_alive <pidfile>: the process named in the file is running.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid <pidfile> <seconds>: SIGTERM, wait, SIGKILL as a last resort.
stop_pid() {
  local file=$1 timeout=${2:-30}
  pid_alive "$file" || { rm -f "$file"; return 0; }
  local pid; pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $(( timeout * 2 ))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$file"
}

apt_install() {
  if [ -z "${HEAOLU_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export HEAOLU_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
