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
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$device" = sim ]; then
  "$posix" --tcp 0 >"$work/device.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/device.out" ] && break; sleep 0.05; done
  port=tcp:$(awk 'NR == 1 {print $2}' "$work/device.out")
else
  number=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  qemu-system-arm -M "$device" -nographic -monitor none \
    -serial tcp:127.0.0.1:$number,server=on,wait=off \
    -kernel "$device_dir/resident-$device.elf" >"$work/device.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$number) 2>/dev/null && break
    sleep 0.05
  done
  port=tcp:127.0.0.1:$number
fi

status=0
"$jl" run "$programs/fault.jl" --port "$port" >"$work/fault.out" 2>"$work/fault.err" || status=$?
[ $status -eq 1 ] || fail "fault.jl exited with $status: $(cat "$work/fault.err")"
cmp -s "$work/fault.out" "$programs/fault.out" || fail "fault.jl printed $(cat "$work/fault.out")"
grep -Eq "processor fault: .*, pc 0x[0-9a-f]+ in julia_toplevel\+0x[0-9a-f]+ \(" "$work/fault.err" ||
  fail "no fault report naming julia_toplevel in: $(cat "$work/fault.err")"
if [ "$device" != microbit ]; then # the M0 reports no address
  grep -q "at address 0x60000000" "$work/fault.err" || fail "no faulting address in: $(cat "$work/fault.err")"
fi
echo "ok: $(cat "$work/fault.err")"

"$jl" run "$programs/garbage.jl" --port "$port" >"$work/next.out" || fail "the run after the fault failed"
cmp -s "$work/next.out" "$programs/garbage.out" || fail "the run after the fault printed $(cat "$work/next.out")"
kill -0 "$pid" 2>/dev/null || fail "the device is gone"
echo "ok: the next run on the same device succeeds"
