#!/usr/bin/env bash
# Keycloak 26 for Heaolu on 127.0.0.1:8180 with the realm of this repository (dev mode).
# Usage: keycloak.sh up|down|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION=26.4.7
DIST="$CACHE_DIR/keycloak-$VERSION"
REALM="$ROOT/deploy/local/realm-heaolu.json"
PIDFILE="$STATE_DIR/keycloak.pid"
PORT=8180
# Keycloak 26 needs Java 21 or newer.
JAVA_HOME="${HEAOLU_KEYCLOAK_JAVA_HOME:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]-openjdk-* 2>/dev/null || true) | sort -V | tail -n 1)}"
export JAVA_HOME

ensure_dist() {
  [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ] || apt_install openjdk-21-jdk-headless || true
  [ -n "$JAVA_HOME" ] || JAVA_HOME=$( (ls -d /usr/lib/jvm/java-2[1-9]-openjdk-* 2>/dev/null || true) | tail -n 1)
  [ -x "$JAVA_HOME/bin/java" ] || die "Keycloak needs a Java 21+ JDK"
  if [ ! -x "$DIST/bin/kc.sh" ]; then
    local archive="$CACHE_DIR/keycloak-quarkus-dist-$VERSION.tar.gz"
    if [ ! -f "$archive" ]; then
      command -v mvn >/dev/null || apt_install maven
      say "downloading Keycloak $VERSION from Maven Central"
      (cd "$CACHE_DIR" && mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:tar.gz" -DoutputDirectory="$CACHE_DIR")
    fi
    tar -xzf "$archive" -C "$CACHE_DIR"
  fi
}

# A changed realm file is imported afresh: the dev database is dropped and the realm re-imported.
sync_realm() {
  local hash; hash=$(sha256sum "$REALM" | cut -d' ' -f1)
  mkdir -p "$DIST/data/import"
  if [ "$(cat "$STATE_DIR/keycloak.realm.sha256" 2>/dev/null)" != "$hash" ]; then
    stop_pid "$PIDFILE" 60
    rm -rf "$DIST/data/h2"
    cp "$REALM" "$DIST/data/import/realm-heaolu.json"
    echo "$hash" > "$STATE_DIR/keycloak.realm.sha256"
  fi
}

ready() { curl -fsS "http://127.0.0.1:$PORT/realms/heaolu/.well-known/openid-configuration" -o /dev/null; }

case "${1:-up}" in
  up)
    ensure_dist
    sync_realm
    if ! pid_alive "$PIDFILE"; then
      say "starting Keycloak $VERSION (the first start takes a minute)"
      KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
      JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m" \
        setsid nohup "$DIST/bin/kc.sh" start-dev --import-realm --http-host=127.0.0.1 \
          --http-port=$PORT --hostname=http://127.0.0.1:$PORT --health-enabled=true \
          >> "$LOG_DIR/keycloak.log" 2>&1 < /dev/null &
      echo $! > "$PIDFILE"
    fi
    wait_for 300 "Keycloak" ready
    say "ready on http://127.0.0.1:$PORT (realm heaolu)"
    ;;
  down)
    stop_pid "$PIDFILE" 60
    say "stopped"
    ;;
  status)
    if pid_alive "$PIDFILE"; then say "running"; else say "stopped"; exit 1; fi
    ;;
  *) die "usage: $0 up|down|status" ;;
esac
