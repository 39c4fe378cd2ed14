# SPDX-License-Identifier: LGPL-2.1-or-later
# perf area (issues 12 and 13 measured: the HTML report's load time, the
# bpf engine's figures): tests and bench scripts (included by Makefile.am).
EXTRA_DIST += $(PERF_TESTS) bench/html-peer.awk bench/html-load.sh bench/tp-floor.c bench/tp-floor.bpf.c
