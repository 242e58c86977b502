#!/usr/bin/env bash
# Configures and builds ManifoldLab into build/ (Release). Extra arguments go to cmake's configure step.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build" -j"${MANIFOLDLAB_JOBS:-2}"
