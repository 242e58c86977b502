#!/usr/bin/env bash
# Applies .clang-format to the tracked C++ files, or checks them.
#   scripts/format.sh            reformat every tracked .h/.cpp in place
#   scripts/format.sh --check    fail (listing the files) if a tracked file differs from the layout
#   scripts/format.sh --check REF  check only the files changed since git REF
# The layout is pinned to clang-format 14 (Debian 12's); another major version lays out a few
# constructs differently, so the check fails without it rather than pass unchecked.
set -euo pipefail
cd "$(dirname "$0")/.."
tool="$(command -v clang-format-14 || command -v clang-format || true)"
if [ "${1:-}" = --check ] && command -v clang-format-14 >/dev/null; then tool="$(command -v clang-format-14)"; fi
if [ -z "$tool" ]; then echo "format: clang-format not installed (scripts/setup.sh --full installs it)" >&2; exit 1; fi
major="$("$tool" --version | sed -n 's/.*version \([0-9]*\).*/\1/p')"
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
if [ $# -gt 0 ]; then
  mapfile -t files < <(git diff --name-only --diff-filter=d "$1" -- '*.h' '*.cpp')
else
  mapfile -t files < <(git ls-files '*.h' '*.cpp')
fi
if [ ${#files[@]} -eq 0 ]; then echo "format: no C++ files to look at"; exit 0; fi
if [ $check = 0 ]; then "$tool" -i "${files[@]}"; exit 0; fi
if [ "$major" != 14 ]; then
  echo "format: clang-format $major is not the pinned 14 (install clang-format-14); nothing was checked" >&2
  exit 1
fi
bad=()
for f in "${files[@]}"; do "$tool" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f"); done
if [ ${#bad[@]} -gt 0 ]; then
  echo "format: ${#bad[@]} file(s) differ from .clang-format (run scripts/format.sh): ${bad[*]}" >&2
  exit 1
fi
echo "format: ${#files[@]} file(s) match .clang-format"
