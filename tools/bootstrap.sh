#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (as root), builds everything, then:
#   tools/bootstrap.sh demo   runs the demonstration on the emulated mps2-an385
#   tools/bootstrap.sh test   runs the whole test suite
#   tools/bootstrap.sh build  only builds
# Everything comes from Debian's packages; nanopb's C sources from Debian's
# nanopb source package, unpacked in the build folder (nothing vendored).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-build}
build=${JLREMOTE_BUILD_DIR:-build}

packages=(
  cmake ninja-build pkg-config python3
  llvm-19-dev clang-19 lld-19 libclang-rt-19-dev
  libserialport-dev libasio-dev protobuf-compiler libprotobuf-dev nanopb
  libspdlog-dev libgtest-dev libgmock-dev libcli11-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi
  qemu-system-arm socat dpkg-dev clang-format-19
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# nanopb's C sources: apt-get source with a private deb-src list, so the
# machine's own apt configuration is left as it is.
nanopb_dir=$build/_deps/nanopb
if [ ! -f "$nanopb_dir/pb_decode.c" ]; then
  work=$build/_deps/nanopb-apt
  mkdir -p "$work/lists/partial"
  uris=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "deb-src ${uris:-http://deb.debian.org/debian} bookworm main" >"$work/sources.list"
  apt_opts=(-o Dir::Etc::SourceList="$PWD/$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o Dir::State::Lists="$PWD/$work/lists")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && apt-get "${apt_opts[@]}" source --download-only nanopb)
  rm -rf "$nanopb_dir" && mkdir -p "$nanopb_dir"
  tar -xzf "$work"/nanopb_*.orig.tar.gz -C "$nanopb_dir" --strip-components=1
fi

cmake -S . -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DNANOPB_SRC_DIR="$PWD/$nanopb_dir"
cmake --build "$build"

case "$mode" in
  build) ;;
  demo) tools/demo.sh "$build" ;;
  test) ctest --test-dir "$build" --output-on-failure -j2 ;;
  *) echo "usage: $0 [build|demo|test]" >&2; exit 2 ;;
esac
