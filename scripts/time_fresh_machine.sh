#!/usr/bin/env bash
# Times the README's two commands as a new user meets them: each in its own clean Debian 12 root
# (debootstrap --variant=minbase, plus git and, for the window, Xvfb), from a clean clone of HEAD.
#   scripts/run.sh: time until the first window is drawn (a screenshot of it, --no-start)
#   scripts/test.sh: its own phase table (packages, configure and build, ctest)
# Needs root and the network; run it on a quiet machine. Logs and the screenshot go to
# build/fresh-machine/. MANIFOLDLAB_MIRROR=URL picks the Debian mirror (default deb.debian.org).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${MANIFOLDLAB_BUILD_DIR:-$root/build}/fresh-machine"
mirror="${MANIFOLDLAB_MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" -eq 0 ] || { echo "time_fresh_machine: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "time_fresh_machine: debootstrap is missing (scripts/setup.sh --full)" >&2; exit 2; }

base="$(mktemp -d /var/tmp/manifoldlab-fresh.XXXXXX)"
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}"; done
  grep -qF " $base/" /proc/mounts || rm -rf --one-file-system "$base"
}
trap cleanup EXIT
rm -rf "$out" && mkdir -p "$out"
lscpu | grep -m1 'Model name' | tee "$out/cpu.txt"

echo "== debootstrap (not timed)"
debootstrap --variant=minbase bookworm "$base/root" "$mirror" >"$out/debootstrap.log" 2>&1
cp /etc/resolv.conf "$base/root/etc/resolv.conf"
chroot "$base/root" apt-get install -y -q --no-install-recommends git ca-certificates xvfb xauth >"$out/base-apt.log" 2>&1
git clone -q "$root" "$base/root/src.git"   # a bare-like source for both clones below
for name in run test; do cp -a "$base/root" "$base/$name"; done
rm -rf "$base/root"

# Mounts what a machine has under a root, remembered for cleanup.
enter() {
  local r="$1" m
  for m in proc sys dev dev/pts dev/shm; do
    mount --bind "/$m" "$r/$m"
    mounted+=("$r/$m")
  done
}

echo "== scripts/run.sh in a fresh root"
enter "$base/run"
start=$SECONDS
chroot "$base/run" bash -c 'git clone -q /src.git /src && cd /src &&
  xvfb-run -a -s "-screen 0 1440x900x24" scripts/run.sh --no-start --screenshot /first-window.png' >"$out/run.log" 2>&1
run_s=$((SECONDS - start))
cp "$base/run/first-window.png" "$out/"

echo "== scripts/test.sh in a fresh root"
enter "$base/test"
start=$SECONDS
chroot "$base/test" bash -c 'git clone -q /src.git /src && cd /src && scripts/test.sh' >"$out/test.log" 2>&1 || {
  tail -30 "$out/test.log"
  exit 1
}
test_s=$((SECONDS - start))

echo "time_fresh_machine: $(sed 's/.*: *//' "$out/cpu.txt")"
printf '  %d:%02d  scripts/run.sh until the first window (%s)\n' $((run_s / 60)) $((run_s % 60)) "$out/first-window.png"
printf '  %d:%02d  scripts/test.sh, whose phases were:\n' $((test_s / 60)) $((test_s % 60))
sed -n '/test.sh: phases/,$p' "$out/test.log" | tail -n +2
