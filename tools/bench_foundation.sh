#!/usr/bin/env bash
# Foundation figures for the README: resident sizes, image bytes against raw
# code bytes, and the time to load a 1 KB image over the emulated link.
# Usage: tools/bench_foundation.sh BUILD_DIR   (writes BUILD_DIR/bench/foundation.md)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
jl=$build/tools/jlremote
out=$build/bench/foundation.md
mkdir -p "$(dirname "$out")"
programs=tests/e2e/programs

# The --stats report of `jlremote call` (it goes to stderr).
call_stats() { "$jl" call "$@" --stats 2>&1 >/dev/null; }

{
  echo "### Resident bootstrapper (flash, vector table included)"
  echo
  echo '| board | bytes | limit |'
  echo '| --- | --- | --- |'
  awk '/^resident/ {print "| " $2 " | " $3 " | " $6+0 " |"}' "$build/device/sizes.txt" | tr -d ')'
  echo
  echo "### Images against raw code (mps2-an385, thumbv7m; first load of each slot)"
  echo
  echo '| program | image | raw code bytes | image bytes | relocations | overhead |'
  echo '| --- | --- | --- | --- | --- | --- |'
  for spec in "harmonic.c harmonic 100" "harmonic32.c harmonic32 100" "fib.c fib 20" \
              "sum_squares.c sum_squares 10" "table_lookup.c prime_weighted_sum 40" \
              "div64.c div64 -9000000000000000000 3"; do
    set -- $spec
    file=$1; shift
    call_stats "$programs/$file" "$@" --board mps2-an385 |
      awk -v f="$file" '/^  slot/ && !seen[$2]++ {
        printf "| %s | %s | %d | %d | %d | %+d |\n", f, $3, $7, $4, $10, $4 - $7 }'
  done
  echo
  echo "### Loading a 1 KB image (tools/bench/load1k.c), median of 5 runs"
  echo
  echo '| device | image bytes | code bytes | link bytes | link / code | load time over the emulated link | link bytes at 115200 baud |'
  echo '| --- | --- | --- | --- | --- | --- | --- |'
  for where in "--board mps2-an385" "--board microbit" "--sim"; do
    for run in 1 2 3 4 5; do
      call_stats tools/bench/load1k.c load1k 7 $where | awk '/^  slot/ {print $4, $7, $12, $15}'
    done | sort -k4 -g | sed -n 3p |
      awk -v w="${where#--}" '{ printf "| %s | %d | %d | %d | %.2f | %.1f ms | %.1f ms |\n", w, $1, $2, $3, $3 / $2, $4, $3 * 10 / 115.2 }'
  done
  echo
  echo "### Runtime and heap, and the Float64 harmonic sum on the micro:bit"
  echo
  for board in mps2-an385 microbit; do
    "$jl" info --board $board | awk -v b=$board '/^(runtime|heap) / {$1 = $1; print "- " b ": " $0}'
  done
  call_stats $programs/harmonic.c harmonic 100 --board microbit |
    awk '/^images loaded/ {n = $3} /^image bytes/ {i = $3} /^link \(boot/ {l = $4}
         END {printf "- microbit harmonic(100): %d image loads, %d image bytes, %d link bytes in all\n", n, i, l}'
} >"$out"
cat "$out"
