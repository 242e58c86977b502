#!/usr/bin/env bash
# Installs ManifoldLab's .deb as a user would and runs it from the installed files: builds the
# package (scripts/package.sh), makes a clean Debian 12 root (debootstrap --variant=minbase),
# `apt-get install ./manifoldlab_*.deb` there (its dependencies from the mirror), then trains with
# manifoldlab-cli, pictures the window and the guided tour under Xvfb, reads the man page, runs the
# completion and validates the desktop entry and AppStream metadata; lintian checks the .deb.
# Pictures and logs land in build/package-test/. Needs root (debootstrap, chroot, mount) and the
# network; scripts/test.sh --full runs it (3 min 16 s measured on 2 cores with the programs built:
# debootstrap 53 s, apt 76 s, the checks 30 s).
#   MANIFOLDLAB_MIRROR=URL      Debian mirror (default: this machine's, from /etc/apt/sources.list*)
#   MANIFOLDLAB_APT_CACHE=DIR   keep the downloaded packages there for the next run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MANIFOLDLAB_BUILD_DIR:-$root/build}"
out="$build/package-test"
if [ "$(id -u)" -ne 0 ]; then
  echo "test_package: needs root (debootstrap, chroot, mount): sudo $0, or MANIFOLDLAB_SKIP_PACKAGE=1" >&2
  exit 2
fi
for tool in debootstrap lintian; do
  command -v $tool >/dev/null || { echo "test_package: $tool is missing (scripts/setup.sh --full)" >&2; exit 2; }
done

