# SPDX-License-Identifier: LGPL-2.1-or-later
# layers-lib.sh - shared by the Landlock/systemd layer tests (t24xx).
#
# landlock_abi: prints the running kernel's Landlock ABI version (or
# nothing) through landlock_create_ruleset(NULL, 0, VERSION).  Written as a
# small function here while lib.sh's LANDLOCK prerequisite is being added
# by the infra work; the tests call require_landlock, which skips with the
# reason.
. "$top_srcdir/tests/integration/lib.sh"

landlock_abi() {
	/usr/bin/python3 -c '
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
v = libc.syscall(444, None, 0, 1)
if v < 0:
    import os
    sys.stderr.write(os.strerror(ctypes.get_errno()) + "\n")
    sys.exit(1)
print(v)' 2>landlock.err
}

require_landlock() {
	LANDLOCK_ABI=$(landlock_abi) ||
		skip_all "this kernel has no Landlock: $(cat landlock.err)"
	have cc || skip_all "no C compiler (cc) to build the emitted ruleset"
	say "Landlock ABI $LANDLOCK_ABI"
}

# start_server DIR: layers-app serve DIR in the background, untraced;
# SERVER is its pid.
start_server() {
	"$T/layers-app" serve "$1" &
	SERVER=$!
	n=0
	while [ ! -e "$1/serve.ready" ] && [ $n -lt 100 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	[ -e "$1/serve.ready" ]
}

stop_server() {
	kill "$SERVER" 2>/dev/null
	wait "$SERVER" 2>/dev/null
	return 0
}
