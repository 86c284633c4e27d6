#!/usr/bin/env bash
# Apache Kafka 4 for Heaolu: one KRaft node (broker + controller) on 127.0.0.1:19092.
# Usage: kafka.sh up|down|status   (down keeps the data: up again resumes with every topic)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/deploy/local/kafka/pom.xml")
LIBS="$CACHE_DIR/kafka-$VERSION/libs"
HOME_DIR="$STATE_DIR/kafka"
PIDFILE="$HOME_DIR/kafka.pid"
JAVA_HOME="${HEAOLU_KAFKA_JAVA_HOME:-$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n 1)}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

ensure_jars() {
  if [ ! -f "$LIBS/.complete" ]; then
    command -v mvn >/dev/null || apt_install maven
    say "collecting Kafka $VERSION from Maven Central"
    (cd "$ROOT/deploy/local/kafka" && mvn -q -B -Dstyle.color=never \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$LIBS")
    touch "$LIBS/.complete"
  fi
}

write_config() {
  mkdir -p "$HOME_DIR/data"
  cat > "$HOME_DIR/server.properties" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:19093
listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093
advertised.listeners=PLAINTEXT://127.0.0.1:19092
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$HOME_DIR/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
num.network.threads=2
num.io.threads=4
CONF
  cat > "$HOME_DIR/log4j2.properties" <<CONF
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = warn
logger.apache.name = org.apache.kafka
logger.apache.level = warn
CONF
}

cp_arg() { echo "$LIBS/*"; }

format_storage() {
  if [ ! -f "$HOME_DIR/data/meta.properties" ]; then
    local id; id=$("$JAVA" -cp "$(cp_arg)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    say "formatting storage (cluster $id)"
    "$JAVA" -Dlog4j2.configurationFile="$HOME_DIR/log4j2.properties" -cp "$(cp_arg)" \
      kafka.tools.StorageTool format -t "$id" -c "$HOME_DIR/server.properties" --standalone >/dev/null
  fi
}

ready() {
  "$JAVA" -Dlog4j2.configurationFile="$HOME_DIR/log4j2.properties" -cp "$(cp_arg)" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:19092 --list \
    --command-config /dev/null
}

case "${1:-up}" in
  up)
    ensure_jars
    write_config
    format_storage
    if ! pid_alive "$PIDFILE"; then
      setsid nohup "$JAVA" -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$HOME_DIR/log4j2.properties" -cp "$(cp_arg)" \
        kafka.Kafka "$HOME_DIR/server.properties" >> "$LOG_DIR/kafka.log" 2>&1 < /dev/null &
      echo $! > "$PIDFILE"
    fi
    wait_for 120 "Kafka" ready
    say "ready on 127.0.0.1:19092 (Kafka $VERSION)"
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
