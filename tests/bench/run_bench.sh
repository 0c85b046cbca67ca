#!/usr/bin/env bash
# One command for the whole benchmark table (SPEC §9, issue 10): installs what is missing
# (python3-torch for the PyTorch reference included), builds peftbench_bench and the store and UI
# benchmarks it runs as children in build-bench, and runs it.
# Usage: tests/bench/run_bench.sh [peftbench_bench options, e.g. --steps 3 --threads 2 --json out.json]
# PEFTBENCH_BENCH_BUILD_DIR overrides the build directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${PEFTBENCH_BENCH_BUILD_DIR:-$root/build-bench}

bash "$root/installer/bootstrap.sh" --bench
# Release: the figures are meant to describe the shipped engine, not a debug build.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPEFTBENCH_BUILD_BENCH=ON -DPEFTBENCH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target peftbench_bench peftbench_store_bench peftbench_ui_bench -j "$(nproc)"
exec "$build/tests/bench/peftbench_bench" "$@"
