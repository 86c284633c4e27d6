#!/usr/bin/env bash
# The whole local infrastructure: PostgreSQL, Kafka and Keycloak. Usage: infra.sh up|down|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HERE="$ROOT/deploy/local"

case "${1:-up}" in
  up)
    command -v curl >/dev/null || apt_install curl
    bash "$HERE/postgres.sh" up
    # Keycloak starts slowly: let it come up while Kafka starts.
    bash "$HERE/keycloak.sh" up > "$LOG_DIR/keycloak-up.out" 2>&1 &
    kc=$!
    bash "$HERE/kafka.sh" up
    if ! wait "$kc"; then cat "$LOG_DIR/keycloak-up.out" >&2; die "Keycloak did not start"; fi
    cat "$LOG_DIR/keycloak-up.out"
    ;;
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
  *) die "usage: $0 up|down|status" ;;
esac
