#!/usr/bin/env bash
# Throughput and latency of the accept path: the real Stratum server (BenchPool: SimChain with
# mainnet-like difficulty, JobManager, static port difficulty 2^-32 so nearly every hash is a
# share, SQLite journal with durable acknowledgements) loaded by `quarry simulate --mode synthetic`.
#
#   bench/fleet-throughput.sh                 # targets 5000 20000 50000 and saturation, 3 runs each
#   RUNS=1 TARGETS="5000" bench/fleet-throughput.sh
#
# Per run: accepted shares/s and the server's CPU seconds per 1,000 accepted shares over a
# measurement window (from /proc/<pid>/stat), submit-to-verdict p50/p99/p999 from the simulator,
# and the simulator's own CPU beside every figure (both share the same cores), and how the server
# validated shares: engine, and for the native engine the mean shares per batch call (batches
# form when several submits wait on one event loop; POOL_JAVA_OPTS="... -Dquarry.native=off"
# runs the Java path for comparison).
source "$(dirname "$0")/lib.sh"

TARGETS="${TARGETS:-5000 20000 50000 saturation}"
RUNS="${RUNS:-3}"
MINERS="${MINERS:-2000}"
JOURNALS="${JOURNALS:-sqlite}"
WARMUP="${WARMUP:-60}"   # C2 keeps compiling for about a minute: its CPU would land in the window
WINDOW="${WINDOW:-20}"
SAT_RATE="${SAT_RATE:-100}"        # per miner, offered at "saturation"
SIM_IO_THREADS="${SIM_IO_THREADS:-1}"
POOL_IO_THREADS="${POOL_IO_THREADS:-2}"
RESULT="$OUT/throughput-$(date -u +%Y%m%dT%H%M%SZ).md"

raise_nofile $((MINERS + 4096))
build
TCK=$(clk_tck)
{
  echo "## fleet throughput"; machine_info | sed 's/^/- /'
  echo "- miners: $MINERS, warmup ${WARMUP}s, window ${WINDOW}s, pool io threads $POOL_IO_THREADS, simulator io threads $SIM_IO_THREADS"
  echo
  echo "| journal | offered/s | run | accepted/s | server CPU s / 1k shares | p50 ms | p99 ms | p999 ms | rejected | generator CPU (cores) | server CPU (cores) | validation | load avg |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} | tee "$RESULT"

count() { # prints "<accepted> <nanos>" from the pool
  local n; n=$(grep -c '^COUNT' "$POOL_LOG" || true)
  pool_cmd count; wait_log '^COUNT' $((n + 1))
  grep '^COUNT' "$POOL_LOG" | tail -1 | sed 's/COUNT accepted=\([0-9]*\) nanos=\([0-9]*\).*/\1 \2/'
}

for journal in $JOURNALS; do
  for target in $TARGETS; do
    for run in $(seq 1 "$RUNS"); do
      log="$OUT/pool-$journal-$target-$run.log"
      start_pool "$log" --port 0 --journal "$journal" --io-threads "$POOL_IO_THREADS" --data-dir "/tmp/quarry-bench-$$"
      port=$(sed -n 's/^READY port=\([0-9]*\).*/\1/p' "$log")
      if [ "$target" = saturation ]; then rate="$SAT_RATE"; else rate=$(python3 -c "print($target/$MINERS)"); fi
      summary="$OUT/sim-$journal-$target-$run.json"
      duration=$((WARMUP + WINDOW + 5))
      # shellcheck disable=SC2086
      java $SIM_JAVA_OPTS -cp "$CLASSPATH_ALL" dev.quarry.cli.QuarryMain simulate --quiet --json-summary "$summary" \
        --url "stratum+tcp://127.0.0.1:$port" --miners "$MINERS" --mode synthetic --rate "$rate" --ramp 5000 \
        --duration "${duration}s" --warmup "${WARMUP}s" --io-threads "$SIM_IO_THREADS" --seed "$run" >/dev/null &
      sim=$!
      sleep "$WARMUP"
      read -r a1 n1 < <(count); p1=$(cpu_ticks "$POOL_PID"); s1=$(cpu_ticks "$sim")
      sleep "$WINDOW"
      read -r a2 n2 < <(count); p2=$(cpu_ticks "$POOL_PID"); s2=$(cpu_ticks "$sim")
      wait "$sim"
      nv=$(grep -c '^VALIDATION' "$POOL_LOG" || true); pool_cmd validation; wait_log '^VALIDATION' $((nv + 1))
      validation=$(grep '^VALIDATION' "$POOL_LOG" | tail -1 | python3 -c "
import sys
f = dict(kv.split('=', 1) for kv in sys.stdin.read().split()[1:6])
b, s = int(f['batches']), int(f['inBatches'])
print(f\"{f['engine']}, {b} batches, {s / b:.1f} shares/batch, {f['singles']} alone\" if b else f\"{f['engine']}, {f['singles']} alone\")")
      stop_pool
      secs=$(python3 -c "print(($n2-$n1)/1e9)")
      row=$(python3 - "$summary" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
acc = $a2 - $a1
secs = $secs
lat = d["submitToVerdictMicros"]
srv = ($p2 - $p1) / $TCK
gen = ($s2 - $s1) / $TCK
per_k = srv / acc * 1000 if acc else float("nan")
print(f"| $journal | ${target} | $run | {acc/secs:.0f} | {per_k:.4f} | {lat['p50']/1000:.2f} | {lat['p99']/1000:.2f} | {lat['p999']/1000:.2f} "
      f"| {d['shares']['rejected']} | {gen/secs:.2f} | {srv/secs:.2f} | $validation | $(cut -d' ' -f1 /proc/loadavg) |")
PY
)
      echo "$row" | tee -a "$RESULT"
    done
  done
done
echo "results: $RESULT" >&2
