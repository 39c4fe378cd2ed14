/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-systemd.c - `emit --format systemd`: a drop-in for the service's
 * unit (e.g. /etc/systemd/system/foo.service.d/seccomp.conf):
 *
 *   [Service]
 *   SystemCallArchitectures=native
 *   SystemCallFilter=@group ...      whole groups that were observed
 *   SystemCallFilter=name ...        the rest, most frequent first
 *   SystemCallErrorNumber=EPERM      with --action errno
 *
 * A group is used only when every member that exists on the set's
 * architectures was observed, so a group never widens the filter beyond
 * what systemd 252 (the snapshot data/systemd-groups.txt, read the same
 * way as the systemd reader reads it) puts in it; larger groups first,
 * nested groups expanded.  systemd adds @default to every allow list by
 * itself, so those calls are allowed whether listed or not.
 * --action kill is systemd's own default (SIGSYS); log cannot be combined
 * with an allow list, so it becomes SystemCallLog=~ (log everything not
 * listed) without a filter.  With --args, comments say which syscalls
 * the other formats would allow for some argument values only (systemd
 * cannot), and socket's observed domains become RestrictAddressFamilies=.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

static long item_index(const struct emit_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->nitems; i++)
		if (!strcmp(set->items[i].syscall, name))
			return (long)i;
	return -1;
}

static bool exists_on_set(const struct emit_set *set, const char *name)
{
	uint32_t native = arch_native();
	size_t i;

	if (!set->narches)
		return syscall_resolve_name(native, name) >= 0;
	for (i = 0; i < set->narches; i++)
		if (syscall_resolve_name(set->arches[i], name) >= 0)
			return true;
	return false;
}

/*
 * Walk g (depth-limited): true if every member existing on the set's
 * arches is in the set; marks those members in `mark` when do_mark.
 */
static bool group_covered(const struct sd_groups *gs,
			  const struct sd_group *g, const struct emit_set *set,
			  bool *mark, bool do_mark, int depth, size_t *nreal)
{
	size_t i;

	if (depth > 8)
		return false;
	for (i = 0; i < g->nmembers; i++) {
		const char *m = g->members[i];
		long k;

		if (m[0] == '@') {
			const struct sd_group *sub =
				policy_systemd_group_find(gs, m);

			if (!sub || !group_covered(gs, sub, set, mark, do_mark,
						   depth + 1, nreal))
				return false;
			continue;
		}
		if (!exists_on_set(set, m))
			continue;
		k = item_index(set, m);
		if (k < 0)
			return false;
		(*nreal)++;
		if (do_mark)
			mark[k] = true;
	}
	return true;
}

static size_t group_size(const struct sd_groups *gs, const struct sd_group *g,
			 int depth)
{
	size_t i, n = 0;

	if (depth > 8)
		return 0;
	for (i = 0; i < g->nmembers; i++) {
		const struct sd_group *sub;

		if (g->members[i][0] != '@')
			n++;
		else if ((sub = policy_systemd_group_find(
				  gs, g->members[i])) != NULL)
			n += group_size(gs, sub, depth + 1);
	}
	return n;
}

static int cmp_group_size(const void *a, const void *b, void *ctx)
{
	const struct sd_groups *gs = ctx;
	size_t x = group_size(gs, *(struct sd_group *const *)a, 0);
	size_t y = group_size(gs, *(struct sd_group *const *)b, 0);

	return x < y ? 1 : x > y ? -1 : 0;
}

static bool name_is_plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static const char *systemd_arch_name(uint32_t arch)
{
	static const struct {
		const char *seccomp, *systemd;
	} map[] = {
		{ "x86_64", "x86-64" },	 { "aarch64", "arm64" },
		{ "mipsel", "mips-le" }, { "mipsel64", "mips64-le" },
		{ "mips64n32", "mips64-n32" },
		{ "mipsel64n32", "mips64-le-n32" }, { "ppc64le", "ppc64-le" },
	};
	const char *n = arch_name(arch);
	size_t i;

	if (!n)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(n, map[i].seccomp))
			return map[i].systemd;
	return n;
}

/* Words on `Key=` lines of at most ~76 columns. */
static void put_words(FILE *f, const char *key, const char *const *w,
		      size_t n)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		size_t len = strlen(w[i]);

		if (col && col + 1 + len > 76) {
			fputc('\n', f);
			col = 0;
		}
		if (!col)
			col = (size_t)fprintf(f, "%s=%s", key, w[i]);
		else
			col += (size_t)fprintf(f, " %s", w[i]);
	}
	if (col)
		fputc('\n', f);
}

/*
 * --args: systemd filters no syscall arguments, but it enforces socket's
 * domain itself: RestrictAddressFamilies= (socket(2) only: socketpair and
 * passed sockets are not affected).  Comments say what the other formats
 * would allow; AF_UNSPEC is left out (socket() refuses it anyway).  When a
 * domain has no name systemd would know, no restriction is written.
 */
