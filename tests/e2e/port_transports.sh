#!/usr/bin/env bash
# `--port` through each transport a user names: TCP (tcp:HOST:PORT) and a
# pseudo-terminal path (the termios transport), against the POSIX device.
# Usage: port_transports.sh JLREMOTE DEVICE PROGRAM
set -euo pipefail
jl=$1 device=$2 program=$3
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Starts the device with $1, waits for its first line ("tcp ADDR" or "pty PATH").
start() {
  "$device" "$@" >"$work/out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    [ -s "$work/out" ] && break
    sleep 0.05
  done
  awk 'NR == 1 {print $2}' "$work/out"
}

check() { # where expected-output command...
  local expected=$1; shift
  local got
  got=$("$@")
  if [ "$got" != "$expected" ]; then
    echo "FAIL: $* printed '$got', expected '$expected'" >&2
    exit 1
  fi
  echo "ok: $*"
}

address=$(start --tcp 0)
check 6765 "$jl" call "$program" fib 20 --port "tcp:$address"
"$jl" info --port "tcp:$address" | grep -q '^core  *x86_64$'

path=$(start --pty)
check 6765 "$jl" call "$program" fib 20 --port "$path"
"$jl" info --port "$path" | grep -q '^core  *x86_64$'
