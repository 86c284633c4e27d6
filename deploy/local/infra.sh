#!/usr/bin/env bash
# The whole local infrastructure: PostgreSQL, Kafka and Keycloak.
# Usage: infra.sh up|down|status|fetch
#   up     PostgreSQL first, then Kafka and Keycloak side by side; returns when all three are
#          ready (or fails with the end of the failing server's log). Fast when already running.
#   down   stops all three, keeping their data
#   fetch  only downloads what is missing (PostgreSQL package, Kafka jars, Keycloak)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HERE="$ROOT/deploy/local"

summary() {
  cat <<EOF
[infra] local infrastructure (development credentials only):
  PostgreSQL  127.0.0.1:5432   databases intake casework court ngts reporting audit,
              role heaolu_<service> / heaolu_<service>_dev; heaolu_admin / heaolu_admin_dev (CREATEDB)
  Kafka       127.0.0.1:19092  (controller 127.0.0.1:19093; topics: python -m heaolu_shared.topics)
  Keycloak    http://127.0.0.1:8180  realm heaolu, issuer http://127.0.0.1:8180/realms/heaolu
              console admin / admin; demo users password demo; token client heaolu-dev
  logs        $LOG_DIR
EOF
}

up() {
  local t0 rc=0 kafka_pid keycloak_pid
  t0=$(now)
  # Downloads one after the other (they share Maven's local repository), starts side by side.
  bash "$HERE/kafka.sh" fetch
  bash "$HERE/keycloak.sh" fetch
  bash "$HERE/postgres.sh" up
  bash "$HERE/keycloak.sh" up > "$LOG_DIR/keycloak-up.out" 2>&1 &
  keycloak_pid=$!
  bash "$HERE/kafka.sh" up > "$LOG_DIR/kafka-up.out" 2>&1 &
  kafka_pid=$!
  wait "$kafka_pid" || rc=1
  cat "$LOG_DIR/kafka-up.out"
  wait "$keycloak_pid" || rc=1
  cat "$LOG_DIR/keycloak-up.out"
  [ "$rc" = 0 ] || die "the infrastructure did not come up (see above)"
  summary
  say "all ready in $(since "$t0")s"
}

case "${1:-up}" in
  up) up ;;
  down)
    bash "$HERE/keycloak.sh" down
    bash "$HERE/kafka.sh" down
    bash "$HERE/postgres.sh" down
    ;;
  status)
    rc=0
    for s in postgres kafka keycloak; do bash "$HERE/$s.sh" status || rc=1; done
    exit $rc
    ;;
  fetch)
    [ -n "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] || { say "installing PostgreSQL"; apt_install postgresql; }
    bash "$HERE/kafka.sh" fetch
    bash "$HERE/keycloak.sh" fetch
    ;;
  *) die "usage: $0 up|down|status|fetch" ;;
esac
