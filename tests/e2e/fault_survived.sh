#!/usr/bin/env bash
# A processor fault in device code, reported and survived: on one device
# (a QEMU board, or the POSIX device), a run that stores to an unmapped
# address ends with the fault named (what, where, in which function) and
# status 1, and the next run on the same device, over the same port,
# succeeds without a reset.
# Usage: fault_survived.sh JLREMOTE DEVICE_DIR POSIX_DEVICE PROGRAMS_DIR DEVICE
#   DEVICE: sim, mps2-an385 or microbit
set -euo pipefail
jl=$1 device_dir=$2 posix=$3 programs=$4 device=$5
work=$(mktemp -d)
device_pid=
cleanup() { [ -n "$device_pid" ] && kill "$device_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/one_device.sh"
start_device "$device" "$device_dir" "$posix" "$work"
port=$device_port

status=0
"$jl" run "$programs/fault.jl" --port "$port" >"$work/fault.out" 2>"$work/fault.err" || status=$?
[ $status -eq 1 ] || fail "fault.jl exited with $status: $(cat "$work/fault.err")"
cmp -s "$work/fault.out" "$programs/fault.out" || fail "fault.jl printed $(cat "$work/fault.out")"
grep -Eq "processor fault: .*, pc 0x[0-9a-f]+ in julia_poke_.*\+0x[0-9a-f]+ \(" "$work/fault.err" ||
  fail "no fault report naming julia_poke in: $(cat "$work/fault.err")"
# The stack, symbolized on the host: poke's frame, then the top level's.
grep -Fxq " [1] poke(p::Ptr{Int32}, value::Int32)" "$work/fault.err" &&
  grep -Eq "^   @ Main .*fault\.jl:6$" "$work/fault.err" &&
  grep -Fxq " [2] top-level scope" "$work/fault.err" &&
  grep -Eq "^   @ .*fault\.jl:8$" "$work/fault.err" ||
  fail "no symbolized stack (poke at fault.jl:6, top level at :8) in: $(cat "$work/fault.err")"
if [ "$device" != microbit ]; then # the M0 reports no address
  grep -q "at address 0x60000000" "$work/fault.err" || fail "no faulting address in: $(cat "$work/fault.err")"
fi
echo "ok: $(cat "$work/fault.err")"

"$jl" run "$programs/garbage.jl" --port "$port" >"$work/next.out" || fail "the run after the fault failed"
cmp -s "$work/next.out" "$programs/garbage.out" || fail "the run after the fault printed $(cat "$work/next.out")"
kill -0 "$device_pid" 2>/dev/null || fail "the device is gone"
echo "ok: the next run on the same device succeeds"