# This machine's Debian mirror: the first URI of a main archive in its apt sources.
apt_uris() { grep -hsE '^[[:space:]]*(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
  /etc/apt/sources.list.d/*.sources | grep -oE 'https?://[^ ]+' || true; }
mirror="${MANIFOLDLAB_MIRROR:-$(apt_uris | grep -E '/debian/?$' | head -1)}"
mirror="${mirror:-http://deb.debian.org/debian}"
security="$(apt_uris | grep -E '/debian-security/?$' | head -1)"

# Per-step wall times, printed as a table at the end.
steps=()
step_name="" step_start=$SECONDS
step() {
  [ -z "$step_name" ] || steps+=("$(printf '%5d s  %s' $((SECONDS - step_start)) "$step_name")")
  step_name="$1" step_start=$SECONDS
  [ -z "$1" ] || echo "== $1"
}
report() {
  step ""
  echo "test_package: steps"
  printf '  %s\n' "${steps[@]}"
}

chroot_dir=""
mounted=()
cleanup() {
  local rc=$? i failed_step="$step_name"
  if [ $rc -ne 0 ]; then
    report
    echo "test_package: FAILED in step '$failed_step' (logs in $out)" >&2
  fi
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || echo "test_package: cannot unmount ${mounted[i]}" >&2
  done
  # Never delete through a mount that is still there (it would reach this machine's /dev or /sys).
  if [ -n "$chroot_dir" ] && ! grep -qF " $chroot_dir/" /proc/mounts; then rm -rf --one-file-system "$chroot_dir"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$out"
mkdir -p "$out"

step "build the .deb (scripts/package.sh)"
"$root/scripts/package.sh" >"$out/package.log" 2>&1 || { tail -20 "$out/package.log"; exit 1; }
deb="$(ls "$build"/manifoldlab_*.deb)"
echo "$deb ($(du -h "$deb" | cut -f1)); depends: $(dpkg-deb -f "$deb" Depends)"

step "lintian"
lintian --tag-display-limit 0 -I "$deb" >"$out/lintian.txt" 2>&1 || true
cat "$out/lintian.txt"
if grep -q '^E:' "$out/lintian.txt"; then echo "test_package: lintian reports errors" >&2; exit 1; fi

step "debootstrap a clean Debian 12 root from $mirror"
chroot_dir="$(mktemp -d /var/tmp/manifoldlab-root.XXXXXX)"
chmod 755 "$chroot_dir"  # its / for the unprivileged user who runs the programs
debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" >"$out/debootstrap.log" 2>&1 ||
  { tail -20 "$out/debootstrap.log"; exit 1; }
{
  echo "deb $mirror bookworm main"
  echo "deb $mirror bookworm-updates main"
  [ -z "$security" ] || echo "deb $security bookworm-security main"
} >"$chroot_dir/etc/apt/sources.list"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
mount -t proc proc "$chroot_dir/proc" && mounted+=("$chroot_dir/proc")
mount --bind /sys "$chroot_dir/sys" && mounted+=("$chroot_dir/sys")
mount --bind /dev "$chroot_dir/dev" && mounted+=("$chroot_dir/dev")
mount --bind /dev/pts "$chroot_dir/dev/pts" && mounted+=("$chroot_dir/dev/pts")
if mountpoint -q /dev/shm; then mount --bind /dev/shm "$chroot_dir/dev/shm" && mounted+=("$chroot_dir/dev/shm"); fi
cp "$deb" "$chroot_dir/root/"
# MANIFOLDLAB_APT_CACHE=DIR keeps the downloaded .debs between runs (a developer's reruns).
if [ -n "${MANIFOLDLAB_APT_CACHE:-}" ]; then
  mkdir -p "$MANIFOLDLAB_APT_CACHE"
  mount --bind "$MANIFOLDLAB_APT_CACHE" "$chroot_dir/var/cache/apt/archives" && mounted+=("$chroot_dir/var/cache/apt/archives")
fi

# Runs a command in the clean root, as root or (as_user) as an ordinary user.
in_root() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }
as_user() { in_root runuser -u student -- env HOME=/home/student "$@"; }

step "apt-get install ./$(basename "$deb") (dependencies only, no recommends)"
in_root apt-get update -q >"$out/apt.log" 2>&1 || { tail -20 "$out/apt.log"; exit 1; }
in_root sh -c "cd /root && apt-get install -y -q --no-install-recommends ./$(basename "$deb")" >>"$out/apt.log" 2>&1 ||
  { tail -30 "$out/apt.log"; exit 1; }
grep -E '^(Need to get|After this operation)' "$out/apt.log" || true
in_root dpkg -L manifoldlab >"$out/installed-files.txt"
in_root useradd -m student

step "installed files"
for f in /usr/bin/manifoldlab /usr/bin/manifoldlab-cli /usr/share/manifoldlab/tour/01-non-unique.json \
  /usr/share/applications/io.github.manifoldlab.ManifoldLab.desktop \
  /usr/share/metainfo/io.github.manifoldlab.ManifoldLab.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/io.github.manifoldlab.ManifoldLab.svg \
  /usr/share/icons/hicolor/48x48/apps/io.github.manifoldlab.ManifoldLab.png \
  /usr/share/man/man1/manifoldlab.1.gz /usr/share/man/man1/manifoldlab-cli.1.gz \
  /usr/share/bash-completion/completions/manifoldlab-cli /usr/share/doc/manifoldlab/copyright; do
  grep -qxF "$f" "$out/installed-files.txt" || { echo "test_package: the package lacks $f" >&2; exit 1; }
done
echo "$(grep -c . "$out/installed-files.txt") paths, every expected one present"

step "--version"
v_cli="$(as_user manifoldlab-cli --version)"
v_gui="$(as_user manifoldlab --version)"
echo "$v_cli / $v_gui"
[ "$v_cli" = "manifoldlab-cli $(dpkg-deb -f "$deb" Version)" ] || { echo "test_package: unexpected '$v_cli'" >&2; exit 1; }
[[ $v_gui == *"$(dpkg-deb -f "$deb" Version)"* ]] || { echo "test_package: unexpected '$v_gui'" >&2; exit 1; }

step "manifoldlab-cli train (sine, k = 2, a few epochs)"
as_user manifoldlab-cli train --problem sine --k 2 --samples 1000 --epochs-forward 20 --epochs-inverse 10 \
  --seed 1 --out /tmp/run >"$out/train.log" 2>&1 || { tail -20 "$out/train.log"; exit 1; }
tail -4 "$out/train.log"
for f in config.json metrics.json losses.csv proposals.csv model.json forward.pt inverse_0.pt inverse_1.pt; do
  [ -s "$chroot_dir/tmp/run/$f" ] || { echo "test_package: train wrote no $f" >&2; exit 1; }
done
grep -q '"selected_resim_mse_by_k"' "$chroot_dir/tmp/run/metrics.json" || { echo "test_package: metrics.json lacks the MSEs" >&2; exit 1; }
as_user manifoldlab-cli infer --model /tmp/run --y 0.5 | tee "$out/infer.txt" | head -5

step "manifoldlab --screenshot under Xvfb (2 s of training)"
in_root apt-get install -y -q --no-install-recommends xvfb xauth >>"$out/apt.log" 2>&1 || { tail -20 "$out/apt.log"; exit 1; }
as_user mkdir -p /tmp/shots
as_user xvfb-run -a -s "-screen 0 1600x1000x24" manifoldlab --screenshot /tmp/shots/window.png --train-seconds 2 \
  >"$out/screenshot.log" 2>&1 || { tail -20 "$out/screenshot.log"; exit 1; }
cp "$chroot_dir"/tmp/shots/*.png "$out/"
[ -s "$out/window.png" ] || { echo "test_package: no window.png" >&2; exit 1; }
echo "pictures: $(cd "$out" && echo ./*.png)"

step "the guided tour from the installed scenes"
as_user xvfb-run -a -s "-screen 0 1600x1000x24" manifoldlab --tour-scene 1 --screenshot /tmp/shots/tour.png \
  --train-seconds 120 >"$out/tour.log" 2>&1 || { tail -20 "$out/tour.log"; exit 1; }
grep 'tour scene 1' "$out/tour.log"
grep -q 'tour scene 1: ready' "$out/tour.log" || { echo "test_package: the tour scene did not run" >&2; exit 1; }
cp "$chroot_dir/tmp/shots/tour.png" "$out/tour.png"

step "man pages, completion, desktop entry and AppStream metadata"
in_root apt-get install -y -q --no-install-recommends man-db desktop-file-utils appstream >>"$out/apt.log" 2>&1 ||
  { tail -20 "$out/apt.log"; exit 1; }
as_user man -w manifoldlab-cli manifoldlab
# groff's warnings (what lintian's manpage-has-errors-from-man reports) fail the test.
for page in manifoldlab manifoldlab-cli; do
  warnings="$(as_user env MANWIDTH=80 man --warnings -E UTF-8 "$page" 2>&1 >/dev/null)"
  [ -z "$warnings" ] || { echo "test_package: man $page: $warnings" >&2; exit 1; }
done
as_user env MANWIDTH=80 man manifoldlab-cli 2>/dev/null | sed 's/.\x08//g' | grep -E '^ *(--k|--version|TRAIN|SWEEP)' | head -4 || true
# shellcheck disable=SC2016  # expanded by the inner bash
reply="$(as_user bash -c 'source /usr/share/bash-completion/completions/manifoldlab-cli
  COMP_WORDS=(manifoldlab-cli tr); COMP_CWORD=1; _manifoldlab_cli; echo "${COMPREPLY[*]}"')"
echo "completion: manifoldlab-cli tr<TAB> -> $reply"
[ "$reply" = train ] || { echo "test_package: completion gave '$reply'" >&2; exit 1; }
in_root desktop-file-validate /usr/share/applications/io.github.manifoldlab.ManifoldLab.desktop
in_root appstreamcli validate --no-net /usr/share/metainfo/io.github.manifoldlab.ManifoldLab.metainfo.xml

report
echo "test_package: passed; pictures and logs in $out"
