#!/usr/bin/env bash
# Common helpers of the local infrastructure scripts (sourced by them, not run on its own).
#
#   ROOT       the repository's top folder (found from this file's location)
#   CACHE_DIR  downloaded artifacts: Kafka jars, the Keycloak distribution   ($ROOT/.cache)
#   STATE_DIR  data, pid files, generated configuration                      ($ROOT/.local)
#   LOG_DIR    one log file per server                                        ($ROOT/.local/logs)
# HEAOLU_CACHE_DIR and HEAOLU_STATE_DIR move the first two elsewhere.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${HEAOLU_CACHE_DIR:-$ROOT/.cache}"
STATE_DIR="${HEAOLU_STATE_DIR:-$ROOT/.local}"
LOG_DIR="$STATE_DIR/logs"
mkdir -p "$CACHE_DIR" "$STATE_DIR" "$LOG_DIR"
# Physical paths, so a checkout whose .local and .cache are links to another one's recognises
# the servers that checkout started (pid checks and configuration compare paths).
CACHE_DIR="$(cd "$CACHE_DIR" && pwd -P)"
STATE_DIR="$(cd "$STATE_DIR" && pwd -P)"
LOG_DIR="$STATE_DIR/logs"

SCRIPT_NAME="$(basename "$0" .sh)"
say() { printf '[%s] %s\n' "$SCRIPT_NAME" "$*"; }
warn() { printf '[%s] warning: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

# Seconds since the epoch with millisecond precision, and a duration since such a stamp.
now() { date +%s.%N | cut -c1-14; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# wait_for <seconds> <what> [--pidfile F] [--log L] [--] <command...>
# Runs the command until it succeeds. Gives up after the timeout, or at once when the process
# named in the pid file has died (then the end of its log is shown).
wait_for() {
  local timeout=$1 what=$2 pidfile="" log=""
  shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      --pidfile) pidfile=$2; shift 2 ;;
      --log) log=$2; shift 2 ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$pidfile" ] && ! pid_alive "$pidfile"; then
      [ -n "$log" ] && [ -f "$log" ] && tail -n 30 "$log" >&2
      die "$what exited during start-up${log:+ (log: $log)}"
    fi
    if (( $(date +%s) >= deadline )); then
      [ -n "$log" ] && [ -f "$log" ] && tail -n 30 "$log" >&2
      die "$what not ready after ${timeout}s${log:+ (log: $log)}"
    fi
    sleep 0.5
  done
}

# pid_alive <pidfile> [pattern]: the process named in the file runs (and, with a pattern, its
# command line contains it, so that a recycled pid is not mistaken for the server).
pid_alive() {
  local file=$1 pattern=${2:-} pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ -z "$pattern" ] || tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"
}

# stop_pid <pidfile> [seconds] [pattern]: SIGTERM to the process (and its process group),
# wait, SIGKILL as a last resort. Removes the pid file.
stop_pid() {
  local file=$1 timeout=${2:-30} pattern=${3:-} pid
  if ! pid_alive "$file" "$pattern"; then rm -f "$file"; return 0; fi
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( $(date +%s) + timeout ))
  while kill -0 "$pid" 2>/dev/null; do
    if (( $(date +%s) >= deadline )); then
      warn "pid $pid did not stop within ${timeout}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$file"
}

# start_detached <pidfile> <log> <command...>: runs the command in its own session, detached
# from this shell, output appended to the log, and records its pid.
start_detached() {
  local pidfile=$1 log=$2
  shift 2
  printf '\n===== %s start: %s\n' "$(date -Is)" "$*" >> "$log"
  (
    # A long-lived server must not keep descriptors it inherited (a lock held by the caller,
    # a pipe of the calling test runner): close everything above stderr first.
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
    done
    exec setsid nohup "$@" >> "$log" 2>&1 < /dev/null
  ) &
  echo $! > "$pidfile"
}

# port_open <port>: something accepts TCP connections on 127.0.0.1:<port>.
port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# port_holder <port>: "pid command" of the process listening on 127.0.0.1:<port>, if known.
port_holder() {
  local pid
  pid=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)
  [ -n "$pid" ] && printf '%s %s' "$pid" "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)"
}

# require_free_port <port> <what>: fails with the holder's pid when the port is taken.
require_free_port() {
  port_open "$1" || return 0
  die "127.0.0.1:$1 is already taken by another process ($(port_holder "$1" || echo unknown)); stop it before starting $2"
}

apt_install() {
  if [ -z "${HEAOLU_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export HEAOLU_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_command() {  # ensure_command <command> <debian package>
  command -v "$1" >/dev/null 2>&1 || { say "installing $2"; apt_install "$2"; }
}

# mvn_run <args...>: Maven in batch mode, quiet, without colour codes.
mvn_run() {
  ensure_command mvn maven
  local out rc=0
  out=$(mktemp)
  # Maven runs on the system's default JDK, whatever JAVA_HOME the caller chose for its server.
  env -u JAVA_HOME mvn -B -q -Dstyle.color=never "$@" > "$out" 2>&1 || rc=$?
  sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -v '^[[:space:]]*$' >&2 || true
  rm -f "$out"
  return "$rc"
}

# java_major <java executable>: the feature version (17, 21, 25, ...).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

# find_java_home <minimum feature version> [preferred JAVA_HOME...]: the first preferred JDK
# that is new enough, else any new enough one under /usr/lib/jvm.
find_java_home() {
  local min=$1 candidate
  shift
  for candidate in "$@" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if [ "$(java_major "$candidate/bin/java")" -ge "$min" ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
