#!/usr/bin/env bash
# The live-feed tests run a real single-node Apache Kafka broker (KRaft). Its jars come from
# Maven Central through Maven and are kept in .cache/kafka/libs (git-ignored). Idempotent: once
# the jars are there (and the marker names this pom's version) it does nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

pom=.ci/kafka/pom.xml
libs=.cache/kafka/libs
marker=.cache/kafka/ready
want=$(sha256sum "$pom" | cut -d' ' -f1)
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ] && ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1; then
  echo "kafka: jars ready in $libs"
  exit 0
fi

command -v java >/dev/null || { echo "kafka: java (17+) is needed to run the test broker" >&2; exit 1; }
command -v mvn >/dev/null || { echo "kafka: maven is needed to fetch the broker's jars" >&2; exit 1; }

rm -rf "$libs" "$marker"
mkdir -p "$libs"
# The local Maven repository lives in the cache too, so a rerun fetches nothing again.
mvn -B -q -f "$pom" -Dmaven.repo.local="$PWD/.cache/kafka/m2" -Dkafka.libs="$PWD/$libs" dependency:copy-dependencies
echo "$want" > "$marker"
echo "kafka: $(ls "$libs" | wc -l) jars in $libs"
