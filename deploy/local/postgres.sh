#!/usr/bin/env bash
# PostgreSQL for Heaolu: a private cluster on 127.0.0.1:5432 run as the `postgres` OS user
# (PostgreSQL refuses to run as root), one database and one login role per service, and
# `heaolu_admin` (CREATEDB) for tests that make throwaway databases.
#
# Usage: postgres.sh up|down|restart|status
#   up       install PostgreSQL from apt if missing, create the cluster once, start it, create
#            the roles and databases, and wait until a service role can log in
#   down     stop the cluster (fast shutdown), keeping the data
#   restart  down + up (needed only after a change to a setting that requires it)
#   status   exit 0 when the cluster runs
#
# Data: $STATE_DIR/pg/data (owned by postgres; socket in $STATE_DIR/pg/run). When the postgres
# user cannot traverse to $STATE_DIR, /var/lib/heaolu/pg/data is used instead. A cluster made
# by an earlier version of this script directly in /var/lib/heaolu/pg keeps being used.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(intake casework court ngts reporting audit)
PORT=5432
MACHINE_HOME=/var/lib/heaolu/pg

as_pg() { (cd / && runuser -u postgres -- "$@"); }
postgres_can_reach() { as_pg test -x "$1" 2>/dev/null; }

find_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

ensure_installed() {
  BIN=$(find_bin || true)
  if [ -z "$BIN" ]; then
    say "installing PostgreSQL from apt"
    apt_install postgresql
    BIN=$(find_bin || true)
    [ -n "$BIN" ] || die "PostgreSQL binaries not found after installing the package"
  fi
}

