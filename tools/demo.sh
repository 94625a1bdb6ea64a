#!/usr/bin/env bash
# The README's demonstration on the default emulated board (mps2-an385,
# Cortex-M3 under QEMU): describe the device, then run Julia scripts: the
# host compiles each for the device's core, the device loads each function
# (and the soft-float and libm helpers it needs) when it is first called, and
# what the scripts print is formatted on the host as Julia prints it;
# binary-trees runs in a 12 KB heap, as on a micro:bit, and --stats shows
# the collections that made room.
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
run run examples/quadratic.jl "${device[@]}"
run run examples/shapes.jl "${device[@]}"
run run examples/pid.jl "${device[@]}" --stats
run run examples/math.jl "${device[@]}"
run run examples/vectors.jl "${device[@]}"
run run examples/binary_trees.jl "${device[@]}" --heap 12288 --stats
run call examples/foundation/fib.c fib 20 "${device[@]}"
