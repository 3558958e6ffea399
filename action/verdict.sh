#!/usr/bin/env bash
# Fails the job when `aisrm check` found something at the `fail-on`
# threshold (exit code 1, already computed with --deny warnings for
# `warning`), or could not run (exit code 2, or no exit code at all).
set -euo pipefail

code=${AISRM_EXIT_CODE:-}
if [ -z "$code" ]; then
  echo "::error::aisrm check did not run"
  exit 1
fi
case "$code/${AISRM_FAIL_ON:-error}" in
  0/*) echo "aisrm: no findings at the threshold" ;;
  1/none) echo "aisrm: findings reported, fail-on: none" ;;
  1/*)
    echo "::error::aisrm check found findings at the fail-on threshold (${AISRM_FAIL_ON:-error}); see the code-scanning alerts"
    exit 1
    ;;
  *)
    echo "::error::aisrm check failed to run (exit code $code)"
    exit 1
    ;;
esac
