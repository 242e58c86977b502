#!/usr/bin/env bash
# Builds the tests with sanitizers and runs them; any report fails the run.
#   scripts/sanitize.sh [asan]  build-asan/, ASan + UBSan: the core tests and the GUI's
#                               Training.*/WorkerStress.* tests (what scripts/test.sh runs)
#   scripts/sanitize.sh tsan    build-tsan/, ThreadSanitizer: the threaded core tests, Training.* and
#                               WorkerStress.* (uninstrumented Qt/GLib/LibTorch/libgomp: see tsan.supp)
# Further arguments go to cmake's configure step (e.g. -DMANIFOLDLAB_GUI=OFF).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode="asan"
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then mode="$1"; shift; fi
supp="$root/scripts/sanitizers"
start=$SECONDS
# Exported before the build too: gtest_discover_tests runs the test binaries at build time.
case "$mode" in
  asan)
    build="${MANIFOLDLAB_ASAN_DIR:-$root/build-asan}"
    sanitize="address,undefined"
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
    core_filter='.'
    ui_filter='^(Training|WorkerStress)\.'
    ;;
  tsan)
    build="${MANIFOLDLAB_TSAN_DIR:-$root/build-tsan}"
    sanitize="thread"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
    core_filter='^(Engine\.(StopRequest|PauseHolds|AnInversePreview)|InversePreview|WorkerPool|Joint\.Stop|Sweep\.SameTrial)'
    ui_filter='^(Training|WorkerStress)\.'
    ;;
  *) echo "usage: scripts/sanitize.sh [asan|tsan] [cmake args]" >&2; exit 2 ;;
esac
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DMANIFOLDLAB_SANITIZE="$sanitize" "$@"
targets=(core_tests)
cmake --build "$build" --target help | grep -q ' ui_tests' && targets+=(ui_tests)
cmake --build "$build" -j"${MANIFOLDLAB_JOBS:-2}" --target "${targets[@]}"
echo "sanitize ($mode): built in $((SECONDS - start)) s"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure -j2 --timeout 900 -L core -R "$core_filter"
if [[ " ${targets[*]} " == *" ui_tests "* ]]; then
  ctest --test-dir "$build" --output-on-failure -j2 --timeout 900 -L ui -R "$ui_filter"
fi
echo "sanitize ($mode): built and tested in $((SECONDS - start)) s"
