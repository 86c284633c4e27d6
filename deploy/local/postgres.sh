#!/usr/bin/env bash
# PostgreSQL for Heaolu: a private cluster on 127.0.0.1:5432, one database and role per service.
# Usage: postgres.sh up|down|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(intake casework court ngts reporting audit)
PORT=5432
# PostgreSQL refuses to run as root; its data lives where the postgres user may write.
PGDATA="${HEAOLU_PGDATA:-/var/lib/heaolu/pg}"

find_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

as_pg() { runuser -u postgres -w PGOPTIONS -- "$@"; }

ensure_installed() {
  if [ -z "$(find_bin)" ]; then
    say "installing PostgreSQL from apt"
    apt_install postgresql postgresql-contrib
  fi
  BIN=$(find_bin)
  [ -n "$BIN" ] || die "PostgreSQL binaries not found after install"
}

ensure_cluster() {
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "initialising the cluster in $PGDATA"
    mkdir -p "$PGDATA"
    chown -R postgres:postgres "$(dirname "$PGDATA")"
    chmod 700 "$PGDATA"
    as_pg "$BIN/initdb" -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = 300
shared_buffers = 256MB
unix_socket_directories = '/var/run/postgresql'
logging_collector = off
CONF
  fi
}

start() {
  mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
  if as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then return 0; fi
  # The distribution's own cluster would hold the port.
  if command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | awk '{print $3,$4}' | grep -q "^$PORT online"; then
    say "stopping the system's default cluster on port $PORT"
    pg_lsclusters -h | awk -v p=$PORT '$3==p {print $1, $2}' | while read -r v c; do pg_ctlcluster "$v" "$c" stop || true; done
  fi
  touch "$LOG_DIR/postgres.log" && chown postgres "$LOG_DIR/postgres.log"
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$LOG_DIR/postgres.log" -w -t 60 start >/dev/null
}

psql_admin() { PGOPTIONS="-c client_min_messages=warning" as_pg "$BIN/psql" -h /var/run/postgresql -p $PORT -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

ensure_roles_and_databases() {
  psql_admin -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'heaolu_admin') THEN
    CREATE ROLE heaolu_admin LOGIN CREATEDB PASSWORD 'heaolu_admin_dev';
  END IF;
END \$\$;
SQL
  for s in "${SERVICES[@]}"; do
    psql_admin -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'heaolu_$s') THEN
    CREATE ROLE heaolu_$s LOGIN PASSWORD 'heaolu_${s}_dev';
  END IF;
END \$\$;
GRANT heaolu_$s TO heaolu_admin;
SQL
    if [ -z "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$s'")" ]; then
      psql_admin -d postgres -c "CREATE DATABASE $s OWNER heaolu_$s"
    fi
  done
}

ready() {
  PGPASSWORD=heaolu_intake_dev psql -h 127.0.0.1 -p $PORT -U heaolu_intake -d intake -qtAc 'SELECT 1' | grep -q 1
}

case "${1:-up}" in
  up)
    ensure_installed
    ensure_cluster
    start
    wait_for 60 "PostgreSQL" "$BIN/pg_isready" -h 127.0.0.1 -p $PORT
    ensure_roles_and_databases
    wait_for 30 "PostgreSQL login" ready
    say "ready on 127.0.0.1:$PORT (data in $PGDATA)"
    ;;
  down)
    BIN=$(find_bin || true)
    if [ -n "$BIN" ] && [ -f "$PGDATA/PG_VERSION" ]; then
      as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    say "stopped"
    ;;
  status)
    BIN=$(find_bin || true)
    if [ -n "$BIN" ] && as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then say "running"; else say "stopped"; exit 1; fi
    ;;
  *) die "usage: $0 up|down|status" ;;
esac
