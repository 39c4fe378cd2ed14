#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Install what building and testing syscensus needs on Debian 12, only what
# is missing.  Needs root (or sudo) when something is missing.
set -eu
pkgs="build-essential autoconf automake autoconf-archive pkgconf
libseccomp-dev libpcre2-dev libsqlite3-dev sqlite3 libjansson-dev
libcmocka-dev libdw-dev strace systemd procps
libbpf-dev bpftool clang llvm"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "run as root to install:$missing" >&2; exit 2; }
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
