#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Install what building and testing syscensus needs on Debian 12, only what
# is missing.  Needs root (or sudo) when something is missing.
set -eu
pkgs="build-essential autoconf automake autoconf-archive pkgconf
libseccomp-dev libpcre2-dev libsqlite3-dev sqlite3 libjansson-dev
libcmocka-dev libdw-dev strace systemd procps util-linux python3"
# the bpf engine: a CO-RE object (clang, llvm), its skeleton (bpftool),
# libbpf to load it
pkgs="$pkgs libbpf-dev bpftool clang llvm"
# fuzzing (libFuzzer) and sanitizers
pkgs="$pkgs clang libclang-rt-14-dev"
# the OCI reader (yajl) and the Docker/Podman profile it is tested against
pkgs="$pkgs libyajl-dev golang-github-containers-common"
# static reach: ELF (libelf) and the disassembler (Capstone)
pkgs="$pkgs libelf-dev libcapstone-dev"
# reports: HTML in headless Chromium, JUnit read back by junitparser
pkgs="$pkgs chromium python3-junitparser"
# make check-format (the committed .clang-format)
pkgs="$pkgs clang-format"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# The SARIF tests validate with Microsoft's sarif-multitool (npm); without
# it they skip, so failing to install it is a warning, not an error.
need_sarif=
command -v sarif-multitool >/dev/null 2>&1 || need_sarif=1
if [ -n "$need_sarif" ] && ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi
[ -z "$missing" ] && [ -z "$need_sarif" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null; then
		[ -z "$missing" ] && { echo "install-deps: not root: sarif-multitool not installed, the SARIF validation tests will skip" >&2; exit 0; }
		echo "run as root to install:$missing" >&2
		exit 2
	fi
	SUDO=sudo
else
	SUDO=
fi
if [ -n "$missing" ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ -n "$need_sarif" ]; then
	echo "installing: @microsoft/sarif-multitool (npm)"
	$SUDO npm install -g --silent @microsoft/sarif-multitool >/dev/null 2>&1 ||
		echo "install-deps: npm could not install @microsoft/sarif-multitool: the SARIF validation tests will skip" >&2
fi
