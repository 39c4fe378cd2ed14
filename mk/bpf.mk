# SPDX-License-Identifier: LGPL-2.1-or-later
# The bpf recording engine (issue 13): the BPF object, its skeleton and
# tests (included by Makefile.am).  vmlinux.h, the object and the
# skeleton are generated in the build tree, never committed.
EXTRA_DIST += tracer/census.bpf.c

if HAVE_BPF
AM_CFLAGS += $(LIBBPF_CFLAGS)
SYSCENSUS_LIBS += $(LIBBPF_LIBS)
BUILT_SOURCES += tracer/census.skel.h
CLEANFILES += tracer/vmlinux.h tracer/census.bpf.o tracer/census.skel.h

tracer/vmlinux.h:
	$(AM_V_GEN)$(MKDIR_P) tracer && \
	$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && \
	mv $@.tmp $@

# -mcpu=v3: atomic fetch-and-add with its result (exec generations).
tracer/census.bpf.o: tracer/census.bpf.c tracer/census-bpf.h tracer/vmlinux.h
	$(AM_V_GEN)$(BPF_CLANG) -g -O2 -target bpf -mcpu=v3 \
		-D__TARGET_ARCH_$(BPF_ARCH) -I$(top_builddir)/tracer \
		-I$(top_srcdir) $(LIBBPF_CFLAGS) -c $(srcdir)/tracer/census.bpf.c \
		-o $@

tracer/census.skel.h: tracer/census.bpf.o
	$(AM_V_GEN)$(BPFTOOL) gen skeleton tracer/census.bpf.o name census \
		> $@.tmp && mv $@.tmp $@
endif

EXTRA_DIST += $(BPF_TESTS) tests/integration/bpf-lib.sh
