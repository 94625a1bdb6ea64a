#!/usr/bin/env bash
# Front-end figures for the README: instructions on QEMU mps2-an385 under
# -icount shift=0 (one instruction per virtual nanosecond, counted by the
# device runtime: CallResult.instructions) for the benchmarks in tools/bench/,
# the Julia version (`jlremote run X.jl`) against the same algorithm in C
# built with arm-none-eabi-gcc -O2 (`jlremote call X.c F ARGS --object X.o`:
# the same call path and the same runtime helpers, gcc's code); and the host
# compile time of each example.
# Usage: tools/bench_frontend.sh BUILD_DIR   (writes BUILD_DIR/bench/frontend.md)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
jl=$build/tools/jlremote
out=$build/bench/frontend.md
objects=$build/bench/gcc
mkdir -p "$objects"
bench=tools/bench
device=(--board mps2-an385 --icount)

# The instructions a `jlremote ... --stats` log reports, summed over its
# calls; else "pending: " and the log's first line, fit for a table cell.
count_or_pending() {
  local status=$1 log=$2
  local n
  n=$(awk '/^call: [0-9]+ instructions/ {n += $2; seen = 1} END {if (seen) print n}' <<<"$log")
  if [[ $status == 0 && -n $n ]]; then
    echo "$n"
  elif [[ $status == 0 ]]; then
    echo "pending: no instruction count reported"
  else
    echo "pending: $(grep -m1 . <<<"$log" | sed 's/|/\\|/g')"
  fi
}

# C: instructions of FILE.c's FUNCTION(ARGS), gcc's code.
c_count() {
  local file=$1 function=$2 args=$3 log status=0
  arm-none-eabi-gcc -O2 -mcpu=cortex-m3 -mthumb -ffunction-sections \
    -fdata-sections -c "$bench/$file.c" -o "$objects/$file.o"
  log=$("$jl" call "$bench/$file.c" "$function" $args --object "$objects/$file.o" \
          "${device[@]}" --stats 2>&1 >/dev/null </dev/null) || status=$?
  count_or_pending "$status" "$log"
}

# Julia: instructions of the script's top-level statements (further
# arguments go to `jlremote run`).
julia_count() {
  local script=$1 log status=0
  shift
  log=$("$jl" run "$bench/$script.jl" "${device[@]}" --stats "$@" 2>&1 >/dev/null </dev/null) || status=$?
  count_or_pending "$status" "$log"
}

is_number() { [[ $1 =~ ^[0-9]+$ ]]; }

{
  echo "### Instructions on QEMU mps2-an385 (-icount shift=0), Julia against C (arm-none-eabi-gcc -O2)"
  echo
  echo "Counted by the device runtime around the call (image loads and prints"
  echo "excluded, the call trampoline included, the same for both; exact to one"
  echo "SysTick tick, 40 instructions). C: \`jlremote call tools/bench/F.c F ARGS"
  echo "--object F.o\` with F.o from \`arm-none-eabi-gcc -O2 -mcpu=cortex-m3"
  echo "-mthumb -ffunction-sections -fdata-sections\` (a section per function:"
  echo "an image per function, as loader/ wants); Julia: \`jlremote run"
  echo "tools/bench/F.jl\` (its top-level statements: the call and the println"
  echo "of its result)."
  echo
  echo '| benchmark | C instructions | Julia instructions | Julia / C |'
  echo '| --- | --- | --- | --- |'
  log_sum=0
  rows=0
  # name | Julia script | C calls (file function args; ...), summed
  while IFS='|' read -r name script calls; do
    c=0
    IFS=';' read -ra list <<<"$calls"
    for call in "${list[@]}"; do
      read -r file function args <<<"$call"
      n=$(c_count "$file" "$function" "$args")
      if ! is_number "$n"; then c=$n; break; fi
      c=$((c + n))
    done
    j=$(julia_count "$script")
    if is_number "$c" && is_number "$j"; then
      ratio=$(awk -v j="$j" -v c="$c" 'BEGIN {printf "%.3f", j / c}')
      log_sum=$(awk -v s="$log_sum" -v r="$ratio" 'BEGIN {print s + log(r)}')
      rows=$((rows + 1))
    else
      ratio="-"
    fi
    echo "| $name | $c | $j | $ratio |"
  done <<'EOF'
harmonic sum, Float64, n = 1000|harmonic|harmonic harmonic 1000
fib(20), recursive, Int32|fib|fib fib 20
biquad low-pass, 1000 samples, Float64 then Float32|biquad|biquad biquad 1000;biquad biquad32 1000
Jacobi, NX = 100, 100 iterations, Float64|jacobi|jacobi jacobi 100
EOF
  if ((rows > 0)); then
    awk -v s="$log_sum" -v n="$rows" 'BEGIN {
      printf "\nGeometric mean of Julia / C over %d benchmarks: **%.3f** (target: at most 1.10)\n", n, exp(s / n) }'
  else
    echo
    echo "Geometric mean: pending (no benchmark ran on both sides)"
  fi
  echo
  echo "### Bounds checks: Julia's default against \`--check-bounds=no\`"
  echo
  echo "Instructions as above. \`--check-bounds=no\` removes every bounds check, as"
  echo "\`@inbounds\` on every indexing would; the default checks each index and"
  echo "throws BoundsError. harmonic, fib and biquad index no array: the same code."
  echo
  echo '| benchmark | checked | `--check-bounds=no` | checks cost |'
  echo '| --- | --- | --- | --- |'
  for script in harmonic fib biquad jacobi; do
    checked=$(julia_count "$script")
    unchecked=$(julia_count "$script" --check-bounds=no)
    if is_number "$checked" && is_number "$unchecked"; then
      cost=$(awk -v a="$checked" -v b="$unchecked" 'BEGIN {printf "%+.1f%%", (a / b - 1) * 100}')
    else
      cost="-"
    fi
    echo "| $script | $checked | $unchecked | $cost |"
  done
  echo
  echo "### Host compile time per example (\`jlremote build X.jl --board mps2-an385\`, whole process, median of 5)"
  echo
  echo '| example | time | target |'
  echo '| --- | --- | --- |'
  shopt -s nullglob globstar
  for script in examples/**/*.jl; do
    times=()
    status=ok
    for _ in 1 2 3 4 5; do
      start=$(date +%s%N)
      if ! log=$("$jl" build "$script" --board mps2-an385 -o /dev/null 2>&1); then
        status="pending: $(grep -m1 . <<<"$log" | sed 's/|/\\|/g')"
        break
      fi
      times+=($(($(date +%s%N) - start)))
    done
    if [[ $status == ok ]]; then
      median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
      awk -v f="$script" -v ns="$median" 'BEGIN {
        printf "| %s | %.3f s | %s |\n", f, ns / 1e9, ns < 3e8 ? "under 0.3 s" : "**over 0.3 s**" }'
    else
      echo "| $script | $status | |"
    fi
  done
} >"$out"
cat "$out"
