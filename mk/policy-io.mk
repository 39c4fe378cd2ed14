# SPDX-License-Identifier: LGPL-2.1-or-later
# policy-io area (OCI, minijail, C and BPF readers, the BPF emulator, the
# emitters other than list, inspect): sources, tests and data.
analyzer_libanalyzer_a_SOURCES += analyzer/policy-oci.c \
	analyzer/policy-minijail.c analyzer/policy-c.c analyzer/policy-bpf.c \
	analyzer/emit-systemd.c analyzer/emit-oci.c analyzer/emit-minijail.c \
	analyzer/emit-c.c analyzer/emit-bpf.c analyzer/emit-pfc.c
analyzer_libanalyzer_a_SOURCES += analyzer/bpf.c
analyzer_libanalyzer_a_SOURCES += analyzer/emit-seccomp.c
