#!/usr/bin/env bash
# Renders the HTML report of examples/ in headless Chromium (the same run as
# the report_html test) and refreshes docs/report-screenshot.png.
# Needs Debian's chromium: apt-get install -y chromium
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is not installed: run apt-get install -y chromium" >&2
  exit 1
fi
shot="$(mktemp -d)/report.png"
AISRM_REPORT_SCREENSHOT="$shot" cargo test -p aisrm --test report_html -- --nocapture
cp "$shot" docs/report-screenshot.png
ls -l docs/report-screenshot.png
