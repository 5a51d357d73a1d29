#!/usr/bin/env bash
# Durable share-journal benchmark (dev.quarry.accounting.bench.JournalBenchmark): throughput and
# added latency of the group-commit journal on SQLite (temp dir, WAL, synchronous=FULL) and on the
# PostgreSQL test server (.ci/start-postgres; QUARRY_TEST_PG_URL/_USER/_PASSWORD override).
#
#   share-accounting/bench-journal.sh                         both databases, 300k shares, 5 runs, 50k/s offered
#   share-accounting/bench-journal.sh SQLITE 300000 5 50000   one database, custom sizes
#
# Bounded: every run stops after its share count or 120 s. MVN_FLAGS (default "-o -q -B") goes to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# shellcheck disable=SC2086
mvn ${MVN_FLAGS:--o -q -B} -pl share-accounting -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/share-accounting/target/bench.classpath"
cp="$root/share-accounting/target/test-classes:$root/share-accounting/target/classes:$(cat "$root/share-accounting/target/bench.classpath")"
exec java -Xmx1g -cp "$cp" dev.quarry.accounting.bench.JournalBenchmark "$@"
