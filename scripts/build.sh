#!/usr/bin/env bash
# Configures and builds ManifoldLab into build/ (Release). Extra arguments go to cmake's configure step.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
# MANIFOLDLAB_WERROR=1 (as .ci/run sets it) turns every compiler warning into an error.
werror=OFF
[ "${MANIFOLDLAB_WERROR:-0}" = 1 ] && werror=ON
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMANIFOLDLAB_WERROR=$werror "$@"
cmake --build "$build" -j"${MANIFOLDLAB_JOBS:-2}"
