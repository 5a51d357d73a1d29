#!/usr/bin/env bash
# Memory per idle connection, split into what the issue asks about: resident memory outside the
# Java heap (the heap is fixed and pre-touched, so RSS grows only by native memory) and live
# Java heap. Per count N:
#   1. start BenchPool (SQLite journal), warm it with 500 miners and WARM_BLOCKS new blocks
#      (JIT code, metaspace and buffer pools reach their working size before the baseline);
#   2. baseline after a full GC: RSS and Native Memory Tracking;
#   3. N idle miners connect and authorize, then BLOCKS new blocks reach them (each session
#      remembers the jobs it was sent, as in production);
#   4. after a full GC: RSS, NMT difference, and a live-heap histogram;
#   5. the miners disconnect; after a full GC another live-heap histogram.
# Heap per connection = (histogram with the miners - histogram after they left) / N: everything
# else (chain, templates, job history) is the same in both. Loopback only, bounded in time.
# Usage: bench/connection-memory.sh   (knobs: COUNTS, BLOCKS, WARM_BLOCKS, RAMP, SOURCE_IPS)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
COUNTS="${COUNTS:-10000 18000}"
BLOCKS="${BLOCKS:-20}"
WARM_BLOCKS="${WARM_BLOCKS:-5}"
RAMP="${RAMP:-5000}"
SOURCE_IPS="${SOURCE_IPS:-8}"
POOL_JAVA_OPTS="${POOL_JAVA_OPTS_MEM:--Xms3g -Xmx3g -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:NativeMemoryTracking=summary}"
max=0; for n in $COUNTS; do [ "$n" -gt "$max" ] && max=$n; done
raise_nofile $((max + 1000))
build
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report="$OUT/connection-memory-$stamp.md"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
  echo "## connection memory"
  machine_info | sed 's/^/- /'
  echo
  echo "| miners | RSS growth outside the heap, B/conn | of which JVM native (NMT: code, metaspace...), B/conn | live heap, B/conn | largest heap parts per connection |"
  echo "|---|---|---|---|---|"
} > "$report"
for n in $COUNTS; do
  if [ "$n" -gt "$(( $(ulimit -Sn) - 500 ))" ]; then
    echo "| $n | not run: open-file limit $(ulimit -Sn) |  |  |  |" >> "$report"; continue
  fi
  rm -rf "$work/data"
  start_pool "$work/pool.log" --port 0 --journal sqlite --io-threads 2 --data-dir "$work/data"
  port=$(sed -n 's/^READY port=\([0-9]*\).*/\1/p' "$work/pool.log")
  simulate "$work/warm.json" --url "stratum+tcp://127.0.0.1:$port" --miners 500 --mode synthetic --rate 0.0001 \
    --ramp "$RAMP" --source-ips "$SOURCE_IPS" --duration $((4 + WARM_BLOCKS))s --io-threads 1 --seed 2 &
  warm=$!
  sleep 3
  for _ in $(seq 1 "$WARM_BLOCKS"); do pool_cmd block; sleep 1; done
  wait "$warm" || true  # the simulator's exit status reports its own verdicts, not needed here
  jcmd "$POOL_PID" GC.run >/dev/null; sleep 1
  jcmd "$POOL_PID" VM.native_memory baseline >/dev/null
  rss0=$(rss_kib "$POOL_PID")
  hold=$(( n / RAMP + 12 + BLOCKS ))
  simulate "$work/sim.json" --url "stratum+tcp://127.0.0.1:$port" --miners "$n" --mode synthetic --rate 0.0001 \
    --ramp "$RAMP" --source-ips "$SOURCE_IPS" --duration "${hold}s" --io-threads 1 --seed 1 &
  sim=$!
  sleep $(( n / RAMP + 8 ))
  for _ in $(seq 1 "$BLOCKS"); do pool_cmd block; sleep 0.5; done
  sleep 2
  jcmd "$POOL_PID" GC.run >/dev/null; sleep 1
  rss1=$(rss_kib "$POOL_PID")
  jcmd "$POOL_PID" VM.native_memory summary.diff > "$work/nmt.txt"
  jmap -histo:live "$POOL_PID" > "$work/with.txt"
  conns=$(( $(ls "/proc/$POOL_PID/fd" | wc -l) ))
  wait "$sim" || true
  sleep 5
  jmap -histo:live "$POOL_PID" > "$work/without.txt"
  nmt_kb=$(sed -n 's/^Total: .*committed=[0-9]*KB \([+-][0-9]*\)KB.*/\1/p' "$work/nmt.txt"); nmt_kb=${nmt_kb:-0}
  parts=$(python3 - "$work/with.txt" "$work/without.txt" "$n" <<'PY'
import sys
def load(f):
    d = {}
    for l in open(f):
        p = l.split()
        if len(p) >= 4 and p[0].endswith(':'):
            d[p[3]] = int(p[2])
    return d
a, b, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
diff = sorted(((a[k] - b.get(k, 0)) / n, k.split('.')[-1]) for k in a)
print(f"{sum(x for x, _ in diff):.0f}|" + ", ".join(f"{k} {x:.0f}" for x, k in reversed(diff[-6:])))
PY
)
  echo "| $n | $(( (rss1 - rss0) * 1024 / n )) | $(( nmt_kb * 1024 / n )) | ${parts%%|*} | ${parts#*|} |" >> "$report"
  echo "open descriptors with the miners connected: $conns" >&2
  stop_pool
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$report"
cat "$report"
