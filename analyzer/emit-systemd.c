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
 * listed) without a filter.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/analyzer.h"

struct group {
	char *name;
	char **members; /* names and @nested */
	size_t n, alloc;
};

struct groups {
	struct group *g;
	size_t n, alloc;
};

static char *snapshot_path(void)
{
	const char *dirs[3];
	size_t i;

	dirs[0] = getenv("SYSCENSUS_DATADIR");
	dirs[1] = PKGDATADIR;
	dirs[2] = SRCDATADIR;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *path;

		if (!dirs[i] || !*dirs[i])
			continue;
		path = xasprintf("%s/systemd-groups.txt", dirs[i]);
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* `systemd-analyze syscall-filter` text: "@name" lines, then indented
 * members and comments; anything else ends the group. */
static void groups_parse(struct groups *gs, const char *text)
{
	const char *line = text;
	struct group *cur = NULL;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *s = line, *e = line + len;

		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (*s == '@') {
			gs->g = xgrow(gs->g, sizeof(*gs->g), gs->n + 1,
				      &gs->alloc);
			cur = &gs->g[gs->n++];
			memset(cur, 0, sizeof(*cur));
			cur->name = xstrndup(s, (size_t)(e - s));
		} else if (cur && (*s == ' ' || *s == '\t')) {
			while (s < e && isspace((unsigned char)*s))
				s++;
			if (s < e && *s != '#') {
				cur->members = xgrow(cur->members,
						     sizeof(char *), cur->n + 1,
						     &cur->alloc);
				cur->members[cur->n++] =
					xstrndup(s, (size_t)(e - s));
			}
		} else {
			cur = NULL;
		}
		line = nl ? nl + 1 : e;
		if (!nl)
			break;
	}
}

static void groups_release(struct groups *gs)
{
	size_t i, j;

	for (i = 0; i < gs->n; i++) {
		for (j = 0; j < gs->g[i].n; j++)
			free(gs->g[i].members[j]);
		free(gs->g[i].members);
		free(gs->g[i].name);
	}
	free(gs->g);
}

static const struct group *group_find(const struct groups *gs,
				      const char *name)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (!strcmp(gs->g[i].name, name))
			return &gs->g[i];
	return NULL;
}

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
static bool group_covered(const struct groups *gs, const struct group *g,
			  const struct emit_set *set, bool *mark, bool do_mark,
			  int depth, size_t *nreal)
{
	size_t i;

	if (depth > 8)
		return false;
	for (i = 0; i < g->n; i++) {
		const char *m = g->members[i];
		long k;

		if (m[0] == '@') {
			const struct group *sub = group_find(gs, m);

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

static size_t group_size(const struct groups *gs, const struct group *g,
			 int depth)
{
	size_t i, n = 0;

	if (depth > 8)
		return 0;
	for (i = 0; i < g->n; i++) {
		const struct group *sub;

		if (g->members[i][0] != '@')
			n++;
		else if ((sub = group_find(gs, g->members[i])) != NULL)
			n += group_size(gs, sub, depth + 1);
	}
	return n;
}

static int cmp_group_size(const void *a, const void *b, void *ctx)
{
	const struct groups *gs = ctx;
	size_t x = group_size(gs, *(struct group *const *)a, 0);
	size_t y = group_size(gs, *(struct group *const *)b, 0);

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

int emit_systemd(FILE *f, const struct emit_set *set)
{
	struct groups gs = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	const struct group **order = NULL;
	const char **words = NULL;
	bool *mark = xcalloc(set->nitems + 1, sizeof(*mark));
	char *snap = snapshot_path();
	size_t i, nw = 0, ng = 0;
	uint32_t native = arch_native();
	const char *t;

	if (snap && strbuf_read_file(&sb, snap, 4u << 20) == 0)
		groups_parse(&gs, sb.buf);
	words = xcalloc(set->nitems + gs.n + 1, sizeof(*words));
	fputs("# systemd drop-in generated by syscensus " PACKAGE_VERSION,
	      f);
	if (set->title) {
		fputs(": ", f);
		for (t = set->title; *t; t++)
			fputc(isprint((unsigned char)*t) ? *t : ' ', f);
	}
	fputs("\n# Install as /etc/systemd/system/UNIT.service.d/"
	      "seccomp.conf, then\n# systemctl daemon-reload.\n", f);
	if (!gs.n)
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
	if (set->unlisted.kind != ACTION_LOG && gs.n) {
		order = xcalloc(gs.n, sizeof(*order));
		for (i = 0; i < gs.n; i++)
			order[i] = &gs.g[i];
		qsort_r(order, gs.n, sizeof(*order), cmp_group_size, &gs);
		for (i = 0; i < gs.n; i++) {
			size_t real = 0, newly = 0, k;
			bool *probe = xcalloc(set->nitems + 1, sizeof(*probe));

			if (group_covered(&gs, order[i], set, probe, true, 0,
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
	groups_release(&gs);
	strbuf_release(&sb);
	free(order);
	free(words);
	free(mark);
	free(snap);
	if (ferror(f))
		return error("cannot write the systemd drop-in");
	return 0;
}
