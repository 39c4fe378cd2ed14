/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-pfc.c - `emit --format pfc`: libseccomp's Pseudo Filter Code, a
 * readable listing of the same filter `--format bpf` writes (rule order,
 * architecture checks, actions), for review.
 */
#include "config.h"

#include <seccomp.h>
#include <string.h>

#include "analyzer/analyzer.h"

int emit_pfc(FILE *f, const struct emit_set *set)
{
	scmp_filter_ctx ctx;
	int rc;

	ctx = emit_seccomp_ctx(set);
	if (!ctx)
		return -1;
	if (set->title)
		fprintf(f, "# %s\n", set->title);
	if (fflush(f)) {
		seccomp_release(ctx);
		return error_errno("cannot write the filter");
	}
	rc = seccomp_export_pfc(ctx, fileno(f));
	seccomp_release(ctx);
	if (rc < 0)
		return error("libseccomp cannot export the filter: %s",
			     strerror(-rc));
	return 0;
}
