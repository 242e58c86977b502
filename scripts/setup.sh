#!/usr/bin/env bash
# Installs ManifoldLab's build dependencies from Debian/Ubuntu packages. Safe to re-run:
# it installs only what is missing. Uses sudo when not root.
#   scripts/setup.sh          what building, the GUI and ctest need
#   scripts/setup.sh --full   also what scripts/test.sh --full needs (clang for the fuzzers, clang-format,
#                             Slurm and munge for the Slurm test)
set -euo pipefail
full=0
[ "${1:-}" = --full ] && full=1

packages=(
  g++ cmake make pkg-config
  libtorch-dev libopenblas0-openmp   # LibTorch runs on the slow reference BLAS without OpenBLAS
  libtcmalloc-minimal4               # faster per-tensor allocations (CMakeLists.txt)
  nlohmann-json3-dev libgtest-dev
  python3-torch                      # ctest's TorchScript round trip with Python (issue 18)
  qt6-base-dev qt6-svg-dev qt6-qpa-plugins
  libqcustomplot-dev libqcustomplot2.1-qt6
)
if [ "${MANIFOLDLAB_NO_GUI:-0}" = 1 ]; then
  packages=(g++ cmake make pkg-config libtorch-dev libopenblas0-openmp libtcmalloc-minimal4 nlohmann-json3-dev libgtest-dev)
fi
if [ $full = 1 ]; then
  packages+=(clang libclang-rt-dev   # scripts/fuzz.sh: libFuzzer lives in clang's runtime
             clang-format-14         # scripts/format.sh --check (the pinned version)
             slurm-wlm munge         # tests/slurm: sweep --slurm against a real Slurm (issue 30)
             dpkg-dev debootstrap lintian)  # scripts/test_package.sh: the .deb in a clean Debian 12 root
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all dependencies present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
