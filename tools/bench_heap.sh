#!/usr/bin/env bash
# Heap figures for the README (issue 4), on mps2-an385 under
# -icount shift=0 (one instruction per virtual nanosecond):
# - the collector's pause per collection for several heap sizes
#   (tests/e2e/programs/garbage.jl, whose live data is one 800-byte array);
# - a program with six times the code of the micro:bit's heap
#   (tests/e2e/programs/code_heavy.jl) in a heap that holds it, and in one
#   of the micro:bit's size, where code is evicted and fetched again.
# Usage: tools/bench_heap.sh BUILD_DIR   (writes BUILD_DIR/bench/heap.md)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
jl=$build/tools/jlremote
out=$build/bench/heap.md
mkdir -p "$(dirname "$out")"
programs=tests/e2e/programs

# run_stats PROGRAM ARGS...: the --stats report of `jlremote run`.
run_stats() {
  local program=$1; shift
  "$jl" run "$programs/$program.jl" --board mps2-an385 --icount --stats "$@" 2>&1 >/dev/null
}

{
  echo "### Collection pause (mps2-an385, garbage.jl: 2,000 dead 800-byte arrays)"
  echo
  echo '| heap | collections | instructions per collection |'
  echo '| --- | --- | --- |'
  for heap in 8192 16384 65536 0; do
    if [ $heap -eq 0 ]; then args=(); else args=(--heap $heap); fi
    run_stats garbage "${args[@]}" |
      awk '/^heap:/ {size = $2}
           /^collections:/ {n = $2 + 0; ins = $6 + 0}
           END {printf "| %d bytes | %d | %d |\n", size, n, n ? ins / n : 0}'
  done
  echo
  echo "### Code larger than the heap (mps2-an385, code_heavy.jl: 77 KB of code on v6-M, 78 KB on v7-M)"
  echo
  echo '| heap | instructions on the device | images loaded | fetched again | link bytes | wall time |'
  echo '| --- | --- | --- | --- | --- | --- |'
  for heap in 0 12432; do
    if [ $heap -eq 0 ]; then args=(); else args=(--heap $heap); fi
    start=$(date +%s%N)
    report=$(run_stats code_heavy "${args[@]}")
    end=$(date +%s%N)
    echo "$report" |
      awk -v t="$(( (end - start) / 1000000 ))" '
           /^call:/ {ins = $2}
           /^images loaded:/ {n = $3}
           /^images fetched again/ {again = $6}
           /^link \(boot/ {link = $4}
           /^heap:/ {size = $2}
           END {printf "| %d bytes | %d | %d | %d | %d | %.1f s |\n", size, ins, n, again, link, t / 1000}'
  done
} >"$out"
cat "$out"
