# SPDX-License-Identifier: LGPL-2.1-or-later
# policy-io area (OCI, minijail, C and BPF readers, the BPF emulator, the
# emitters other than list, inspect): sources, tests and data.

# Tracee of the enforcement tests (no sanitizers: see Makefile.am).
check_PROGRAMS += tests/tracees/pio-workload
tests_tracees_pio_workload_SOURCES = tests/tracees/pio-workload.c
tests_tracees_pio_workload_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_pio_workload_LDFLAGS =
EXTRA_DIST += tests/tracees/pio-workload.c

# A BPF blob made by libseccomp itself, for the reader tests.
check_PROGRAMS += tests/helpers/pio-mkbpf
tests_helpers_pio_mkbpf_SOURCES = tests/helpers/pio-mkbpf.c
tests_helpers_pio_mkbpf_LDADD = $(SECCOMP_LIBS)
EXTRA_DIST += tests/helpers/pio-mkbpf.c

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

