#!/usr/bin/env bash
# The kernel's floor under the fleet figures: the same system calls as Quarry's hot paths, made by
# a minimal C program (bench/floor/loopback-floor.c) that does no other work. Loopback and a
# temporary directory only; every mode is bounded in count and time.
#   broadcast: one write() per connection of a job-sized line (the job broadcast)
#   echo:      epoll_wait + read + write per request at 5k and 20k requests/s (a submit and its verdict)
#   sync:      write + fdatasync of a batch at the rates the share log syncs (group commit)
# Usage: bench/kernel-floor.sh   (knobs: CONNS, ECHO_CONNS, SECONDS_EACH, SYNC_DIR)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CONNS="${CONNS:-9000}"            # 2 descriptors each: 9,000 fits the hard limit of 20,000 here
ECHO_CONNS="${ECHO_CONNS:-2000}"  # as many as the throughput benchmark's miners
SECONDS_EACH="${SECONDS_EACH:-15}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
SYNC_DIR="${SYNC_DIR:-$work}"      # the share log's disk: put it where the pool's data directory is
raise_nofile $((2 * CONNS + 100))
bin="$work/floor"
gcc -O2 -Wall -Wextra -Werror -pthread -o "$bin" "$REPO/bench/floor/loopback-floor.c"
machine_info
for bytes in 1200 300; do "$bin" broadcast "$CONNS" "$bytes" 20; done
for rate in 5000 20000; do "$bin" echo "$ECHO_CONNS" "$rate" "$SECONDS_EACH" 160 40; done
# the share log's sync rates: ~900/s at 5k shares/s and ~1000/s at 20k/s with the 1 ms gather
for rate in 900 450; do "$bin" sync "$SYNC_DIR" "$rate" 10 $((1200 * 900 / rate)); done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
