#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Configure and build in ./build (or $BUILD_DIR) unless that is up to date.
# Extra configure flags come from $CONFIGURE_FLAGS.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}
cd "$top"
[ -x configure ] || ./bootstrap >/dev/null 2>&1 || ./bootstrap
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$(cat .configure-flags 2>/dev/null)" != "${CONFIGURE_FLAGS:-}" ]; then
	# shellcheck disable=SC2086
	"$top/configure" ${CONFIGURE_FLAGS:-} >configure.out 2>&1 ||
		{ cat configure.out; exit 1; }
	printf '%s' "${CONFIGURE_FLAGS:-}" >.configure-flags
fi
make -j"$(nproc)" >make.out 2>&1 || { tail -50 make.out; exit 1; }
