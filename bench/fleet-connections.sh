#!/usr/bin/env bash
# Many concurrent simulated miners against the real Stratum server (BenchPool, SQLite journal):
# server RSS and heap per connection, time until every miner is connected and authorized, and how
# long a clean job takes to reach the first and the last miner after a new block.
#
#   bench/fleet-connections.sh                  # 10000 50000 100000, 3 runs each
#   RUNS=1 COUNTS="10000" bench/fleet-connections.sh
#
# Needs an open-file limit above the miner count in BOTH processes; the script raises the soft
# limit and skips (saying so) counts the hard limit cannot hold. Connections are spread over
# 127.0.0.1..127.0.0.$SOURCE_IPS so the ephemeral port range is not exhausted.
# The whole heap is touched at start (AlwaysPreTouch, fixed size), so that the server's RSS growth
# is what the connections cost outside the heap, not eden pages the allocator happened to reach;
# the live heap per connection is measured separately (after two full GCs).
POOL_JAVA_OPTS="${POOL_JAVA_OPTS:--Xms3g -Xmx3g -XX:+AlwaysPreTouch -XX:+UseParallelGC}"
source "$(dirname "$0")/lib.sh"

COUNTS="${COUNTS:-10000 50000 100000}"
RUNS="${RUNS:-3}"
RAMP="${RAMP:-5000}"
SOURCE_IPS="${SOURCE_IPS:-8}"
BLOCKS="${BLOCKS:-3}"
# Blocks sent (2 s apart) before the measured ones: the broadcast path runs only at a new job, so
# the first blocks of a run measure the JIT compiling it (70 % of the process's CPU in the first
# block's window was the C2 compiler), not the broadcast.
WARM_BLOCKS="${WARM_BLOCKS:-5}"
POOL_IO_THREADS="${POOL_IO_THREADS:-2}"
SIM_IO_THREADS="${SIM_IO_THREADS:-1}"
RESULT="$OUT/connections-$(date -u +%Y%m%dT%H%M%SZ).md"

max_count=$(printf '%s\n' $COUNTS | sort -n | tail -1)
raise_nofile $((max_count + 4096))
build
TCK=$(clk_tck)
{
  echo "## fleet connections"; machine_info | sed 's/^/- /'
  echo "- ramp $RAMP connections/s, $SOURCE_IPS source addresses, pool io threads $POOL_IO_THREADS, simulator io threads $SIM_IO_THREADS, $BLOCKS new blocks measured per run after $WARM_BLOCKS warm-up blocks"
  echo
  echo "| miners | run | all authorized s | server RSS growth KiB/conn (outside the heap) | server heap KiB/conn | block → first miner ms | block → last miner ms | server CPU us/miner/block (all threads) | event-loop CPU us/miner/block | generator CPU s (whole run) | load avg |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} | tee "$RESULT"

for n in $COUNTS; do
  if [ "$(ulimit -Sn)" -lt $((n + 1024)) ]; then
    echo "| $n | - | skipped: open-file limit $(ulimit -Sn) (hard $(ulimit -Hn)) cannot hold $n sockets per process | | | | | | | |" | tee -a "$RESULT"
    continue
  fi
  for run in $(seq 1 "$RUNS"); do
    log="$OUT/pool-conn-$n-$run.log"
    start_pool "$log" --port 0 --journal sqlite --io-threads "$POOL_IO_THREADS" --data-dir "/tmp/quarry-bench-conn-$$"
    port=$(sed -n 's/^READY port=\([0-9]*\).*/\1/p' "$log")
    base=$(pool_stats)
    base_heap=$(sed 's/.*heapUsed=\([0-9]*\).*/\1/' <<<"$base"); base_rss=$(sed 's/.*rssKiB=\([0-9]*\).*/\1/' <<<"$base")
    summary="$OUT/sim-conn-$n-$run.json"
    duration=$(( n / RAMP + 60 + BLOCKS * 6 + WARM_BLOCKS * 2 ))
    # Idle miners: one share per miner every ~3 hours, so the figures are about connections.
    # shellcheck disable=SC2086
    java $SIM_JAVA_OPTS -cp "$CLASSPATH_ALL" dev.quarry.cli.QuarryMain simulate --quiet --json-summary "$summary" \
      --url "stratum+tcp://127.0.0.1:$port" --miners "$n" --mode synthetic --rate 0.0001 --ramp "$RAMP" \
      --source-ips "$SOURCE_IPS" --duration "${duration}s" --io-threads "$SIM_IO_THREADS" --seed "$run" >/dev/null &
    sim=$!
    for _ in $(seq 1 $(( n / RAMP * 10 + 600 ))); do
      s=$(pool_stats); ready=$(sed 's/.*ready=\([0-9]*\).*/\1/' <<<"$s")
      [ "$ready" -ge "$n" ] && break
      sleep 1
    done
    loaded=$(pool_stats)
    heap=$(sed 's/.*heapUsed=\([0-9]*\).*/\1/' <<<"$loaded"); rss=$(sed 's/.*rssKiB=\([0-9]*\).*/\1/' <<<"$loaded")
    # All threads: includes the new block itself (SimChain builds a 2,000-transaction template,
    # the job is built and serialized once). Event loops only: writing the job to every miner.
    for b in $(seq 1 "$WARM_BLOCKS"); do pool_cmd block; wait_log '^BLOCK ' "$b"; sleep 2; done
    ticks=0; lticks=0
    for b in $(seq $((WARM_BLOCKS + 1)) $((WARM_BLOCKS + BLOCKS))); do
      t1=$(cpu_ticks "$POOL_PID"); l1=$(loop_ticks "$POOL_PID"); pool_cmd block; wait_log '^BLOCK ' "$b"; sleep 5
      t2=$(cpu_ticks "$POOL_PID"); l2=$(loop_ticks "$POOL_PID")
      ticks=$((ticks + t2 - t1)); lticks=$((lticks + l2 - l1))
    done
    wait "$sim"
    stop_pool
    grep '^BLOCK ' "$log" | tail -n "$BLOCKS" | sed 's/BLOCK epochMicros=\([0-9]*\).*/\1/' > "$log.blocks"
    row=$(python3 - "$summary" "$log.blocks" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
blocks = [int(x) for x in open(sys.argv[2]).read().split()]
rec = sorted(d["cleanJobReceipts"], key=lambda r: r["firstReceiptEpochMicros"])
firsts, lasts = [], []
for t in blocks:
    after = [r for r in rec if r["firstReceiptEpochMicros"] >= t and r["miners"] >= 0.99 * $n]
    if after:
        firsts.append((after[0]["firstReceiptEpochMicros"] - t) / 1000); lasts.append((after[0]["lastReceiptEpochMicros"] - t) / 1000)
def fmt(v): return "/".join(f"{x:.0f}" for x in v) if v else "n/a"
auth = d["connections"]["allAuthorizedSeconds"]
print(f"| $n | $run | {auth} | {($rss - $base_rss) / $n:.2f} | {($heap - $base_heap) / 1024 / $n:.2f} | {fmt(firsts)} | {fmt(lasts)} "
      f"| {$ticks / $TCK / ($BLOCKS * $n) * 1e6:.1f} | {$lticks / $TCK / ($BLOCKS * $n) * 1e6:.1f} | {d['loadGenerator']['cpuSeconds']} | $(cut -d' ' -f1 /proc/loadavg) |")
PY
)
    echo "$row" | tee -a "$RESULT"
  done
done
echo "results: $RESULT" >&2
