#!/usr/bin/env bash
# Configures and builds ManifoldLab into build/ (Release). Extra arguments go to cmake's configure step.
# MANIFOLDLAB_TARGETS="manifoldlab" builds only those targets (and what they need); default: everything.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
# MANIFOLDLAB_WERROR=1 (as .ci/run sets it) turns every compiler warning into an error.
werror=OFF
[ "${MANIFOLDLAB_WERROR:-0}" = 1 ] && werror=ON
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMANIFOLDLAB_WERROR=$werror "$@"
targets=()
for t in ${MANIFOLDLAB_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build" -j"${MANIFOLDLAB_JOBS:-2}" "${targets[@]}"
