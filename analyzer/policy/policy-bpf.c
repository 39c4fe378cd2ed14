/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-bpf.c - the raw BPF policy reader: a file holding an array of
 * struct sock_filter in native byte order, as bubblewrap's --seccomp and
 * `syscensus emit --format bpf` (libseccomp's seccomp_export_bpf) write it.
 *
 * The program is checked as the kernel would check it and then decoded by
 * the emulator (bpf.c) into the model, which also keeps the program for
 * exact verdicts on real arguments.  A binary file has no lines: errors
 * name the instruction in the message and leave LINE:COL at 0.
 */
#include "config.h"

#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"

int policy_read_bpf(const char *path, const char *text, size_t len,
		    struct policy *p, struct parse_error *pe)
{
	struct sock_filter *insns = NULL;
	struct bpf_prog prog;
	char err[256];
	int ret = -1;

	if (len == 0 || len % sizeof(struct sock_filter)) {
		parse_error_set(pe, path, 0, 0, "a raw BPF filter is a whole "
				"number of 8-byte instructions; this file has "
				"%zu bytes", len);
		return -1;
	}
	/* copy: the text buffer need not be aligned for sock_filter */
	insns = xmalloc(len);
	memcpy(insns, text, len);
	prog.insns = insns;
	prog.len = len / sizeof(struct sock_filter);
	if (bpf_decode(&prog, 1, p, err, sizeof(err)) < 0) {
		parse_error_set(pe, path, 0, 0, "%s", err);
		goto out;
	}
	/* kept: check and verify run it for exact argument verdicts */
	free(p->prog);
	p->prog = steal_pointer(&insns);
	p->prog_len = prog.len;
	ret = 0;
out:
	free(insns);
	return ret;
}
