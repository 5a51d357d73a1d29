#!/usr/bin/env bash
# Runs the pow-core JMH benchmarks (sources in pow-core/src/test/java/dev/quarry/pow/bench).
#
#   pow-core/bench.sh                      all benchmarks, short settings, average and sample time, -prof gc
#                                          (allocation per op); summary: python3 pow-core/tools/jmh_medians.py \
#                                          pow-core/target/jmh-intrinsic.json
#   pow-core/bench.sh --no-sha-intrinsic   the same on a JVM without the SHA-256 intrinsic
#                                          (-XX:+UnlockDiagnosticVMOptions -XX:-UseSHA256Intrinsics)
#   pow-core/bench.sh [--no-sha-intrinsic] <any JMH arguments>   e.g. 'HeaderHashBench' -f 1 -i 10
#
# MVN_FLAGS (default "-o -q -B") is passed to Maven; drop -o on a machine whose ~/.m2 lacks the dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

jvm_extra=()
mode=intrinsic
if [[ "${1:-}" == "--no-sha-intrinsic" ]]; then
  shift
  mode=no-intrinsic
  jvm_extra=(-jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions -XX:-UseSHA256Intrinsics")
fi
if [[ $# -eq 0 ]]; then
  # Average time (throughput under whatever else runs) and sample time (per-invocation p50, which a busy
  # shared machine disturbs much less). Scores go to a JSON file; pow-core/tools/jmh_medians.py summarises it.
  set -- 'dev.quarry.pow.bench.*' -bm avgt,sample -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc \
    -rf json -rff "$root/pow-core/target/jmh-$mode.json"
fi

# shellcheck disable=SC2086
mvn ${MVN_FLAGS:--o -q -B} -pl pow-core -am test-compile
# shellcheck disable=SC2086
mvn ${MVN_FLAGS:--o -q -B} -pl pow-core dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/pow-core/target/bench.classpath"

cp="$root/pow-core/target/test-classes:$root/pow-core/target/classes:$(cat "$root/pow-core/target/bench.classpath")"
exec java -cp "$cp" org.openjdk.jmh.Main "$@" "${jvm_extra[@]}"
