#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test with ctest.
#   scripts/test.sh          that (11.5 to 12 minutes measured on a fresh 2-core Debian 12)
#   scripts/test.sh --full   also the layout checks (scripts/format.sh, scripts/check_rooms.py), the ASan+UBSan and
#                            ThreadSanitizer builds' tests (scripts/sanitize.sh) and the fuzzers
#                            (scripts/fuzz.sh): about 30 minutes more. CI runs this one.
# With --full, MANIFOLDLAB_SKIP_SANITIZE=1 or MANIFOLDLAB_SKIP_FUZZ=1 skips those parts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
full=0
case "${1:-}" in
  "") ;;
  --full) full=1 ;;
  *) echo "usage: scripts/test.sh [--full]" >&2; exit 2 ;;
esac
if [ $full = 1 ]; then "$root/scripts/setup.sh" --full; else "$root/scripts/setup.sh"; fi
[ $full = 0 ] || "$root/scripts/format.sh" --check
[ $full = 0 ] || python3 "$root/scripts/check_rooms.py"
"$root/scripts/build.sh"
# GUI tests need no display.
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure -j2 --timeout 600
[ $full = 1 ] || exit 0
[ "${MANIFOLDLAB_SKIP_SANITIZE:-0}" = 1 ] || "$root/scripts/sanitize.sh" asan
[ "${MANIFOLDLAB_SKIP_SANITIZE:-0}" = 1 ] || "$root/scripts/sanitize.sh" tsan
[ "${MANIFOLDLAB_SKIP_FUZZ:-0}" = 1 ] || "$root/scripts/fuzz.sh"