# Where the cluster lives: PGDATA (data directory), SOCKDIR (unix socket), PGLOG (server log).
choose_layout() {
  if [ -n "${HEAOLU_PGDATA:-}" ]; then
    PGDATA=$HEAOLU_PGDATA; SOCKDIR="$(dirname "$PGDATA")/run"
  elif [ -f "$STATE_DIR/pg/data/PG_VERSION" ]; then
    PGDATA="$STATE_DIR/pg/data"; SOCKDIR="$STATE_DIR/pg/run"
  elif [ -f "$MACHINE_HOME/data/PG_VERSION" ]; then
    PGDATA="$MACHINE_HOME/data"; SOCKDIR="$MACHINE_HOME/run"
  elif [ -f "$MACHINE_HOME/PG_VERSION" ]; then
    # The layout of earlier versions of this script: data directly in /var/lib/heaolu/pg.
    PGDATA="$MACHINE_HOME"; SOCKDIR=/var/run/postgresql
  elif postgres_can_reach "$STATE_DIR"; then
    PGDATA="$STATE_DIR/pg/data"; SOCKDIR="$STATE_DIR/pg/run"
  else
    PGDATA="$MACHINE_HOME/data"; SOCKDIR="$MACHINE_HOME/run"
  fi
  # A unix socket path may not exceed 107 bytes.
  if [ ${#SOCKDIR} -gt 90 ]; then SOCKDIR=/var/run/heaolu-pg; fi
  if postgres_can_reach "$LOG_DIR"; then PGLOG="$LOG_DIR/postgres.log"; else PGLOG="$(dirname "$PGDATA")/postgres.log"; fi
}

running() { [ -n "${BIN:-}" ] && [ -f "$PGDATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

# The socket directory of the running server (from postmaster.pid), else the configured one.
live_sockdir() {
  local dir=""
  [ -f "$PGDATA/postmaster.pid" ] && dir=$(sed -n 5p "$PGDATA/postmaster.pid" 2>/dev/null | cut -d, -f1)
  echo "${dir:-$SOCKDIR}"
}

psql_admin() {
  PGOPTIONS="-c client_min_messages=warning" as_pg "$BIN/psql" -h "$(live_sockdir)" -p "$PORT" \
    -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAX "$@"
}

init_cluster() {
  [ -f "$PGDATA/PG_VERSION" ] && return 0
  say "creating the cluster in $PGDATA"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$(dirname "$PGDATA")" "$PGDATA"
  chmod 700 "$(dirname "$PGDATA")" "$PGDATA"
  as_pg "$BIN/initdb" -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null
}

# The project's settings live in heaolu.conf and pg_hba.conf, rewritten on every `up`.
# Prints "changed" when either file changed.
write_config() {
  local conf="$PGDATA/heaolu.conf" hba="$PGDATA/pg_hba.conf" tmp changed=""
  grep -q "^include_if_exists = 'heaolu.conf'" "$PGDATA/postgresql.conf" ||
    echo "include_if_exists = 'heaolu.conf'" >> "$PGDATA/postgresql.conf"
  tmp=$(mktemp)
  cat > "$tmp" <<CONF
# Written by deploy/local/postgres.sh on every start; local development only.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKDIR'
password_encryption = 'scram-sha-256'
max_connections = 300
# Sized for a 2-core development machine that also runs Kafka, Keycloak and the services.
shared_buffers = 256MB
effective_cache_size = 1GB
work_mem = 8MB
maintenance_work_mem = 128MB
max_wal_size = 2GB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9
random_page_cost = 1.1
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
# LISTEN/NOTIFY wakes the outbox relays; the default queue is plenty.
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
log_statement = 'none'
CONF
  cmp -s "$tmp" "$conf" || { install -o postgres -g postgres -m 600 "$tmp" "$conf"; changed=1; }
  cat > "$tmp" <<HBA
# Written by deploy/local/postgres.sh on every start; local development only.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer
host    all       all       127.0.0.1/32   scram-sha-256
HBA
  cmp -s "$tmp" "$hba" || { install -o postgres -g postgres -m 600 "$tmp" "$hba"; changed=1; }
  rm -f "$tmp"
  [ -z "$changed" ] || echo changed
}

# The Debian package's own cluster (`main`) starts on 5432 right after installation.
stop_system_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  local version cluster port status
  while read -r version cluster port status _; do
    if [ "$port" = "$PORT" ] && [ "$status" = "online" ] && [ "$(pg_conftool -s "$version" "$cluster" show data_directory 2>/dev/null)" != "$PGDATA" ]; then
      say "stopping the distribution's cluster $version/$cluster, which holds port $PORT"
      pg_ctlcluster "$version" "$cluster" stop || service postgresql stop || true
      # Keep it from coming back with `service postgresql start`.
      [ -f "/etc/postgresql/$version/$cluster/start.conf" ] && echo manual > "/etc/postgresql/$version/$cluster/start.conf"
    fi
  done < <(pg_lsclusters -h 2>/dev/null || true)
}

start() {
  mkdir -p "$SOCKDIR" && chown postgres:postgres "$SOCKDIR" && chmod 2775 "$SOCKDIR"
  touch "$PGLOG" && chown postgres:postgres "$PGLOG"
  stop_system_cluster
  require_free_port "$PORT" "PostgreSQL"
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 start >/dev/null ||
    { tail -n 20 "$PGLOG" >&2; die "PostgreSQL did not start (log: $PGLOG)"; }
}

ensure_roles_and_databases() {
  local sql="" s
  sql+="SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['heaolu_admin'"
  for s in "${SERVICES[@]}"; do sql+=", 'heaolu_$s'"; done
  sql+="]) AS r WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \\gexec"$'\n'
  sql+="ALTER ROLE heaolu_admin WITH LOGIN CREATEDB NOSUPERUSER PASSWORD 'heaolu_admin_dev';"$'\n'
  # DROP DATABASE ... WITH (FORCE) in the tests must be able to end an autovacuum worker too.
  sql+="GRANT pg_signal_backend TO heaolu_admin;"$'\n'
  for s in "${SERVICES[@]}"; do
    sql+="ALTER ROLE heaolu_$s WITH LOGIN NOCREATEDB NOSUPERUSER PASSWORD 'heaolu_${s}_dev';"$'\n'
    sql+="SELECT 'CREATE DATABASE $s OWNER heaolu_$s ENCODING ''UTF8''' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$s') \\gexec"$'\n'
    sql+="ALTER DATABASE $s OWNER TO heaolu_$s;"$'\n'
    # Database per service: only the owner (and heaolu_admin through membership) may connect.
    sql+="REVOKE CONNECT ON DATABASE $s FROM PUBLIC;"$'\n'
    sql+="GRANT heaolu_$s TO heaolu_admin;"$'\n'
  done
  psql_admin <<< "$sql" >/dev/null
}

login_works() {  # login_works <role> <database>
  PGPASSWORD="${1}_dev" PGCONNECT_TIMEOUT=3 "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$1" -d "$2" -qtAXc 'SELECT 1' 2>/dev/null | grep -qx 1
}

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && login_works heaolu_intake intake; }

up() {
  local t0; t0=$(now)
  ensure_installed
  choose_layout
  init_cluster
  local changed; changed=$(write_config)
  if running; then
    if [ -n "$changed" ]; then
      as_pg "$BIN/pg_ctl" -D "$PGDATA" reload >/dev/null
      sleep 0.5
      local pending
      pending=$(psql_admin -c "SELECT string_agg(name, ', ') FROM pg_settings WHERE pending_restart" || true)
      [ -z "$pending" ] || warn "settings changed that need a restart ($pending): run postgres.sh restart"
    fi
  else
    start
  fi
  wait_for 60 "PostgreSQL" -- "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"
  ensure_roles_and_databases
  wait_for 30 "PostgreSQL login" -- ready
  local s
  login_works heaolu_admin postgres || die "heaolu_admin cannot log in"
  for s in "${SERVICES[@]}"; do login_works "heaolu_$s" "$s" || die "heaolu_$s cannot log in to $s"; done
  say "ready on 127.0.0.1:$PORT in $(since "$t0")s (PostgreSQL $("$BIN/postgres" -V | awk '{print $3}'), data $PGDATA)"
}

down() {
  BIN=$(find_bin || true)
  choose_layout
  if running; then
    as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

status() {
  BIN=$(find_bin || true)
  choose_layout
  if running; then
    say "running: pid $(head -n 1 "$PGDATA/postmaster.pid"), 127.0.0.1:$PORT, data $PGDATA, log $PGLOG"
  else
    say "stopped (data $PGDATA)"
    return 1
  fi
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  restart) down; up ;;
  status) status ;;
  *) die "usage: $0 up|down|restart|status" ;;
esac
