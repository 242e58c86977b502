#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test with ctest; then the ASan+UBSan
# and the ThreadSanitizer builds' tests (scripts/sanitize.sh) and the fuzzers (scripts/fuzz.sh).
# MANIFOLDLAB_SKIP_SANITIZE=1 or MANIFOLDLAB_SKIP_FUZZ=1 skips those locally.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
# GUI tests need no display.
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure -j2 --timeout 600
[ "${MANIFOLDLAB_SKIP_SANITIZE:-0}" = 1 ] || "$root/scripts/sanitize.sh" asan
[ "${MANIFOLDLAB_SKIP_SANITIZE:-0}" = 1 ] || "$root/scripts/sanitize.sh" tsan
[ "${MANIFOLDLAB_SKIP_FUZZ:-0}" = 1 ] || "$root/scripts/fuzz.sh"
