#!/usr/bin/env bash
# Keycloak 26 for Heaolu in development mode on http://127.0.0.1:8180 with the realm `heaolu`
# imported from deploy/local/realm-heaolu.json. Admin console: admin / admin (dev only).
#
# Usage: keycloak.sh up|down|restart|status|fetch
#   up     fetch the distribution if missing, start, wait for the realm's discovery document.
#          When the realm file (or the Keycloak version or start options) changed since the last
#          import, the dev database is dropped and the realm imported afresh, so the running realm
#          always is the repository's.
#   down   SIGTERM, SIGKILL after 60 s
#   fetch  only download and unpack the distribution into $CACHE_DIR/keycloak-<version>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION=26.7.3
DIST="$CACHE_DIR/keycloak-$VERSION"
REALM="$ROOT/deploy/local/realm-heaolu.json"
PIDFILE="$STATE_DIR/keycloak.pid"
STAMP="$STATE_DIR/keycloak.realm.sha256"
LOG="$LOG_DIR/keycloak.log"
PORT=8180
MANAGEMENT_PORT=8181
# Any Keycloak started from this cache (whatever its version) counts as ours.
PROCESS_PATTERN="$CACHE_DIR/keycloak-"
OPTIONS=(start-dev --import-realm --http-host=127.0.0.1 "--http-port=$PORT"
  "--hostname=http://127.0.0.1:$PORT" --health-enabled=true "--http-management-port=$MANAGEMENT_PORT")

ensure_java() {
  # Keycloak 26 needs Java 21 or newer; the Temurin JDK of the machine is preferred.
  JAVA_HOME=$(find_java_home 21 "${HEAOLU_KEYCLOAK_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 || true)
  if [ -z "$JAVA_HOME" ]; then
    say "no Java 21+ found: trying the distribution's openjdk-21"
    apt_install openjdk-21-jre-headless || true
    JAVA_HOME=$(find_java_home 21) || die "Keycloak needs Java 21 or newer (none under /usr/lib/jvm)"
  fi
  export JAVA_HOME
}

ensure_dist() {
  [ -x "$DIST/bin/kc.sh" ] && return 0
  local t0 archive="$CACHE_DIR/keycloak-quarkus-dist-$VERSION.tar.gz" tmp
  t0=$(now)
  say "downloading Keycloak $VERSION from Maven Central"
  (cd "$CACHE_DIR" && mvn_run org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$VERSION:tar.gz" "-DoutputDirectory=$CACHE_DIR")
  tmp=$(mktemp -d "$CACHE_DIR/keycloak-unpack.XXXXXX")
  tar -xzf "$archive" -C "$tmp"
  rm -rf "$DIST"
  mv "$tmp/keycloak-$VERSION" "$DIST"
  rm -rf "$tmp" "$archive"  # Maven's local repository keeps the archive
  say "unpacked into $DIST in $(since "$t0")s"
}

stamp() { echo "$VERSION $(cat "$REALM" | sha256sum | cut -c1-16) $(echo "$JAVA_HOME ${OPTIONS[*]}" | sha256sum | cut -c1-16)"; }

# A changed realm file, version or set of options: drop the dev database, import afresh.
sync_realm() {
  local want; want=$(stamp)
  if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ] || [ ! -f "$DIST/data/import/realm-heaolu.json" ]; then
    if pid_alive "$PIDFILE" "$PROCESS_PATTERN"; then
      say "the realm file, version or options changed: restarting with a fresh import"
      stop_pid "$PIDFILE" 60 "$PROCESS_PATTERN"
    fi
    rm -rf "$DIST/data/h2" "$DIST/data/import"
    mkdir -p "$DIST/data/import"
    cp "$REALM" "$DIST/data/import/realm-heaolu.json"
    echo "$want" > "$STAMP"
  fi
}

ready() { curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$PORT/realms/heaolu/.well-known/openid-configuration"; }

up() {
  local t0; t0=$(now)
  command -v curl >/dev/null 2>&1 || apt_install curl
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$REALM" 2>/dev/null || die "$REALM is not valid JSON"
  fi
  ensure_java
  ensure_dist
  sync_realm
  if ! pid_alive "$PIDFILE" "$PROCESS_PATTERN"; then
    require_free_port "$PORT" "Keycloak"
    require_free_port "$MANAGEMENT_PORT" "Keycloak"
    say "starting Keycloak $VERSION on Java $(java_major "$JAVA_HOME/bin/java") (a first start takes a minute or two)"
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m" \
      start_detached "$PIDFILE" "$LOG" "$DIST/bin/kc.sh" "${OPTIONS[@]}"
  fi
  wait_for 300 "Keycloak" --pidfile "$PIDFILE" --log "$LOG" -- ready
  say "ready on http://127.0.0.1:$PORT/realms/heaolu in $(since "$t0")s (Keycloak $VERSION, pid $(cat "$PIDFILE"))"
}

down() {
  local t0; t0=$(now)
  if pid_alive "$PIDFILE" "$PROCESS_PATTERN"; then
    stop_pid "$PIDFILE" 60 "$PROCESS_PATTERN"
    say "stopped in $(since "$t0")s"
  else
    rm -f "$PIDFILE"
    say "not running"
  fi
}

# The version the running server was started from (from its home folder).
running_version() {
  tr '\0' ' ' < "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -o 'keycloak-[0-9][0-9a-zA-Z.-]*' | head -n 1 | sed 's:^keycloak-::' || true
}

status() {
  if pid_alive "$PIDFILE" "$PROCESS_PATTERN"; then
    local running; running=$(running_version)
    say "running: pid $(cat "$PIDFILE"), http://127.0.0.1:$PORT, Keycloak ${running:-?}, log $LOG"
    [ "$running" = "$VERSION" ] || say "note: the repository asks for Keycloak $VERSION; the next \`up\` restarts with it and imports the realm afresh"
  else
    say "stopped"
    return 1
  fi
}

case "${1:-up}" in
  up | start) up ;;
  down | stop) down ;;
  restart) down; up ;;
  status) status ;;
  fetch) ensure_java; ensure_dist ;;
  *) die "usage: $0 up|down|restart|status|fetch" ;;
esac
