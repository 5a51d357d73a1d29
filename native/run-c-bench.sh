#!/usr/bin/env bash
# Builds and runs the C-only benchmark (no JNI): native/src/test/c/bench.c against the engine
# sources, -O3 as in the Maven build. Usage: native/run-c-bench.sh [quick]
set -euo pipefail
cd "$(dirname "$0")"
out=target/c-bench
mkdir -p "$out"
gcc -std=c11 -O3 -Wall -Wextra -Werror -Isrc/main/c \
  src/main/c/sha256_portable.c src/main/c/sha256_shani.c src/main/c/sha256_avx512.c \
  src/main/c/engine.c src/main/c/share.c src/test/c/bench.c -o "$out/bench"
"$out/bench" "$@"
