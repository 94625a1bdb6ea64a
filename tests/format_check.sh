#!/usr/bin/env bash
# Fails when a C/C++ source differs from what clang-format (LLVM style, the
# root .clang-format) would write.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.cpp' '*.h' 2>/dev/null || true)
[ ${#files[@]} -gt 0 ] || { echo "no sources to check"; exit 0; }
clang-format-19 --dry-run -Werror "${files[@]}"
echo "format: ${#files[@]} files checked"
