# SPDX-License-Identifier: LGPL-2.1-or-later
# inputs area (hostile and real-world input in the analyzer's readers:
# OCI, PFC, C and minijail policies, imports of pipes and shrinking logs):
# tests and data.

# the PFC reader's fuzz target (replayed by t2218 from its corpus)
check_PROGRAMS += tests/fuzz/regress-policy-pfc
tests_fuzz_regress_policy_pfc_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_pfc_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"pfc"'
tests_fuzz_regress_policy_pfc_LDADD = $(SYSCENSUS_LIBS)

# the stub <seccomp.h> the C policy reader preprocesses with
cppstubdir = $(pkgdatadir)/cpp-stub
dist_cppstub_DATA = data/cpp-stub/seccomp.h
