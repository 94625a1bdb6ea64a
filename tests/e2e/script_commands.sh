#!/bin/sh
# jlremote build and run without a device: `build -o` writes an ELF object for
# the board's (or --arch's) core, `--emit=llvm` prints IR, and `run` of a
# script with nothing to run exits 0 without starting a device (the device
# directory points nowhere, so starting one would fail).
# Usage: script_commands.sh JLREMOTE PROGRAMS_DIR
set -eu
jlremote=$1
programs=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# ELF header bytes: magic, class (1: 32-bit, 2: 64-bit), e_machine at 18.
header() { od -An -tx1 -N20 "$1" | tr -d ' \n'; }

"$jlremote" build "$programs/harmonic.jl" -o "$work/thumb.o"
h=$(header "$work/thumb.o")
case $h in 7f454c4601*) ;; *) fail "thumbv7m object header $h" ;; esac
[ "$(echo "$h" | cut -c37-40)" = 2800 ] || fail "e_machine of $h is not ARM"

"$jlremote" build "$programs/harmonic.jl" --arch x86_64 -o "$work/x86.o"
h=$(header "$work/x86.o")
case $h in 7f454c4602*) ;; *) fail "x86_64 object header $h" ;; esac
[ "$(echo "$h" | cut -c37-40)" = 3e00 ] || fail "e_machine of $h is not x86-64"

# Without -o the object is named after the script, in the current directory.
(cd "$work" && "$jlremote" build "$programs/harmonic.jl" --board microbit)
[ -s "$work/harmonic.o" ] || fail "build without -o wrote no harmonic.o"

ir=$("$jlremote" build "$programs/harmonic.jl" --emit=llvm)
echo "$ir" | grep -q '^target triple = "thumbv7m' || fail "no thumbv7m triple in IR"
echo "$ir" | grep -q '^define .*@julia_toplevel()' || fail "no julia_toplevel in IR"
echo "$ir" | grep -q '^define .*@julia_harmonic_Int32(' || fail "no harmonic in IR"
ir=$(JLREMOTE_DEVICE_DIR=/nonexistent "$jlremote" run "$programs/harmonic.jl" --sim --emit=llvm)
echo "$ir" | grep -q '^define .*@julia_harmonic_Int64(' || fail "run --sim --emit=llvm"

out=$(JLREMOTE_DEVICE_DIR=/nonexistent "$jlremote" run "$programs/no_toplevel.jl")
[ -z "$out" ] || fail "no_toplevel.jl printed: $out"
echo ok
