#!/usr/bin/env bash
# tools/fresh-chroot.sh [DIR] - from the README to `make check` on a truly fresh machine.
#
# As root, with debootstrap installed: makes a Debian 12 minbase root in DIR (default
# /var/tmp/tianbiao-fresh; the debootstrap result is kept as DIR/base-SUITE.tar and
# unpacked afresh every run), installs what the README says a bare system needs (make,
# git), copies in a clean clone of this checkout's HEAD (committed work only), and runs
# `make check` there as root with no locale set, as a root login on a fresh system has.
# Then `make run` in a tmux window of the chroot must show the form list. Says what
# `make check` installed (packages, MB) and its totals line; everything is in DIR/log.
#
#   FRESH_MIRROR   Debian mirror (default: the first one in /etc/apt/sources.list*)
#   FRESH_SUITE    bookworm
#   FRESH_TARGET   the make target to run: check (default), or ci
#   FRESH_KEEP=1   leave DIR/root in place afterwards (it is removed at the next run)
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-/var/tmp/tianbiao-fresh}
SUITE=${FRESH_SUITE:-bookworm}
TARGET=${FRESH_TARGET:-check}
root=$DIR/root
base=$DIR/base-$SUITE.tar
log=$DIR/log

die() { echo "fresh-chroot: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and mount need it)"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
case $DIR in "$TOP" | "$TOP"/*) die "DIR must be outside the source tree" ;; esac

mirror=${FRESH_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb  *\(\[[^]]*\] *\)\{0,1\}\(http[^ ]*\) .*/\2/p' \
	/etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
	2>/dev/null | grep -v security | head -n 1)}
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

mkdir -p "$DIR"
: >"$log"
say() { echo "fresh-chroot: $*" | tee -a "$log"; }

unmount_all() {
	local m
	for m in dev/pts dev proc sys; do
		mountpoint -q "$root/$m" 2>/dev/null && umount -R "$root/$m" 2>/dev/null
	done
	mountpoint -q "$root" 2>/dev/null && umount -R "$root" 2>/dev/null
	return 0
}
cleanup() {
	chroot "$root" tmux -L fresh kill-server >/dev/null 2>&1 || true
	unmount_all
	if [ "${FRESH_KEEP:-0}" != 1 ] && [ -d "$root" ]; then
		rm -rf --one-file-system "$root"
	fi
}

if [ ! -s "$base" ]; then
	say "debootstrap --variant=minbase $SUITE from $mirror (once; kept as $base)"
	rm -rf --one-file-system "$DIR/base"
	debootstrap --variant=minbase "$SUITE" "$DIR/base" "$mirror" >>"$log" 2>&1 ||
		die "debootstrap failed, see $log"
	tar -C "$DIR/base" -cf "$base.tmp" . && mv "$base.tmp" "$base"
	rm -rf --one-file-system "$DIR/base"
fi
unmount_all
rm -rf --one-file-system "$root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
trap cleanup EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The root a mount point of its own, as on a real system (tests unshare a mount namespace
# and make / private, which a plain directory refuses).
mount --bind "$root" "$root"
mount --make-private "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"

# in_root CMD...: run CMD in the chroot as a root login on a fresh system would: no locale.
in_root() {
	chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
# shellcheck disable=SC2016 # dpkg-query's own ${...} fields
packages() { in_root dpkg-query -W -f '${Package} ${Installed-Size}\n' | LC_ALL=C sort -k1,1; }

packages >"$DIR/packages.0"
say "minbase: $(wc -l <"$DIR/packages.0") packages"
say "the README's bare system: apt-get install --no-install-recommends make git"
in_root apt-get update -qq >>"$log" 2>&1 || die "apt-get update failed, see $log"
in_root apt-get install -y -qq --no-install-recommends make git >>"$log" 2>&1 ||
	die "installing make and git failed, see $log"
in_root apt-get clean
packages >"$DIR/packages.1"

git clone -q --no-local "$TOP" "$root/root/tianbiao"
say "a clean clone of $(git -C "$TOP" log -1 --format='%h %s' | cut -c1-70)"
say "make $TARGET (as root, no locale set)"
start=$SECONDS
set +e
in_root bash -c "cd /root/tianbiao && make $TARGET" >"$DIR/check.log" 2>&1
rc=$?
set -e
secs=$((SECONDS - start))
cat "$DIR/check.log" >>"$log"
packages >"$DIR/packages.2"

# What make check installed: the packages new since make and git, their size.
LC_ALL=C join -v1 "$DIR/packages.2" "$DIR/packages.1" >"$DIR/installed.txt" || true
n=$(wc -l <"$DIR/installed.txt")
kb=$(awk '{ s += $2 } END { print s + 0 }' "$DIR/installed.txt")
dl=$(find "$root/var/cache/apt/archives" -name '*.deb' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
say "make $TARGET installed $n packages, $((kb / 1024)) MB installed, $((dl / 1048576)) MB downloaded (list: $DIR/installed.txt)"
x11=$(awk '$1 ~ /^(libx11|libxcb|libxext|libxrender|libxft|libxau|libxdmcp|libxpm|x11-|fonts-|fontconfig|libfreetype|libgl1|libglx|libegl|libwayland|libtiff|libjpeg|libpng)/ { print $1 }' \
	"$DIR/installed.txt" | tr '\n' ' ')
say "among them fonts, X11 or image libraries: ${x11:-none}"
say "the largest: $(sort -k2,2nr "$DIR/installed.txt" | head -n 8 | awk '{ printf "%s%s %d MB", (NR > 1 ? ", " : ""), $1, $2 / 1024 }')"
say "make $TARGET: exit $rc after $secs s; $(grep -E '^[0-9]+ passed' "$DIR/check.log" | tail -n 1)"
grep -E '^(FAIL|skip) ' "$DIR/check.log" | head -n 20 | tee -a "$log" || true

# make run with no locale set, in a real terminal (tmux of the chroot): the form list.
ok=1
if in_root sh -c 'command -v tmux' >/dev/null 2>&1; then
	in_root tmux -L fresh -f /dev/null new-session -d -x 80 -y 24 \
		"cd /root/tianbiao && make run; echo EXITED \$?; sleep 30"
	screen=
	for _ in $(seq 1 100); do
		screen=$(in_root tmux -L fresh capture-pane -p -t 0 2>/dev/null || true)
		case $screen in *"共 3 张表"* | *EXITED*) break ;; esac
		sleep 0.2
	done
	if [[ $screen == *"共 3 张表"* ]]; then
		say "make run with no locale set: the form list shows"
		in_root tmux -L fresh send-keys -t 0 F10
	else
		ok=0
		say "make run with no locale set: no form list; the window shows:"
		printf '%s\n' "$screen" | tee -a "$log"
	fi
else
	ok=0
	say "no tmux in the chroot (make $TARGET installs it): make run not tried"
fi
[ "$rc" -eq 0 ] && [ "$ok" -eq 1 ]
