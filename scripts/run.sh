#!/usr/bin/env bash
# Installs what is missing, builds the desktop program (only it: the tests build with scripts/test.sh),
# and opens the GUI on the default sine-wave experiment.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
MANIFOLDLAB_TARGETS=manifoldlab "$root/scripts/build.sh"
exec "${MANIFOLDLAB_BUILD_DIR:-$root/build}/app/manifoldlab" "$@"
