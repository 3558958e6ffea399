#!/usr/bin/env bash
# `aisrm check --format sarif` for the action. Never fails the step on
# findings (the SARIF must still be uploaded and the report written); the
# exit code goes to the step's outputs and action/verdict.sh decides.
set -uo pipefail

read -r -a paths <<< "$(echo "${AISRM_PATHS:-.}" | tr '\n' ' ')"
[ ${#paths[@]} -gt 0 ] || paths=(.)
case "${AISRM_FAIL_ON:-error}" in
  error | none) deny=() ;;
  warning) deny=(--deny warnings) ;;
  *)
    echo "::error::aisrm: fail-on must be error, warning or none, not '${AISRM_FAIL_ON}'"
    exit 2
    ;;
esac
sarif=${AISRM_SARIF_FILE:-aisrm.sarif}

aisrm check "${paths[@]}" --format sarif "${deny[@]}" > "$sarif"
code=$?
echo "aisrm check ${paths[*]} ${deny[*]}: exit code $code"
{
  echo "exit-code=$code"
  if [ -s "$sarif" ]; then echo "sarif-file=$sarif"; fi
} >> "$GITHUB_OUTPUT"
exit 0
