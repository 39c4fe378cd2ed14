# SPDX-License-Identifier: LGPL-2.1-or-later
# fuzz area: one libFuzzer target per parser in tests/fuzz/fuzz-*.c.
#
# Every target always builds with tests/fuzz/driver.c into
# tests/fuzz/regress-NAME, which replays tests/fuzz/corpus/NAME/ (seeds and
# every crash reproducer) in `make check` (t0901) -- under plain gcc, and
# under ASan + UBSan in CI's --enable-sanitizers pass.
#
# With ./configure CC=clang --enable-fuzzing the same sources also build
# into libFuzzer binaries tests/fuzz/fuzz-NAME (make fuzz, or one by name).
# Coverage must reach the parsers inside the static archives, so a fuzzing
# build instruments every object (-fsanitize=fuzzer-no-link) with ASan and
# UBSan; tracees keep their own flags.  See tests/fuzz/README.md.

FUZZ_TARGETS = strace-line strace audit journal policy-list \
	policy-systemd policy-oci policy-minijail policy-c policy-bpf kb bpf \
	const lines
FUZZ_REGRESS = tests/fuzz/regress-strace-line tests/fuzz/regress-strace \
	tests/fuzz/regress-audit tests/fuzz/regress-journal \
	tests/fuzz/regress-policy-list tests/fuzz/regress-policy-systemd \
	tests/fuzz/regress-policy-oci tests/fuzz/regress-policy-minijail \
	tests/fuzz/regress-policy-c tests/fuzz/regress-policy-bpf \
	tests/fuzz/regress-kb tests/fuzz/regress-bpf tests/fuzz/regress-const \
	tests/fuzz/regress-lines
check_PROGRAMS += $(FUZZ_REGRESS)
FUZZ_DRIVER = tests/fuzz/driver.c tests/fuzz/fuzz.h

tests_fuzz_regress_strace_line_SOURCES = $(FUZZ_DRIVER) \
	tests/fuzz/fuzz-strace-line.c
tests_fuzz_regress_strace_line_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_strace_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-strace.c
tests_fuzz_regress_strace_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_audit_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-audit.c
tests_fuzz_regress_audit_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_journal_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-journal.c
tests_fuzz_regress_journal_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_kb_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-kb.c
tests_fuzz_regress_kb_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_bpf_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-bpf.c
tests_fuzz_regress_bpf_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_const_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-const.c
tests_fuzz_regress_const_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_lines_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-lines.c
tests_fuzz_regress_lines_LDADD = $(SYSCENSUS_LIBS)
# one source, one reader per binary
tests_fuzz_regress_policy_list_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_list_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"list"'
tests_fuzz_regress_policy_list_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_policy_systemd_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_systemd_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"systemd"'
tests_fuzz_regress_policy_systemd_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_policy_oci_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_oci_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"oci"'
tests_fuzz_regress_policy_oci_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_policy_minijail_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_minijail_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"minijail"'
tests_fuzz_regress_policy_minijail_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_policy_c_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_c_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"c"'
tests_fuzz_regress_policy_c_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_regress_policy_bpf_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-policy.c
tests_fuzz_regress_policy_bpf_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"bpf"'
tests_fuzz_regress_policy_bpf_LDADD = $(SYSCENSUS_LIBS)

EXTRA_DIST += tests/fuzz/README.md tests/fuzz/known-open \
	tests/fuzz/fuzz-import.h tests/fuzz/corpus

if FUZZING
# FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION: libFuzzer's convention for
# limits sized for an instrumented build (analyzer/policy/bpf.c)
AM_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer -g \
	-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
AM_LDFLAGS += -fsanitize=address,undefined
FUZZ_BIN_LDFLAGS = -fsanitize=fuzzer,address,undefined
FUZZ_BINS = tests/fuzz/fuzz-strace-line tests/fuzz/fuzz-strace \
	tests/fuzz/fuzz-audit tests/fuzz/fuzz-journal \
	tests/fuzz/fuzz-policy-list tests/fuzz/fuzz-policy-systemd \
	tests/fuzz/fuzz-policy-oci tests/fuzz/fuzz-policy-minijail \
	tests/fuzz/fuzz-policy-c tests/fuzz/fuzz-policy-bpf \
	tests/fuzz/fuzz-kb tests/fuzz/fuzz-bpf tests/fuzz/fuzz-const \
	tests/fuzz/fuzz-lines
noinst_PROGRAMS += $(FUZZ_BINS)
# the generated header first: a target named alone skips BUILT_SOURCES
fuzz: $(BUILT_SOURCES)
	$(MAKE) $(AM_MAKEFLAGS) $(FUZZ_BINS)
.PHONY: fuzz

tests_fuzz_fuzz_strace_line_SOURCES = tests/fuzz/fuzz-strace-line.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_strace_line_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_strace_line_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_strace_SOURCES = tests/fuzz/fuzz-strace.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_strace_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_strace_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_audit_SOURCES = tests/fuzz/fuzz-audit.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_audit_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_audit_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_journal_SOURCES = tests/fuzz/fuzz-journal.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_journal_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_journal_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_kb_SOURCES = tests/fuzz/fuzz-kb.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_kb_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_kb_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_bpf_SOURCES = tests/fuzz/fuzz-bpf.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_bpf_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_bpf_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_const_SOURCES = tests/fuzz/fuzz-const.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_const_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_const_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_lines_SOURCES = tests/fuzz/fuzz-lines.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_lines_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_lines_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_policy_list_SOURCES = tests/fuzz/fuzz-policy.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_policy_list_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"list"'
tests_fuzz_fuzz_policy_list_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_policy_list_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_policy_systemd_SOURCES = tests/fuzz/fuzz-policy.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_policy_systemd_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"systemd"'
tests_fuzz_fuzz_policy_systemd_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_policy_systemd_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_policy_oci_SOURCES = tests/fuzz/fuzz-policy.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_policy_oci_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"oci"'
tests_fuzz_fuzz_policy_oci_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_policy_oci_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_policy_minijail_SOURCES = tests/fuzz/fuzz-policy.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_policy_minijail_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"minijail"'
tests_fuzz_fuzz_policy_minijail_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_policy_minijail_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_policy_c_SOURCES = tests/fuzz/fuzz-policy.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_policy_c_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"c"'
tests_fuzz_fuzz_policy_c_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_policy_c_LDADD = $(SYSCENSUS_LIBS)
tests_fuzz_fuzz_policy_bpf_SOURCES = tests/fuzz/fuzz-policy.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_policy_bpf_CFLAGS = $(AM_CFLAGS) -DFUZZ_POLICY_FORMAT='"bpf"'
tests_fuzz_fuzz_policy_bpf_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_policy_bpf_LDADD = $(SYSCENSUS_LIBS)
endif
