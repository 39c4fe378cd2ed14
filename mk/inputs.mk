# SPDX-License-Identifier: LGPL-2.1-or-later
# inputs area (hostile and real-world input in the analyzer's readers:
# OCI, PFC, C and minijail policies, imports of pipes and shrinking logs):
# tests and data.
TESTS += tests/integration/t2212-oci-hostile.sh
EXTRA_DIST += tests/integration/t2212-oci-hostile.sh
TESTS += tests/integration/t2213-oci-runtimes.sh
EXTRA_DIST += tests/integration/t2213-oci-runtimes.sh
TESTS += tests/integration/t2214-import-shrinking.sh
EXTRA_DIST += tests/integration/t2214-import-shrinking.sh
TESTS += tests/integration/t2215-minijail-empty-term.sh
EXTRA_DIST += tests/integration/t2215-minijail-empty-term.sh
TESTS += tests/integration/t2216-inputs-no-hang.sh \
	tests/integration/t2217-import-pipes.sh
EXTRA_DIST += tests/integration/t2216-inputs-no-hang.sh \
	tests/integration/t2217-import-pipes.sh
TESTS += tests/integration/t2218-policy-pfc.sh
EXTRA_DIST += tests/integration/t2218-policy-pfc.sh

# the PFC reader's fuzz target (replayed by t2218 from its corpus)
check_PROGRAMS += tests/fuzz/regress-policy-pfc
tests_fuzz_regress_policy_pfc_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_pfc_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"pfc"'
tests_fuzz_regress_policy_pfc_LDADD = $(SYSCENSUS_LIBS)

# the stub <seccomp.h> the C policy reader preprocesses with
cppstubdir = $(pkgdatadir)/cpp-stub
dist_cppstub_DATA = data/cpp-stub/seccomp.h
TESTS += tests/integration/t2219-policy-c-cpp.sh
EXTRA_DIST += tests/integration/t2219-policy-c-cpp.sh
