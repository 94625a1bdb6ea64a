#!/usr/bin/env bash
# One micro:bit under QEMU, several runs over --port: a run whose live data
# outgrows the heap (neither collection nor eviction can make room) ends with
# an uncaught OutOfMemoryError and a non-zero status; the next
# run on the same device succeeds; `jlremote stats` then reads that run's
# collections from the device without resetting it.
# Usage: heap_exhaustion.sh JLREMOTE DEVICE_DIR PROGRAMS_DIR
set -euo pipefail
jl=$1 device_dir=$2 programs=$3
work=$(mktemp -d)
device_pid=
cleanup() { [ -n "$device_pid" ] && kill "$device_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
. "$(dirname "$0")/one_device.sh"
start_device microbit "$device_dir" none "$work"
device=$device_port

fail() { echo "FAIL: $*" >&2; exit 1; }

status=0
"$jl" run "$programs/live_exhaustion.jl" --port $device >"$work/oom.out" 2>"$work/oom.err" || status=$?
[ $status -eq 1 ] || fail "live_exhaustion.jl exited with $status, expected 1"
grep -qx "ERROR: OutOfMemoryError()" "$work/oom.err" ||
  fail "live_exhaustion.jl: no OutOfMemoryError in: $(cat "$work/oom.err")"
cmp -s "$work/oom.out" "$programs/live_exhaustion.out" ||
  fail "live_exhaustion.jl printed $(cat "$work/oom.out")"
echo "ok: heap exhausted: $(grep 'OutOfMemoryError' "$work/oom.err")"

"$jl" run "$programs/garbage.jl" --port $device >"$work/garbage.out" ||
  fail "garbage.jl after the exhaustion failed"
cmp -s "$work/garbage.out" "$programs/garbage.out" || fail "garbage.jl printed $(cat "$work/garbage.out")"
echo "ok: the next run on the same device succeeds"

"$jl" stats --port $device >"$work/stats" || fail "stats failed"
collections=$(awk '/^collections:/ {print $2 + 0}' "$work/stats")
[ "${collections:-0}" -gt 0 ] || fail "stats reports no collections: $(cat "$work/stats")"
received=$(awk '/^link bytes on the device:/ {print $6 + 0}' "$work/stats")
[ "${received:-0}" -gt 0 ] || fail "stats reports no link bytes: $(cat "$work/stats")"
echo "ok: stats after the run: $collections collections, $received link bytes received"
