/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-list.c - `emit --format list`: the plain list policy that
 * policy-list.c reads back.  The observed names come first, one per line,
 * sorted (DESIGN.md: with --no-siblings that is all there is, exactly the
 * observed set).  What the set adds follows, each under its header and
 * preceded by a `#` comment saying why: knowledge-base siblings, then the
 * static reach (direct, then transitive).  With --args,
 * comments at the end say which syscalls the other formats would allow for
 * some argument values only (a list cannot say it).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/emit/emit.h"

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A comment wrapped at 78 columns; newlines in a reason become spaces. */
static void put_comment(FILE *f, const char *s)
{
	size_t col = 0;

	while (*s) {
		size_t n = 0;

		while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
			s++;
		while (s[n] && s[n] != ' ' && s[n] != '\n' && s[n] != '\r' &&
		       s[n] != '\t')
			n++;
		if (!n)
			break;
		if (col && col + 1 + n > 78) {
			fputc('\n', f);
			col = 0;
		}
		fputs(col ? " " : "# ", f);
		fwrite(s, 1, n, f);
		col += n + (col ? 1 : 2);
		s += n;
	}
	if (col)
		fputc('\n', f);
}

/* --args: a list cannot say argument conditions; comments say what the
 * other formats would allow, and why the rest stay unconditional. */
static void put_args(FILE *f, const struct emit_set *set)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fputs("\n# --args: a list allows whole syscalls; the other formats "
	      "allow these\n# only for the argument values observed:\n", f);
	for (i = 0; i < set->nitems; i++) {
		strbuf_reset(&sb);
		if (emit_item_args_line(&sb, set, i))
			put_comment(f, sb.buf);
	}
	strbuf_release(&sb);
}

/* The added items of one source under their header, in set order. */
static void put_added(FILE *f, const struct emit_set *set,
		      enum emit_source source, const char *header)
{
	size_t i;
	bool any = false;

	for (i = 0; i < set->nitems; i++) {
		if (!set->items[i].why ||
		    emit_item_source(set, i) != source)
			continue;
		if (!any)
			fputs(header, f);
		any = true;
		put_comment(f, set->items[i].why);
		fprintf(f, "%s\n", set->items[i].syscall);
	}
}

int emit_list(FILE *f, const struct emit_set *set)
{
	const char **names = xcalloc(set->nitems + 1, sizeof(*names));
	size_t i, n = 0, nsib = 0;

	for (i = 0; i < set->nitems; i++) {
		if (set->items[i].why)
			nsib++;
		else
			names[n++] = set->items[i].syscall;
	}
	qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			fprintf(f, "%s\n", names[i]);
	free(names);
	if (emit_set_has_args(set))
		put_args(f, set);
	if (!nsib)
		return 0;
	put_added(f, set, EMIT_SIBLING, "\n# Not observed, but the knowledge "
		  "base says the same code needs them\n# on other paths (omit "
		  "with --no-siblings):\n");
	put_added(f, set, EMIT_DIRECT, set->rollout.kind ?
		  "\n# Not observed, but the program's own code reaches them "
		  "(static reach,\n# direct; omit with --reach none):\n"
		  "# --rollout cannot be said in a list: they are allowed "
		  "outright here.\n" :
		  "\n# Not observed, but the program's own code reaches them "
		  "(static reach,\n# direct; omit with --reach none):\n");
	put_added(f, set, EMIT_TRANSITIVE, "\n# Not observed, reached only "
		  "through library internals (static reach,\n# transitive: "
		  "an over-approximation; --reach transitive):\n");
	return 0;
}
