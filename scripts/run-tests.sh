#!/bin/sh
# Run the meson test suites and print the case totals.
# Usage: run-tests.sh [--reference] BUILD_DIR
# The last line printed is "N passed, N failed"; skipped cases are listed on
# the line before it with their reasons and count as neither.
set -u
suites=""
if [ "${1:-}" = "--reference" ]; then
    suites="--suite reference"
    shift
else
    suites="--no-suite reference --no-suite slow"
fi
build=${1:-build}
# shellcheck disable=SC2086
meson test -C "$build" $suites --print-errorlogs --num-processes 2 \
    >"$build/meson-test-output.txt" 2>&1
status=$?
tail -n 40 "$build/meson-test-output.txt"
python3 "$(dirname "$0")/test-summary.py" "$build/meson-logs/testlog.json"
summary=$?
if [ $status -ne 0 ] && [ $summary -eq 0 ]; then
    # meson failed without a failing case we could count (e.g. a crash
    # before any TAP output): surface it as a failure.
    echo "meson test exited with status $status"
    exit 1
fi
exit $summary
