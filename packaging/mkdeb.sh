#!/bin/sh
# packaging/mkdeb.sh VERSION - build tianbiao_VERSION_ARCH.deb in the top directory.
#
# Called by `make deb`. A binary package built with dpkg-deb from `make install` into a
# staging root, with no debian/ source directory to keep in step: the binary is built
# afresh in build/deb with PREFIX=/usr and Debian's hardening flags, stripped; the man
# page and changelog are compressed as policy asks; Depends comes from dpkg-shlibdeps,
# so it names the library packages the binary really links (ncursesw, formw, SQLite,
# libxlsxwriter). Set DEB_MAINTAINER to sign it with another name and address.
set -eu
cd "$(dirname "$0")/.."
version=${1:?usage: packaging/mkdeb.sh VERSION}
maintainer=${DEB_MAINTAINER:-tianbiao authors <tianbiao@example.org>}
for tool in dpkg-deb dpkg-shlibdeps dpkg-buildflags strip gzip; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "mkdeb: $tool is missing; install it with: sudo apt-get install dpkg-dev binutils" >&2
		exit 1
	fi
done
umask 022
top=$PWD
B=build/deb
root=$B/debian/tianbiao	# where dpkg-shlibdeps expects the files of package tianbiao
arch=$(dpkg --print-architecture)
deb=tianbiao_${version}_${arch}.deb
# Reproducible: every date in the package is the last commit's (or now, outside git).
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

rm -rf "$B"
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
make --no-print-directory B="$B" PREFIX=/usr CFLAGS="$cflags" LDFLAGS="$ldflags" \
	INSTALL_BIN="$B/tianbiao" DESTDIR="$top/$root" install >"$B.log" 2>&1 || {
	tail -n 30 "$B.log" >&2
	echo "mkdeb: the build failed (whole log in $B.log)" >&2
	exit 1
}

strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/tianbiao"
gzip -9n "$root/usr/share/man/man1/tianbiao.1"
doc=$root/usr/share/doc/tianbiao
install -d "$doc"
install -m 0644 packaging/deb/copyright "$doc/copyright"
# A native package's changelog: one entry for this version, dated like the sources.
{
	printf 'tianbiao (%s) unstable; urgency=medium\n\n' "$version"
	printf '  * Release %s; the changes are in the git history.\n\n' "$version"
	printf ' -- %s  %s\n' "$maintainer" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} >"$doc/changelog"
gzip -9n "$doc/changelog"

install -d "$root/DEBIAN"
# dpkg-shlibdeps reads debian/control beside debian/tianbiao; a minimal one does.
printf 'Source: tianbiao\n\nPackage: tianbiao\nArchitecture: any\n' >"$B/debian/control"
depends=$(cd "$B" && dpkg-shlibdeps -O -edebian/tianbiao/usr/bin/tianbiao |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "mkdeb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

size=$(du -sk --apparent-size "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
	-e "s|@SIZE@|$size|" -e "s|@DEPENDS@|$depends|" packaging/deb/control.in >"$root/DEBIAN/control"
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
echo "Depends: $depends"
