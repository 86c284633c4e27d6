#!/usr/bin/env bash
# Apache Kafka 4 for Heaolu: one KRaft node (broker + controller), clients on 127.0.0.1:19092,
# the controller on 127.0.0.1:19093. Broker-side topic auto-creation is off: topics come from
# `python -m heaolu_shared.topics`.
#
# Usage: kafka.sh up|down|restart|status|fetch|topics [TopicCommand args...]
#   up | start-broker  fetch the jars if missing, format the storage once, start, wait until a
#                      metadata round-trip succeeds; keeps every topic and message from before
#   down | stop-broker SIGTERM (controlled shutdown), SIGKILL after 60 s; keeps the data
#   fetch              only collect the jars into $CACHE_DIR/kafka-<version>/libs
#   topics ARGS        Kafka's topic tool against the local broker, e.g. `kafka.sh topics --list`
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

POM="$ROOT/deploy/local/kafka/pom.xml"
VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")
LIBS="$CACHE_DIR/kafka-$VERSION/libs"
HOME_DIR="$STATE_DIR/kafka"
DATA_DIR="$HOME_DIR/data"
PIDFILE="$HOME_DIR/kafka.pid"
STAMP="$HOME_DIR/kafka.stamp"
LOG="$LOG_DIR/kafka.log"
PORT=19092
CONTROLLER_PORT=19093
PROCESS_PATTERN="kafka.Kafka $HOME_DIR/server.properties"
mkdir -p "$HOME_DIR"

ensure_java() {
  JAVA_HOME=$(find_java_home 17 "${HEAOLU_KAFKA_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 || true)
  if [ -z "$JAVA_HOME" ]; then
    say "installing a Java 17 runtime"
    apt_install openjdk-17-jre-headless
    JAVA_HOME=$(find_java_home 17 /usr/lib/jvm/java-17-openjdk-amd64) || die "Kafka needs Java 17 or newer"
  fi
  JAVA="$JAVA_HOME/bin/java"
}

ensure_jars() {
  [ -f "$LIBS/.complete" ] && return 0
  local t0; t0=$(now)
  say "collecting Kafka $VERSION from Maven Central into $LIBS"
  rm -rf "$LIBS.partial"
  mvn_run -f "$POM" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS.partial"
  touch "$LIBS.partial/.complete"
  rm -rf "$LIBS"
  mv "$LIBS.partial" "$LIBS"
  say "collected $(ls "$LIBS" | wc -l) jars in $(since "$t0")s"
}

write_config() {
  mkdir -p "$DATA_DIR"
  cat > "$HOME_DIR/server.properties" <<CONF
# Written by deploy/local/kafka.sh on every start; local development only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=67108864
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=2
CONF
  cat > "$HOME_DIR/log4j2.properties" <<'CONF'
# Written by deploy/local/kafka.sh: warnings and errors, plus the start and stop lines.
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = STDOUT
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = info
logger.broker.name = kafka.server.BrokerServer
logger.broker.level = info
logger.state.name = state.change.logger
logger.state.level = off
CONF
  # Client settings of the readiness probe: fail fast rather than wait a minute.
  cat > "$HOME_DIR/probe.properties" <<'CONF'
request.timeout.ms=3000
default.api.timeout.ms=5000
CONF
}

# What the running broker was started with; a change restarts it on `up`.
stamp() { echo "$VERSION $JAVA_HOME ${BROKER_JVM[*]} $(cat "$HOME_DIR/server.properties" "$HOME_DIR/log4j2.properties" | sha256sum | cut -c1-16)"; }

run_tool() {  # run_tool <main class> <args...>: a Kafka command-line tool on the cached classpath
  "$JAVA" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m \
    -Dlog4j2.configurationFile="$HOME_DIR/log4j2.properties" -cp "$LIBS/*" "$@"
}

format_storage() {
  [ -f "$DATA_DIR/meta.properties" ] && return 0
  local id
  id=$(run_tool kafka.tools.StorageTool random-uuid | tail -n 1)
  say "formatting the storage (cluster id $id)"
  run_tool kafka.tools.StorageTool format -t "$id" -c "$HOME_DIR/server.properties" --standalone >/dev/null
}

# The broker's JVM. Only the C1 compiler (ADR 0041): this broker is restarted with every
# machine and never runs long enough for C2's optimised code to repay compiling it. Under the
# benchmarks' load C2's compiler thread used more CPU than the request handlers it compiled
# for, and did so for tens of thousands of reports after a start.
BROKER_JVM=(-Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:TieredStopAtLevel=1
  -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true)

start_broker() {
  require_free_port "$PORT" "Kafka"
  require_free_port "$CONTROLLER_PORT" "Kafka"
  start_detached "$PIDFILE" "$LOG" "$JAVA" "${BROKER_JVM[@]}" \
    -Dlog4j2.configurationFile="$HOME_DIR/log4j2.properties" \
    -cp "$LIBS/*" kafka.Kafka "$HOME_DIR/server.properties"
  stamp > "$STAMP"
}

# Ready: the client port answers and a real metadata request (listing topics) succeeds.
ready() {
  port_open "$PORT" &&
    run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" \
      --command-config "$HOME_DIR/probe.properties" --list
}

up() {
  local t0; t0=$(now)
  ensure_java
  ensure_jars
  write_config
  format_storage
  if pid_alive "$PIDFILE" "$PROCESS_PATTERN"; then
    if [ "$(cat "$STAMP" 2>/dev/null)" != "$(stamp)" ]; then
      say "version or configuration changed: restarting"
      stop_pid "$PIDFILE" 60 "$PROCESS_PATTERN"
      start_broker
    fi
  else
    start_broker
  fi
  wait_for 120 "Kafka" --pidfile "$PIDFILE" --log "$LOG" -- ready
  say "ready on 127.0.0.1:$PORT in $(since "$t0")s (Kafka $VERSION, pid $(cat "$PIDFILE"), data $DATA_DIR)"
}

down() {
  local t0; t0=$(now)
  if pid_alive "$PIDFILE" "$PROCESS_PATTERN"; then
    stop_pid "$PIDFILE" 60 "$PROCESS_PATTERN"
    say "stopped in $(since "$t0")s (data kept in $DATA_DIR)"
  else
    rm -f "$PIDFILE"
    say "not running"
  fi
}

# The version the running broker was started with (from its classpath).
running_version() {
  tr '\0' ' ' < "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -o 'kafka-[0-9][^/ ]*/libs' | head -n 1 | sed 's:^kafka-::; s:/libs$::' || true
}

status() {
  if pid_alive "$PIDFILE" "$PROCESS_PATTERN"; then
    local running; running=$(running_version)
    say "running: pid $(cat "$PIDFILE"), 127.0.0.1:$PORT, Kafka ${running:-?}, log $LOG"
    [ "$running" = "$VERSION" ] || say "note: the repository asks for Kafka $VERSION; the next \`up\` restarts the broker with it"
  else
    say "stopped"
    return 1
  fi
}

case "${1:-up}" in
  up | start | start-broker) up ;;
  down | stop | stop-broker) down ;;
  restart) down; up ;;
  status) status ;;
  fetch) ensure_java; ensure_jars ;;
  topics)
    shift
    ensure_java
    [ -f "$LIBS/.complete" ] || die "Kafka $VERSION is not fetched yet: run kafka.sh up"
    write_config
    run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" "$@"
    ;;
  *) die "usage: $0 up|down|restart|status|fetch|topics [args]" ;;
esac
