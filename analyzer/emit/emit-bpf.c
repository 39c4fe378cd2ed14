/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-bpf.c - `emit --format bpf`: the raw filter program (an array of
 * struct sock_filter in native byte order), as bubblewrap's --seccomp FD
 * and prctl(PR_SET_SECCOMP) take it.  libseccomp generates it
 * (seccomp_export_bpf) from the filter emit-seccomp.c builds, so the
 * architecture checks and the frequency ordering are libseccomp's.
 */
#include "config.h"

#include <seccomp.h>
#include <string.h>

#include "analyzer/emit/emit.h"

int emit_bpf(FILE *f, const struct emit_set *set)
{
	scmp_filter_ctx ctx;
	int rc;

	ctx = emit_seccomp_ctx(set);
	if (!ctx)
		return -1;
	/* libseccomp writes to the fd: what stdio holds must go first */
	if (fflush(f)) {
		seccomp_release(ctx);
		return error_errno("cannot write the filter");
	}
	rc = seccomp_export_bpf(ctx, fileno(f));
	seccomp_release(ctx);
	if (rc < 0)
		return error("libseccomp cannot export the filter: %s",
			     strerror(-rc));
	return 0;
}