static void put_args(FILE *f, const struct emit_set *set)
{
	struct strbuf sb = STRBUF_INIT, fam = STRBUF_INIT;
	const struct emit_cond *sock = NULL;
	size_t i;
	const char *t;

	fputs("# --args: systemd cannot filter arguments; these stay whole "
	      "syscalls (other\n# formats allow them for the observed "
	      "values only):\n", f);
	for (i = 0; i < set->nitems; i++) {
		if (!strcmp(set->items[i].syscall, "socket"))
			sock = emit_item_cond(set, i);
		strbuf_reset(&sb);
		if (!emit_item_args_line(&sb, set, i))
			continue;
		fputs("#   ", f);
		for (t = sb.buf; *t; t++)
			fputc(isprint((unsigned char)*t) ? *t : ' ', f);
		fputc('\n', f);
	}
	if (!sock || set->unlisted.kind == ACTION_LOG)
		goto out;
	for (i = 0; i < sock->nvalues; i++) {
		size_t at = fam.len;

		if (!sock->values[i])
			continue; /* AF_UNSPEC */
		if (fam.len)
			strbuf_addch(&fam, ' ');
		emit_cond_value_name(&fam, sock, sock->values[i]);
		if (strncmp(fam.buf + at + (at ? 1 : 0), "AF_", 3)) {
			fputs("# (socket: a domain without a name: no "
			      "RestrictAddressFamilies=)\n", f);
			goto out;
		}
	}
	if (fam.len)
		fprintf(f, "# socket's domains, which systemd enforces:\n"
			   "RestrictAddressFamilies=%s\n", fam.buf);
out:
	strbuf_release(&fam);
	strbuf_release(&sb);
}

int emit_systemd(FILE *f, const struct emit_set *set)
{
	struct sd_groups *gsp = policy_systemd_groups_snapshot();
	const struct sd_groups *gs = gsp;
	const struct sd_group **order = NULL;
	const char **words = NULL;
	bool *mark = xcalloc(set->nitems + 1, sizeof(*mark));
	size_t i, nw = 0, ng = 0;
	uint32_t native = arch_native();
	const char *t;

	words = xcalloc(set->nitems + gs->n + 1, sizeof(*words));
	fputs("# systemd drop-in generated by syscensus " PACKAGE_VERSION,
	      f);
	if (set->title) {
		fputs(": ", f);
		for (t = set->title; *t; t++)
			fputc(isprint((unsigned char)*t) ? *t : ' ', f);
	}
	fputs("\n# Install as /etc/systemd/system/UNIT.service.d/"
	      "seccomp.conf, then\n# systemctl daemon-reload.\n", f);
	if (!gs->n)
		fputs("# (no systemd group list found: names only)\n", f);
	fputs("[Service]\n", f);
	if (!set->narches || (set->narches == 1 && set->arches[0] == native)) {
		fputs("SystemCallArchitectures=native\n", f);
	} else {
		fputs("SystemCallArchitectures=", f);
		for (i = 0; i < set->narches; i++) {
			const char *n = set->arches[i] == native ? "native" :
				systemd_arch_name(set->arches[i]);

			if (n)
				fprintf(f, "%s%s", i ? " " : "", n);
		}
		fputc('\n', f);
	}
	if (set->unlisted.kind != ACTION_LOG && gs->n) {
		order = xcalloc(gs->n, sizeof(*order));
		for (i = 0; i < gs->n; i++)
			order[i] = &gs->g[i];
		qsort_r(order, gs->n, sizeof(*order), cmp_group_size, gsp);
		for (i = 0; i < gs->n; i++) {
			size_t real = 0, newly = 0, k;
			bool *probe = xcalloc(set->nitems + 1, sizeof(*probe));

			if (group_covered(gs, order[i], set, probe, true, 0,
					  &real)) {
				for (k = 0; k < set->nitems; k++)
					if (probe[k] && !mark[k])
						newly++;
				/* a group only when it says something new
				 * and stands for more than one name */
				if (newly && real > 1) {
					for (k = 0; k < set->nitems; k++)
						mark[k] |= probe[k];
					words[nw++] = order[i]->name;
					ng++;
				}
			}
			free(probe);
		}
	}
	for (i = 0; i < set->nitems; i++)
		if (!mark[i] && name_is_plain(set->items[i].syscall))
			words[nw++] = set->items[i].syscall;
	for (i = 0; i < set->nitems; i++) {
		if (!set->items[i].why || !name_is_plain(set->items[i].syscall))
			continue;
		fprintf(f, "# added %s: ", set->items[i].syscall);
		for (t = set->items[i].why; *t; t++)
			fputc(isprint((unsigned char)*t) ? *t : ' ', f);
		fputc('\n', f);
	}
	if (emit_set_has_args(set))
		put_args(f, set);
	switch (set->unlisted.kind) {
	case ACTION_LOG:
		fputs("# --action log: allow everything, log what is not "
		      "listed\n", f);
		fputs("SystemCallLog=~", f);
		for (i = 0; i < nw; i++)
			fprintf(f, "%s%s", i ? " " : "", words[i]);
		fputc('\n', f);
		break;
	default:
		put_words(f, "SystemCallFilter", words, ng);
		put_words(f, "SystemCallFilter", words + ng, nw - ng);
		if (set->unlisted.kind == ACTION_ERRNO)
			fputs("SystemCallErrorNumber=EPERM\n", f);
		break;
	}
	policy_systemd_groups_free(gsp);
	free(order);
	free(words);
	free(mark);
	if (ferror(f))
		return error("cannot write the systemd drop-in");
	return 0;
}
