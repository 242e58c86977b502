#!/usr/bin/env bash
# Builds the Debian package: installs what is missing, builds the two programs into build/ (reusing
# what scripts/build.sh or scripts/test.sh built there) and writes build/manifoldlab_<version>_<arch>.deb.
# Then: sudo apt-get install ./build/manifoldlab_0.1.0_amd64.deb
# Extra arguments go to cmake's configure step, as in scripts/build.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh"
# CPack reads the libraries' Debian package names from dpkg-shlibdeps (cmake/Packaging.cmake).
if ! command -v dpkg-shlibdeps >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "package: installing dpkg-dev (dpkg-shlibdeps)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends dpkg-dev
fi
werror=OFF
[ "${MANIFOLDLAB_WERROR:-0}" = 1 ] && werror=ON
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMANIFOLDLAB_WERROR=$werror "$@"
# Only what the package holds: the tests need not be built for it.
cmake --build "$build" -j"${MANIFOLDLAB_JOBS:-2}" --target manifoldlab_package_files
rm -f "$build"/manifoldlab_*.deb
(cd "$build" && cpack -G DEB --config CPackConfig.cmake)
deb="$(ls "$build"/manifoldlab_*.deb)"
echo "package: $deb"
echo "install it with: sudo apt-get install $deb"
