/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-pfc.c - `emit --format pfc`: libseccomp's Pseudo Filter Code, a
 * readable listing of the same filter `--format bpf` writes (rule order,
 * architecture checks, actions), for review.  With --args, comments
 * first say which values each conditional syscall is allowed for.
 */
#include "config.h"

#include <ctype.h>
#include <seccomp.h>
#include <string.h>

#include "analyzer/emit/emit.h"

/* --args: what the conditional rules below say, and why the other
 * syscalls with a decisive argument stay unconditional. */
static void put_args(FILE *f, const struct emit_set *set)
{
	struct strbuf sb = STRBUF_INIT;
	const char *t;
	size_t i;

	for (i = 0; i < set->nitems; i++) {
		const struct emit_cond *cond = emit_item_cond(set, i);
		const char *note = emit_item_args_note(set, i);

		strbuf_reset(&sb);
		if (cond)
			emit_cond_describe(&sb, cond);
		else if (note)
			strbuf_addf(&sb, "unconditional: %s", note);
		else
			continue;
		fprintf(f, "# --args: %s: ", set->items[i].syscall);
		for (t = sb.buf; *t; t++)
			fputc(isprint((unsigned char)*t) ? *t : ' ', f);
		fputc('\n', f);
	}
	strbuf_release(&sb);
}

int emit_pfc(FILE *f, const struct emit_set *set)
{
	scmp_filter_ctx ctx;
	const char *t;
	int rc;

	ctx = emit_seccomp_ctx(set);
	if (!ctx)
		return -1;
	if (set->title) {
		/* the command line: its arguments may hold newlines */
		fputs("# ", f);
		for (t = set->title; *t; t++)
			fputc(isprint((unsigned char)*t) ? *t : ' ', f);
		fputc('\n', f);
	}
	if (emit_set_has_args(set))
		put_args(f, set);
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
