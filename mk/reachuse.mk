# SPDX-License-Identifier: LGPL-2.1-or-later
# reach consumers (included by Makefile.am): static reach in check/diff
# (the `unexercised` finding), emit (--reach, --observed-only,
# --rollout) and report.  `scan` itself, which fills the reach table, is
# another area.

# reach-calls reaches uname, getrusage and chown but calls them only when
# asked; a tracee (no sanitizers: see Makefile.am).  Its -static and
# -DRAW_SYSCALL builds are made by the tests that use them.
check_PROGRAMS += tests/tracees/reach-calls
tests_tracees_reach_calls_SOURCES = tests/tracees/reach-calls.c
tests_tracees_reach_calls_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_reach_calls_LDFLAGS =
EXTRA_DIST += tests/tracees/reach-calls.c

EXTRA_DIST += $(REACHUSE_TESTS) tests/integration/reach-lib.sh

# knowledge-base rules of this area (cold start, admin queries)
dist_pkgdata_DATA += data/servers.rules

# the default emit sizes benchmark (bench/emit-sizes.md)
EXTRA_DIST += bench/reach-sizes.sh bench/emit-sizes.md
