# SPDX-License-Identifier: LGPL-2.1-or-later
# policy-io area (OCI, minijail, C and BPF readers, the BPF emulator, the
# emitters other than list, inspect): sources, tests and data.
analyzer_libanalyzer_a_SOURCES += analyzer/policy/policy-oci.c \
	analyzer/policy/policy-minijail.c analyzer/policy/policy-c.c analyzer/policy/policy-bpf.c \
	analyzer/emit/emit-systemd.c analyzer/emit/emit-oci.c analyzer/emit/emit-minijail.c \
	analyzer/emit/emit-c.c analyzer/emit/emit-bpf.c analyzer/emit/emit-pfc.c
analyzer_libanalyzer_a_SOURCES += analyzer/policy/bpf.c
analyzer_libanalyzer_a_SOURCES += analyzer/emit/emit-seccomp.c

# Tracee of the enforcement tests (no sanitizers: see Makefile.am).
check_PROGRAMS += tests/tracees/pio-workload
tests_tracees_pio_workload_SOURCES = tests/tracees/pio-workload.c
tests_tracees_pio_workload_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_pio_workload_LDFLAGS =
EXTRA_DIST += tests/tracees/pio-workload.c
TESTS += tests/integration/t2201-policy-io-enforce.sh
EXTRA_DIST += tests/integration/t2201-policy-io-enforce.sh

# A BPF blob made by libseccomp itself, for the reader tests.
check_PROGRAMS += tests/helpers/pio-mkbpf
tests_helpers_pio_mkbpf_SOURCES = tests/helpers/pio-mkbpf.c
tests_helpers_pio_mkbpf_LDADD = $(SECCOMP_LIBS)
TESTS += tests/integration/t2202-policy-io-readers.sh
EXTRA_DIST += tests/integration/t2202-policy-io-readers.sh \
	tests/helpers/pio-mkbpf.c

check_PROGRAMS += tests/unit/t-bpf
tests_unit_t_bpf_SOURCES = tests/unit/t-bpf.c
tests_unit_t_bpf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_bpf_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-bpf

check_PROGRAMS += tests/unit/t-policy-io
tests_unit_t_policy_io_SOURCES = tests/unit/t-policy-io.c
tests_unit_t_policy_io_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_policy_io_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-policy-io

dist_man_MANS += man/syscensus-inspect.1 man/syscensus-policies.5
TESTS += tests/integration/t2203-policy-io-daemon.sh
EXTRA_DIST += tests/integration/t2203-policy-io-daemon.sh
