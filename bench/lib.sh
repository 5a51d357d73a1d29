#!/usr/bin/env bash
# Shared helpers of the fleet benchmarks (sourced, not run). Everything stays on loopback and
# every run is bounded by the simulator's --duration.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$REPO/bench/results}"
CP_FILE="$REPO/stratum-server/target/bench.cp"
POOL_JAVA_OPTS="${POOL_JAVA_OPTS:--Xms2g -Xmx6g -XX:+UseParallelGC}"
# The generator runs ZGC: its own young-collection pauses (10-65 ms with ParallelGC) held replies
# in its sockets and were measured as the server's submit-to-verdict latency.
SIM_JAVA_OPTS="${SIM_JAVA_OPTS:--Xms1g -Xmx6g -XX:+UseZGC}"
mkdir -p "$OUT"

# Raise the open-file limit as far as this machine allows; report what we got.
raise_nofile() {
  local want="$1"
  # -S only: a plain "ulimit -n" would also lower the hard limit for good
  ulimit -Sn "$want" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"
  echo "open-file limit: $(ulimit -Sn) (wanted $want, hard limit $(ulimit -Hn))" >&2
}

# Compile the reactor (main + test classes) and write the runtime classpath once.
build() {
  (cd "$REPO" && mvn -o -q -B -pl stratum-server -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test)
  CLASSPATH_ALL="$REPO/stratum-server/target/test-classes:$REPO/stratum-server/target/classes:$(cat "$CP_FILE")"
  export CLASSPATH_ALL
}

machine_info() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "mem: $(free -g | awk '/Mem:/{print $2" GiB"}')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit: $(cd "$REPO" && git rev-parse --short HEAD)"
}

# start_pool <logfile> [BenchPool options...]: starts the server fed by a FIFO; sets POOL_PID.
start_pool() {
  local log="$1"; shift
  POOL_FIFO="$(mktemp -u /tmp/benchpool.XXXXXX)"
  mkfifo "$POOL_FIFO"
  # shellcheck disable=SC2086
  java $POOL_JAVA_OPTS -cp "$CLASSPATH_ALL" dev.quarry.simulate.bench.BenchPool "$@" <"$POOL_FIFO" >"$log" 2>"$log.err" &
  POOL_PID=$!
  exec {POOL_FD}>"$POOL_FIFO"
  POOL_LOG="$log"
  for _ in $(seq 1 600); do
    grep -q '^READY' "$log" 2>/dev/null && return 0
    kill -0 "$POOL_PID" 2>/dev/null || { cat "$log.err" >&2; return 1; }
    sleep 0.1
  done
  echo "pool did not start" >&2; return 1
}

pool_cmd() { echo "$1" >&"$POOL_FD"; }

# wait_log <pattern> <count>: until the pool log holds <count> lines matching <pattern>.
wait_log() {
  for _ in $(seq 1 600); do
    [ "$(grep -c "$1" "$POOL_LOG" || true)" -ge "$2" ] && return 0
    sleep 0.1
  done
  echo "timeout waiting for $1" >&2; return 1
}

pool_stats() { # prints the last STATS line after asking for one
  local n; n=$(grep -c '^STATS' "$POOL_LOG" || true)
  pool_cmd stats
  wait_log '^STATS' $((n + 1))
  grep '^STATS' "$POOL_LOG" | tail -1
}

stop_pool() {
  pool_cmd quit || true
  for _ in $(seq 1 100); do kill -0 "$POOL_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$POOL_PID" 2>/dev/null || true
  exec {POOL_FD}>&-
  rm -f "$POOL_FIFO"
}

# CPU ticks (utime+stime) of a process, from /proc/<pid>/stat.
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# CPU ticks of the process's Netty event-loop threads only (where the writes to miners happen).
loop_ticks() {
  local t sum=0
  for t in /proc/"$1"/task/*; do
    grep -q '^epollEventLoopG' "$t/comm" 2>/dev/null && sum=$((sum + $(awk '{print $14+$15}' "$t/stat")))
  done
  echo "$sum"
}
clk_tck() { getconf CLK_TCK; }
rss_kib() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

# simulate <summary.json> [simulate options...] (foreground)
simulate() {
  local summary="$1"; shift
  # shellcheck disable=SC2086
  java $SIM_JAVA_OPTS -cp "$CLASSPATH_ALL" dev.quarry.cli.QuarryMain simulate --quiet --json-summary "$summary" "$@" >/dev/null
}

# median and spread (min..max) of numbers given as arguments
stats3() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%g (%g..%g, n=%d)", m, a[1], a[NR], NR}'; }

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'d': d}))" "$@"; }
