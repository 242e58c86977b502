#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the tests with ctest, then prints how long
# each phase took (packages, configure and build, ctest).
#   scripts/test.sh          that, without the tests labelled slow or slurm (8 min 46 s measured on
#                            a fresh 2-core Debian 12 root, packages included: see the README)
#   scripts/test.sh --full   every test, and the layout checks (scripts/format.sh, scripts/check_rooms.py),
#                            the ASan+UBSan and ThreadSanitizer builds' tests (scripts/sanitize.sh), the
#                            fuzzers (scripts/fuzz.sh) and the .deb installed into a clean Debian 12 root
#                            (scripts/test_package.sh). CI runs this one.
# With --full, MANIFOLDLAB_SKIP_SANITIZE=1, MANIFOLDLAB_SKIP_FUZZ=1 or MANIFOLDLAB_SKIP_PACKAGE=1 skips those parts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
full=0
case "${1:-}" in
  "") ;;
  --full) full=1 ;;
  *) echo "usage: scripts/test.sh [--full]" >&2; exit 2 ;;
esac

phases=()
phase_start=$SECONDS
phase_done() {
  phases+=("$(printf '%4d:%02d  %s' $(((SECONDS - phase_start) / 60)) $(((SECONDS - phase_start) % 60)) "$1")")
  phase_start=$SECONDS
}
print_phases() {
  echo "test.sh: phases (min:s)"
  printf '  %s\n' "${phases[@]}" "$(printf '%4d:%02d  total' $((SECONDS / 60)) $((SECONDS % 60)))"
}
trap print_phases EXIT

if [ $full = 1 ]; then "$root/scripts/setup.sh" --full; else "$root/scripts/setup.sh"; fi
phase_done "packages (scripts/setup.sh)"
if [ $full = 1 ]; then
  "$root/scripts/format.sh" --check
  python3 "$root/scripts/check_rooms.py"
  phase_done "layout checks"
fi
"$root/scripts/build.sh"
phase_done "configure and build (scripts/build.sh)"
# GUI tests need no display.
export QT_QPA_PLATFORM=offscreen
# The quick command leaves out the tests labelled slow (the default demo at three seeds) and slurm
# (a real Slurm started by the test, where slurm-wlm is installed); --full runs them too.
skip=(-LE 'slow|slurm')
[ $full = 0 ] || skip=()
ctest --test-dir "$build" --output-on-failure -j2 --timeout 600 "${skip[@]}"
phase_done "ctest"
[ $full = 1 ] || exit 0
if [ "${MANIFOLDLAB_SKIP_SANITIZE:-0}" != 1 ]; then
  "$root/scripts/sanitize.sh" asan
  "$root/scripts/sanitize.sh" tsan
  phase_done "sanitizers (scripts/sanitize.sh asan, tsan)"
fi
if [ "${MANIFOLDLAB_SKIP_FUZZ:-0}" != 1 ]; then
  "$root/scripts/fuzz.sh"
  phase_done "fuzzers (scripts/fuzz.sh)"
fi
if [ "${MANIFOLDLAB_SKIP_PACKAGE:-0}" != 1 ]; then
  "$root/scripts/test_package.sh"
  phase_done "package in a clean root (scripts/test_package.sh)"
fi
