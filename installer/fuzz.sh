#!/usr/bin/env bash
# Fuzzing and sanitizers (issue 11 items 4 and 5), run by installer/test.sh after the main build.
# Builds fuzz/ with clang under AddressSanitizer + UndefinedBehaviorSanitizer in a build folder of
# its own; CTest replays every seed and regression input and runs the readers' unit tests there;
# then each libFuzzer harness fuzzes for PEFTBENCH_FUZZ_SECONDS (default 60), as many at a time as
# there are cores, seeded with the bad-input corpus (tests/data/bad) and tests/fuzz/seeds. Any crash,
# leak, sanitizer report, broken contract or input slower than 25 s fails it, with the report and
# the saved input named. Executions and time per harness go to BUILD/fuzz-logs/summary.tsv.
# Usage: installer/fuzz.sh [BUILD_DIR]   (default: ${PEFTBENCH_BUILD_DIR:-build}-fuzz)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${PEFTBENCH_BUILD_DIR:-$root/build}-fuzz}
seconds=${PEFTBENCH_FUZZ_SECONDS:-60}
parallel=$(nproc)

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ not found; installer/bootstrap.sh installs clang and its sanitizer runtimes" >&2
  exit 1
fi
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: PEFTBENCH_FUZZ_SECONDS is '$seconds', expected whole seconds >= 1" >&2; exit 1; }

started=$SECONDS
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPEFTBENCH_BUILD_FUZZERS=ON
cmake --build "$build" -j "$parallel"
# Every sanitizer report is fatal and names its source line.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure --timeout 300
echo "fuzz: built and replayed in $((SECONDS - started)) s"

logs=$build/fuzz-logs
rm -rf "$logs" "$build/fuzz-artifacts"
mkdir -p "$logs" "$build/fuzz-artifacts"

fuzz_one() {
  local harness=$1 corpus=$build/fuzz-corpus/$1
  mkdir -p "$corpus"
  mapfile -t args <"$build/fuzz/$harness.args"  # options and seed folders, from fuzz/CMakeLists.txt
  # The first folder is the working corpus: libFuzzer adds what it finds there, not to the seeds.
  "$build/fuzz/$harness" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$harness-" "$corpus" "${args[@]}" \
    >"$logs/$harness.log" 2>&1
}

harnesses=()
for f in "$build"/fuzz/fuzz_*.args; do harnesses+=("$(basename "$f" .args)"); done
declare -A pid_of
failed=()
running=0
for h in "${harnesses[@]}"; do
  if ((running >= parallel)); then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzz: $h for $seconds s"
  fuzz_one "$h" &
  pid_of[$h]=$!
  running=$((running + 1))
done
for h in "${harnesses[@]}"; do
  wait "${pid_of[$h]}" || failed+=("$h")
done

printf 'harness\texecutions\tseconds\texec/s\tcorpus\tpeak_rss_mb\tresult\n' >"$logs/summary.tsv"
for h in "${harnesses[@]}"; do
  stat() { sed -n "s/^stat::$1: *//p" "$logs/$h.log" | tail -1; }
  corpus=$(grep -o 'corp: [0-9]*' "$logs/$h.log" | tail -1 | cut -d' ' -f2)
  result=passed
  [[ " ${failed[*]-} " == *" $h "* ]] && result=FAILED
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$(stat number_of_executed_units)" "$seconds" \
    "$(stat average_exec_per_sec)" "${corpus:-?}" "$(stat peak_rss_mb)" "$result" >>"$logs/summary.tsv"
done
column -t -s $'\t' "$logs/summary.tsv"

for h in "${failed[@]}"; do
  echo "fuzz: $h FAILED; its report (full log: $logs/$h.log):" >&2
  grep -v '^#[0-9]' "$logs/$h.log" | tail -60 >&2
  echo "fuzz: the input is saved under $build/fuzz-artifacts/; once fixed, add it to tests/fuzz/regressions/$h/" >&2
done
echo "fuzz: build, replay and fuzzing took $((SECONDS - started)) s"
echo "fuzz: $((${#harnesses[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
