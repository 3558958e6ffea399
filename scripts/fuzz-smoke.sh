#!/usr/bin/env bash
# Time-bounded fuzzing: builds every cargo-fuzz target in fuzz/ (stable
# toolchain, no sanitizer: `-s none`) and runs each one from its checked-in
# seeds for FUZZ_SECONDS seconds each (default 20), after the build.
# Fails when any target finds a crash, a hang (a unit slower than 20 s) or an out-of-memory (over 2 GB); the input is
# left in fuzz/artifacts/TARGET/. New inputs go to fuzz/work/ (ignored),
# so fuzz/corpus/ keeps only the seeds.
#
# A longer campaign: FUZZ_SECONDS=600 bash scripts/fuzz-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-20}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

targets=$(cd fuzz && cargo fuzz list)
cargo fuzz build -s none

total=0
for target in $targets; do
  work="fuzz/work/$target"
  log="fuzz/work/$target.log"
  mkdir -p "$work"
  echo "--- $target (${seconds}s)"
  if ! cargo fuzz run -s none "$target" "$work" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "$target: ${runs:-0} executions, no crash"
  total=$((total + ${runs:-0}))
done
echo "fuzzing: $total executions over $(echo $targets | wc -w) targets, no crash"
