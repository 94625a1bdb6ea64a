#!/usr/bin/env bash
# What `jlremote run --stats` reports on the micro:bit (12.7 KB of heap),
# checked along with the output: a program with six times more code than
# the heap holds runs to completion by evicting code and fetching it again
# (the re-fetch count is reported and not zero); a program that makes
# garbage on every iteration needs the collector (collections counted).
# Usage: heap_stats.sh JLREMOTE PROGRAMS_DIR
set -euo pipefail
jl=$1 programs=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# run PROGRAM: its output checked, its --stats in $work/PROGRAM.stats.
run() {
  "$jl" run "$programs/$1.jl" --board microbit --stats >"$work/$1.out" 2>"$work/$1.stats" ||
    fail "$1.jl: $(cat "$work/$1.stats")"
  cmp -s "$work/$1.out" "$programs/$1.out" || fail "$1.jl printed $(cat "$work/$1.out")"
}
# stat PROGRAM PATTERN FIELD: the number in FIELD of the --stats line
# matching PATTERN.
stat() { awk -v f="$3" "/$2/ {print \$f + 0}" "$work/$1.stats"; }

run code_heavy
again=$(stat code_heavy '^images fetched again' 6)
evicted=$(stat code_heavy '^images on the device' 7)
device_again=$(stat code_heavy '^images on the device' 9)
[ "${again:-0}" -gt 0 ] || fail "code_heavy.jl: no image fetched again"
[ "${evicted:-0}" -gt 0 ] || fail "code_heavy.jl: no image evicted"
# The host counts the slots it sent twice, the device the slots it filled
# again after eviction: the same loads.
[ "$device_again" = "$again" ] ||
  fail "code_heavy.jl: the device counts $device_again re-fetches, the host $again"
echo "ok: code_heavy.jl: $again images fetched again, $evicted evicted"

run garbage
collections=$(stat garbage '^collections:' 2)
[ "${collections:-0}" -gt 0 ] || fail "garbage.jl: no collection"
echo "ok: garbage.jl: $collections collections"
