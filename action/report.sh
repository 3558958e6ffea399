#!/usr/bin/env bash
# The responsibility report (Markdown) into the job summary.
set -euo pipefail

if [ "${AISRM_REPORT:-true}" != true ]; then
  echo "aisrm report: skipped (report: ${AISRM_REPORT})"
  exit 0
fi
read -r -a paths <<< "$(echo "${AISRM_PATHS:-.}" | tr '\n' ' ')"
[ ${#paths[@]} -gt 0 ] || paths=(.)
# Like check, report exits 1 on error-level findings (after writing the
# whole report); the verdict step decides whether the job fails.
aisrm report "${paths[@]}" --format markdown >> "$GITHUB_STEP_SUMMARY" || test $? -eq 1
echo "aisrm report: written to the job summary"
