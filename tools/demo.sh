#!/usr/bin/env bash
# The README's demonstration on the default emulated board (mps2-an385,
# Cortex-M3 under QEMU): describe the device, then compile small C functions
# on the host and call them on the device, which loads each function (and
# the soft-float helpers it needs) when it is first called.
#   tools/demo.sh BUILD_DIR [--board NAME | --sim]
set -euo pipefail
build=${1:?usage: tools/demo.sh BUILD_DIR [--board NAME | --sim]}
shift
device=("$@")
[ ${#device[@]} -gt 0 ] || device=(--board mps2-an385)
cd "$(dirname "$0")/.."
jlremote=$build/tools/jlremote
examples=examples/foundation

run() {
  echo "\$ jlremote $*"
  timeout 120 "$jlremote" "$@"
  echo
}

run info "${device[@]}"
run call $examples/fib.c fib 20 "${device[@]}"
run call $examples/harmonic.c harmonic 10 "${device[@]}" --stats
run call $examples/factorial.c factorial 20 "${device[@]}"
run call $examples/newton.c newton_sqrt 2 "${device[@]}"
run call $examples/squares.c sum_of_squares 10 "${device[@]}" --stats
run call $examples/gcd.c gcd 1071 462 "${device[@]}"
