# SPDX-License-Identifier: LGPL-2.1-or-later
# test infrastructure area: the probes behind the prerequisites that
# tests/integration/lib.sh declares (test_lazy_prereq), their tests, and
# the test-suite README.  Probe tracees build without sanitizers like every
# tracee (see Makefile.am).
INFRA_TRACEES = tests/tracees/x32-probe
check_PROGRAMS += $(INFRA_TRACEES)
tests_tracees_x32_probe_SOURCES = tests/tracees/x32-probe.c
tests_tracees_x32_probe_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_x32_probe_LDFLAGS =

EXTRA_DIST += $(INFRA_TESTS) tests/README.md

# EXTRA_DIST names whole directories (fixtures, bench, scripts, the fuzz
# corpus).  For a directory that also exists in the build directory,
# automake's distdir copies the build directory's copy over the source's:
# build/fixtures/daemons held svcd and its objects, so the tarball shipped
# binaries, VPATH found '../../fixtures/daemons/svcd' up to date in
# distcheck, never built it, and the daemon tests skipped ("svcd is not
# built") or ran a binary from another machine.  Keep only what the source
# tree has.
dist-hook:
	@for d in fixtures bench scripts tests/fuzz/corpus; do \
		test -d "$(distdir)/$$d" || continue; \
		(cd "$(distdir)" && find "$$d" -type f) | while read -r f; do \
			test -e "$(abs_srcdir)/$$f" || \
				{ echo "dist: dropping build product $$f"; \
				  rm -f "$(distdir)/$$f"; }; \
		done; \
		find "$(distdir)/$$d" -depth -type d -empty -delete; \
	done
