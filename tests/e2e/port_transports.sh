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

# Starts the device with the options given, its output in $work/$1. Not in a
# command substitution: that subshell's pids would never be cleaned up.
start() {
  local name=$1; shift
  "$device" "$@" >"$work/$name" 2>&1 &
  pids+=($!)
}

# Where device $1 listens: its first line says "tcp ADDR" or "pty PATH".
where() {
  for _ in $(seq 100); do
    [ -s "$work/$1" ] && break
    sleep 0.05
  done
  awk 'NR == 1 {print $2}' "$work/$1"
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

start tcp --tcp 0
address=$(where tcp)
check 6765 "$jl" call "$program" fib 20 --port "tcp:$address"
"$jl" info --port "tcp:$address" | grep -q '^core  *x86_64$'

start pty --pty
path=$(where pty)
check 6765 "$jl" call "$program" fib 20 --port "$path"
"$jl" info --port "$path" | grep -q '^core  *x86_64$'
