# SPDX-License-Identifier: LGPL-2.1-or-later
# sandbox area (issue 15): syscensus confines its analysis commands with
# the policy it discovered by tracing itself (included by Makefile.am).
tests_unit_t_cmd_SOURCES += cli/confine.c
dist_pkgdata_DATA += data/self-policy.list
BUILT_SOURCES += common/self-policy.h
CLEANFILES += common/self-policy.h

# The reviewed self policy (data/self-policy.list, written by
# scripts/self-policy.sh) compiled in as C string literals: the names
# only, comments dropped.  Names are [a-z0-9_], nothing to escape.
common/self-policy.h: data/self-policy.list
	$(AM_V_GEN)$(MKDIR_P) common && \
	$(SED) -n -e 's/#.*//' -e 's/[^a-z0-9_]//g' -e '/./s/.*/"&",/p' \
		$(srcdir)/data/self-policy.list > $@.tmp && mv $@.tmp $@

# The test build: syscensus plus the hook of tests/sandbox-hook.c (a parser
# that makes a forbidden syscall or opens a file it was not given).
check_PROGRAMS += tests/syscensus-hooked
tests_syscensus_hooked_SOURCES = $(syscensus_SOURCES) tests/sandbox-hook.c
tests_syscensus_hooked_LDADD = $(SYSCENSUS_LIBS)

EXTRA_DIST += $(SANDBOX_TESTS) tests/integration/sandbox-lib.sh \
	scripts/self-policy.sh scripts/self-workload.sh
