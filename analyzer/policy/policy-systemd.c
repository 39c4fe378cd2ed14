/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-systemd.c - the systemd reader: a unit file or drop-in whose
 * [Service] (or other exec) section says SystemCallFilter=,
 * SystemCallErrorNumber= and SystemCallArchitectures=.
 *
 * SystemCallFilter= lines accumulate exactly as systemd's
 * config_parse_syscall_filter() does:
 *  - the first non-empty assignment decides the mode: an allow list, or a
 *    deny list when it starts with `~`; an allow list implicitly starts
 *    with @default;
 *  - later assignments add to the list when their sense matches the mode
 *    and remove from it when it does not (`~foo` on an allow list removes
 *    foo; `foo` on a deny list removes foo);
 *  - an empty assignment resets everything;
 *  - `name:errno` (deny lists only) returns that errno instead of killing.
 * @groups are expanded as the user's systemd defines them: from
 * `systemd-analyze syscall-filter` when it is installed (run without a
 * shell), else from the snapshot data/systemd-groups.txt made by
 * scripts/gen-systemd-groups.sh.  Groups nest.
 *
 * One deliberate difference: a syscall or group name no architecture
 * knows, an unknown architecture, an invalid errno, or an errno on an
 * allow-list entry is an error at FILE:LINE:COL (systemd logs and ignores
 * the entry, which silently changes the filter; a CI gate should not).
 * Assignments outside a section are ignored with a warning, as systemd
 * does.
 *
 * Drop-ins: for a unit given by path, systemd also applies the *.conf files
 * of the directory "<unit>.d" next to it, in lexical order of file name,
 * after the unit.  policy_read_systemd_dropins() reads them (only that
 * directory: not /etc/systemd/system/<unit>.d, not the type-wide
 * "service.d", not the prefix drop-ins of dashed names or templates) and
 * feeds every file to the same state, so SystemCallFilter= and friends
 * accumulate as one sequence of assignments; each file starts outside any
 * section and reports its own FILE:LINE:COL.  Hidden files, non-regular
 * files and drop-ins masked by a symlink to /dev/null are skipped.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzer/policy/policy.h"

extern char **environ;

/* ------------------------------------------------------------ groups */

static struct sd_groups *groups_cache;

#define GROUPS_MAX_BYTES (4u << 20)

/* Parse `systemd-analyze syscall-filter` output; returns the group count. */
static size_t groups_parse(struct sd_groups *gs, const char *text)
{
	const char *line = text;
	struct sd_group *cur = NULL;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		const char *s = line, *e = line + n;

		if (*s == '@') {
			while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
				e--;
			gs->g = xgrow(gs->g, sizeof(*gs->g), gs->n + 1,
				      &gs->alloc);
			cur = &gs->g[gs->n++];
			memset(cur, 0, sizeof(*cur));
			cur->name = xstrndup(s, (size_t)(e - s));
		} else if (*s == ' ' || *s == '\t') {
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
				e--;
			if (cur && s < e && *s != '#') {
				cur->members = xgrow(cur->members,
						     sizeof(char *),
						     cur->nmembers + 1,
						     &cur->alloc);
				cur->members[cur->nmembers++] =
					xstrndup(s, (size_t)(e - s));
			}
		} else {
			cur = NULL; /* a blank line or a comment ends a group */
		}
		line = nl ? nl + 1 : line + n;
	}
	return gs->n;
}

static void groups_free(struct sd_groups *gs)
{
	size_t i, j;

	if (!gs)
		return;
	for (i = 0; i < gs->n; i++) {
		for (j = 0; j < gs->g[i].nmembers; j++)
			free(gs->g[i].members[j]);
		free(gs->g[i].members);
		free(gs->g[i].name);
	}
	free(gs->g);
	free(gs->origin);
	free(gs);
}

/* Run `systemd-analyze syscall-filter` without a shell; 0 and its stdout. */
static int groups_run_analyze(struct strbuf *out)
{
	char *const argv[] = { (char *)"systemd-analyze",
			       (char *)"syscall-filter", (char *)"--no-pager",
			       NULL };
	posix_spawn_file_actions_t fa;
	int pfd[2], status, ret = -1;
	pid_t pid;
	char buf[8192];
	ssize_t n;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	for (;;) {
		n = read(pfd[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out->len + (size_t)n <= GROUPS_MAX_BYTES)
			strbuf_add(out, buf, (size_t)n);
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && n == 0)
		ret = 0;
	return ret;
}

/* The snapshot: $SYSCENSUS_DATADIR, then PKGDATADIR, then SRCDATADIR. */
static char *groups_snapshot_path(void)
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

struct sd_groups *policy_systemd_groups_snapshot(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_groups *gs = xcalloc(1, sizeof(*gs));
	char *snap = groups_snapshot_path();

	if (snap && strbuf_read_file(&sb, snap, GROUPS_MAX_BYTES) == 0)
		groups_parse(gs, sb.buf);
	gs->origin = snap;
	strbuf_release(&sb);
	return gs;
}

void policy_systemd_groups_free(struct sd_groups *gs)
{
	groups_free(gs);
}

static bool groups_usable(const struct sd_groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (!strcmp(gs->g[i].name, "@default"))
			return true;
	return false;
}

/* The groups, loaded once per process; NULL with pe set if none. */
static const struct sd_groups *groups_get(const char *path,
					  struct parse_error *pe)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_groups *gs;
	char *snap;

	if (groups_cache)
		return groups_cache;
	gs = xcalloc(1, sizeof(*gs));
	if (groups_run_analyze(&sb) == 0 && groups_parse(gs, sb.buf) &&
	    groups_usable(gs)) {
		gs->origin = xstrdup("systemd-analyze syscall-filter");
		goto done;
	}
	groups_free(gs);
	gs = xcalloc(1, sizeof(*gs));
	strbuf_reset(&sb);
	snap = groups_snapshot_path();
	if (snap && strbuf_read_file(&sb, snap, GROUPS_MAX_BYTES) == 0 &&
	    groups_parse(gs, sb.buf) && groups_usable(gs)) {
		gs->origin = snap;
		goto done;
	}
	parse_error_set(pe, path, 0, 0,
			"cannot expand systemd syscall groups: systemd-analyze "
			"is not installed and %s%s",
			snap ? snap : "no systemd-groups.txt was found",
			snap ? " is not a usable snapshot" :
			       " (set SYSCENSUS_DATADIR)");
	free(snap);
	groups_free(gs);
	gs = NULL;
done:
	strbuf_release(&sb);
	groups_cache = gs;
	return gs;
}

const struct sd_group *policy_systemd_group_find(const struct sd_groups *gs,
						 const char *name)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (!strcmp(gs->g[i].name, name))
			return &gs->g[i];
	return NULL;
}

/* ------------------------------------------------------ accumulation */

struct sd_entry {
	char *name;
	int err; /* -1: the default deny action */
	const char *file; /* the unit or drop-in that added it (not owned) */
	unsigned long line, col;
	bool present;
};

struct sd_state {
	const char *path; /* the file being read: the unit or a drop-in */
	const struct sd_groups *groups;
	bool have_filter, allow_list;
	struct sd_entry *e;
	size_t n, alloc;
	struct action deny; /* SystemCallErrorNumber=; NONE: kill */
	uint32_t arches[32];
	size_t narches;
};

static struct sd_entry *state_find(struct sd_state *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].name, name))
			return &s->e[i];
	s->e = xgrow(s->e, sizeof(*s->e), s->n + 1, &s->alloc);
	memset(&s->e[s->n], 0, sizeof(s->e[0]));
	s->e[s->n].name = xstrdup(name);
	s->e[s->n].err = -1;
	return &s->e[s->n++];
}

static void state_reset(struct sd_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		s->e[i].present = false;
	s->have_filter = false;
	s->allow_list = false;
}

/*
 * systemd's seccomp_parse_syscall_filter(): add (with errno) or remove a
 * name, or every member of a group, recursively.
 */
static int state_apply(struct sd_state *s, const char *name, int err,
		       bool invert, bool explicit_name, unsigned long line,
		       unsigned long col, int depth, struct parse_error *pe)
{
	if (name[0] == '@') {
		const struct sd_group *g =
			policy_systemd_group_find(s->groups, name);
		size_t i;

		if (!g) {
			parse_error_set(pe, s->path, line, col,
					"unknown systemd syscall group '%s' "
					"(groups from %s)", name,
					s->groups->origin);
			return -1;
		}
		if (depth > 16) {
			parse_error_set(pe, s->path, line, col,
					"systemd syscall group '%s' nests "
					"too deeply", name);
			return -1;
		}
		for (i = 0; i < g->nmembers; i++)
			if (state_apply(s, g->members[i], err, invert, false,
					line, col, depth + 1, pe) < 0)
				return -1;
		return 0;
	}
	/* group members may name calls of other kernels: systemd skips them */
	if (explicit_name && !syscall_name_known(name)) {
		parse_error_set(pe, s->path, line, col,
				"unknown syscall '%s'", name);
		return -1;
	}
	if (invert == s->allow_list) {
		struct sd_entry *e = state_find(s, name);

		e->present = false;
	} else {
		struct sd_entry *e = state_find(s, name);

		e->present = true;
		e->err = err;
		e->file = s->path;
		e->line = line;
		e->col = col;
	}
	return 0;
}

/* systemd's parse_errno(): a name such as EPERM or a number 0..4095. */
static int parse_errno_value(const char *v)
{
	char *end;
	long n;

	if (v[0] == 'E')
		return errno_from_name(v);
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0 || n > 4095)
		return -1;
	return (int)n;
}

/* ------------------------------------------------------ unit file text */

/* A logical line (continuations joined) and where each piece came from. */
struct seg {
	size_t off;         /* offset in the logical line */
	unsigned long line; /* physical line */
	unsigned long col;  /* 1-based column of that piece's first byte */
};

struct logical {
	struct strbuf sb;
	struct seg *segs;
	size_t nsegs, alloc;
};

static void logical_where(const struct logical *l, size_t off,
			  unsigned long *line, unsigned long *col)
{
	size_t i = l->nsegs;

	while (i > 1 && l->segs[i - 1].off > off)
		i--;
	*line = l->segs[i - 1].line;
	*col = l->segs[i - 1].col + (unsigned long)(off - l->segs[i - 1].off);
}

static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Next whitespace-separated word of v from *pos; false at the end. */
static bool next_word(const char *v, size_t *pos, size_t *start, size_t *len)
{
	size_t i = *pos;

	while (v[i] && is_blank((unsigned char)v[i]))
		i++;
	if (!v[i])
		return false;
	*start = i;
	while (v[i] && !is_blank((unsigned char)v[i]))
		i++;
	*len = i - *start;
	*pos = i;
	return true;
}

/*
 * A word of SystemCallArchitectures=, with quotes taken off as systemd's
 * extract_first_word(EXTRACT_UNQUOTE) does.  Caller frees.
 */
static char *word_dup(const char *w, size_t len, size_t *skip)
{
	*skip = 0;
	if (len >= 2 && (w[0] == '"' || w[0] == '\'') && w[len - 1] == w[0]) {
		*skip = 1;
		return xstrndup(w + 1, len - 2);
	}
	return xstrndup(w, len);
}

static int key_filter(struct sd_state *s, const struct logical *l,
		      size_t voff, struct parse_error *pe)
{
	const char *v = l->sb.buf + voff;
	unsigned long line, col;
	bool invert = false;
	size_t pos = 0, ws, wl;

	if (!*v) {
		state_reset(s);
		return 0;
	}
	if (*v == '~') {
		invert = true;
		pos = 1;
	}
	if (!s->have_filter) {
		s->have_filter = true;
		s->allow_list = !invert;
		if (s->allow_list) {
			logical_where(l, voff, &line, &col);
			if (state_apply(s, "@default", -1, false, false, line,
					col, 0, pe) < 0)
				return -1;
		}
	}
	while (next_word(v, &pos, &ws, &wl)) {
		/* systemd does not unquote these words (flags 0) */
		char *word = xstrndup(v + ws, wl);
		char *colon = strchr(word, ':');
		int err = -1, rc;

		logical_where(l, voff + ws, &line, &col);
		if (colon) {
			unsigned long ecol = col + (unsigned long)(colon -
								  word) + 1;

			*colon = '\0';
			err = parse_errno_value(colon + 1);
			if (err < 0 || !invert) {
				if (err < 0)
					parse_error_set(pe, s->path, line, ecol,
							"invalid errno '%s'",
							colon + 1);
				else
					parse_error_set(pe, s->path, line, col,
							"an allowed syscall "
							"cannot take an errno "
							"('%s:%s'); errnos "
							"belong on ~ deny "
							"lists", word,
							colon + 1);
				free(word);
				return -1;
			}
		}
		if (!*word) {
			parse_error_set(pe, s->path, line, col,
					"expected a syscall name or @group");
			free(word);
			return -1;
		}
		rc = state_apply(s, word, err, invert, true, line, col, 0, pe);
		free(word);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int key_errno(struct sd_state *s, const struct logical *l, size_t voff,
		     struct parse_error *pe)
{
	const char *v = l->sb.buf + voff;
	unsigned long line, col;
	int err;

	if (!*v) {
		s->deny.kind = ACTION_NONE;
		return 0;
	}
	if (!strcmp(v, "kill")) {
		s->deny.kind = ACTION_KILL_PROCESS;
		s->deny.data = 0;
		return 0;
	}
	err = parse_errno_value(v);
	if (err <= 0) { /* systemd refuses 0 here too */
		logical_where(l, voff, &line, &col);
		parse_error_set(pe, s->path, line, col,
				"invalid SystemCallErrorNumber= '%s'", v);
		return -1;
	}
	s->deny.kind = ACTION_ERRNO;
	s->deny.data = err;
	return 0;
}

/* systemd's architecture names next to libseccomp's. */
static uint32_t systemd_arch(const char *name)
{
	static const struct {
		const char *systemd, *seccomp;
	} map[] = {
		{ "x86-64", "x86_64" },	  { "arm64", "aarch64" },
		{ "mips-le", "mipsel" },  { "mips64-le", "mipsel64" },
		{ "mips64-n32", "mips64n32" },
		{ "mips64-le-n32", "mipsel64n32" },
		{ "ppc64-le", "ppc64le" },
	};
	size_t i;

	if (!strcmp(name, "native"))
		return arch_native();
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(name, map[i].systemd))
			return arch_from_name(map[i].seccomp);
	if (strchr(name, '_')) /* only systemd's spelling */
		return 0;
	return arch_from_name(name);
}

static int key_arches(struct sd_state *s, const struct logical *l,
		      size_t voff, struct parse_error *pe)
{
	const char *v = l->sb.buf + voff;
	size_t pos = 0, ws, wl, i;

	if (!*v) {
		s->narches = 0;
		return 0;
	}
	while (next_word(v, &pos, &ws, &wl)) {
		size_t skip;
		char *word = word_dup(v + ws, wl, &skip);
		uint32_t a = systemd_arch(word);
		unsigned long line, col;

		if (!a) {
			logical_where(l, voff + ws + skip, &line, &col);
			parse_error_set(pe, s->path, line, col,
					"unknown architecture '%s'", word);
			free(word);
			return -1;
		}
		free(word);
		for (i = 0; i < s->narches; i++)
			if (s->arches[i] == a)
				break;
		if (i == s->narches && s->narches < ARRAY_SIZE(s->arches))
			s->arches[s->narches++] = a;
	}
	return 0;
}

/* Sections whose keys systemd reads into an exec context. */
static bool exec_section(const char *name)
{
	return !strcmp(name, "Service") || !strcmp(name, "Socket") ||
	       !strcmp(name, "Mount") || !strcmp(name, "Swap");
}

/* One logical line: a section header, a comment or Key=Value. */
static int handle_line(struct sd_state *s, struct logical *l, char *section,
		       size_t section_size, bool *warned,
		       struct parse_error *pe)
{
	char *b = l->sb.buf, *eq;
	size_t i = 0, klen, voff, vend;
	unsigned long line, col;

	while (b[i] && is_blank((unsigned char)b[i]))
		i++;
	if (!b[i] || b[i] == '#' || b[i] == ';')
		return 0;
	if (b[i] == '[') {
		char *close = strchr(b + i, ']');

		if (!close) {
			logical_where(l, i, &line, &col);
			parse_error_set(pe, s->path, line, col,
					"section header without ']'");
			return -1;
		}
		snprintf(section, section_size, "%.*s",
			 (int)(close - (b + i) - 1), b + i + 1);
		return 0;
	}
	eq = strchr(b + i, '=');
	if (!eq) {
		logical_where(l, i, &line, &col);
		parse_error_set(pe, s->path, line, col,
				"expected Key=Value, a [Section] or a comment");
		return -1;
	}
	klen = (size_t)(eq - (b + i));
	while (klen && is_blank((unsigned char)b[i + klen - 1]))
		klen--;
	voff = (size_t)(eq - b) + 1;
	while (b[voff] && is_blank((unsigned char)b[voff]))
		voff++;
	vend = l->sb.len;
	while (vend > voff && is_blank((unsigned char)b[vend - 1]))
		vend--;
	b[vend] = '\0';
	b[i + klen] = '\0';
	if (!*section) {
		if (!*warned)
			warning("%s: assignment outside of a section, ignored "
				"(as systemd does)", s->path);
		*warned = true;
		return 0;
	}
	if (!exec_section(section))
		return 0;
	if (!strcmp(b + i, "SystemCallFilter"))
		return key_filter(s, l, voff, pe);
	if (!strcmp(b + i, "SystemCallErrorNumber"))
		return key_errno(s, l, voff, pe);
	if (!strcmp(b + i, "SystemCallArchitectures"))
		return key_arches(s, l, voff, pe);
	return 0;
}

/* The architectures systemd filters when none are named: the local ones. */
static void local_arches(struct policy *p)
{
	uint32_t native = arch_native();
	const char *extra[2] = { NULL, NULL };
	size_t i;

	p->arches = xcalloc(3, sizeof(uint32_t));
	p->arches[p->narches++] = native;
	if (native == arch_from_name("x86_64")) {
		extra[0] = "x86";
		extra[1] = "x32";
	} else if (native == arch_from_name("aarch64")) {
		extra[0] = "arm";
	}
	for (i = 0; i < ARRAY_SIZE(extra); i++)
		if (extra[i] && arch_from_name(extra[i]))
			p->arches[p->narches++] = arch_from_name(extra[i]);
}

static void build_policy(struct sd_state *s, struct policy *p)
{
	struct action kill = { ACTION_KILL_PROCESS, 0 };
	struct action deny = s->deny.kind ? s->deny : kill;
	size_t i;

	if (s->narches) {
		p->arches = xcalloc(s->narches, sizeof(uint32_t));
		memcpy(p->arches, s->arches, s->narches * sizeof(uint32_t));
		p->narches = s->narches;
	} else {
		local_arches(p);
	}
	if (!s->have_filter) {
		p->default_action.kind = ACTION_ALLOW;
		p->default_action.data = 0;
		return;
	}
	p->default_action = s->allow_list ? deny : (struct action){
		ACTION_ALLOW, 0 };
	for (i = 0; i < s->n; i++) {
		const struct sd_entry *e = &s->e[i];
		struct action act = { ACTION_ALLOW, 0 };
		struct policy_rule *r;

		if (!e->present)
			continue;
		if (!s->allow_list) {
			act = deny;
			if (e->err >= 0) {
				act.kind = ACTION_ERRNO;
				act.data = e->err;
			}
		}
		r = policy_add_rule(p, e->name, 0, act);
		r->file = xstrdup(e->file ? e->file : s->path);
		r->line = e->line;
		r->col = e->col;
	}
}

/* Feed one file (the unit or a drop-in) to s; 0, or -1 with pe set. */
static int sd_parse_text(struct sd_state *s, const char *path,
			 const char *text, size_t len, struct parse_error *pe)
{
	struct logical l = { STRBUF_INIT, NULL, 0, 0 };
	const char *line = text, *end = text + len;
	unsigned long lineno = 0;
	char section[128] = ""; /* every file starts outside a section */
	bool warned = false, cont = false;
	int ret = -1;

	s->path = path;
	if (memchr(text, '\0', len)) {
		parse_error_set(pe, path, 0, 0, "binary data in a unit file");
		goto out;
	}
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - line);
		const char *t = line;

		lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		/* systemd skips comment lines inside a continuation */
		while (cont && t < line + n && is_blank((unsigned char)*t))
			t++;
		if (cont && t < line + n && (*t == '#' || *t == ';'))
			goto next;
		if (!cont) {
			strbuf_reset(&l.sb);
			l.nsegs = 0;
		}
		l.segs = xgrow(l.segs, sizeof(*l.segs), l.nsegs + 1, &l.alloc);
		l.segs[l.nsegs].off = l.sb.len;
		l.segs[l.nsegs].line = lineno;
		l.segs[l.nsegs].col = 1;
		l.nsegs++;
		strbuf_add(&l.sb, line, n);
		if (l.sb.len && l.sb.buf[l.sb.len - 1] == '\\' && nl) {
			l.sb.buf[l.sb.len - 1] = ' ';
			cont = true;
			goto next;
		}
		cont = false;
		if (handle_line(s, &l, section, sizeof(section), &warned,
				pe) < 0)
			goto out;
next:
		line = nl ? nl + 1 : end;
	}
	if (cont && handle_line(s, &l, section, sizeof(section), &warned,
				pe) < 0)
		goto out;
	ret = 0;
out:
	free(l.segs);
	strbuf_release(&l.sb);
	return ret;
}

/* ------------------------------------------------------------ drop-ins */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with_conf(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".conf");
}

/* A drop-in masked the systemd way: a symlink to /dev/null. */
static bool is_masked(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 &&
	       minor(st->st_rdev) == 3;
}

void policy_dropins_free(char **v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

char **policy_systemd_dropins(const char *unit, struct parse_error *pe)
{
	char *dir = xasprintf("%s.d", unit);
	char **v = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR) {
			v = xcalloc(1, sizeof(*v));
			goto out;
		}
		parse_error_set(pe, dir, 0, 0, "cannot read drop-in "
				"directory: %s", strerror(errno));
		goto out;
	}
	v = xgrow(v, sizeof(*v), 1, &alloc);
	while ((errno = 0, de = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (de->d_name[0] == '.' || !ends_with_conf(de->d_name))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0 || is_masked(&st) ||
		    !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		v = xgrow(v, sizeof(*v), n + 2, &alloc);
		v[n++] = path;
	}
	v[n] = NULL;
	closedir(d);
	/* lexical order of the file name: every path shares dir */
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_name);
out:
	free(dir);
	return v;
}

/* Read drop-ins[0..) into s after the unit; 0 or -1 with pe set. */
static int sd_parse_dropins(struct sd_state *s, char *const *dropins,
			    struct parse_error *pe)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc, ret = -1;

	for (i = 0; dropins[i]; i++) {
		strbuf_reset(&sb);
		rc = strbuf_read_file(&sb, dropins[i], 1u << 20);
		if (rc < 0) {
			parse_error_set(pe, dropins[i], 0, 0, "cannot read: %s",
					rc == -EFBIG ? "larger than 1 MiB" :
						       input_strerror(rc));
			goto out;
		}
		if (sd_parse_text(s, dropins[i], sb.buf, sb.len, pe) < 0)
			goto out;
	}
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

/* The unit's text, then the drop-ins (NULL: none), then the model. */
static int sd_read(const char *path, const char *text, size_t len,
		   char *const *dropins, struct policy *p,
		   struct parse_error *pe)
{
	struct sd_state s;
	int ret = -1;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.path = path;
	if (memchr(text, '\0', len)) {
		parse_error_set(pe, path, 0, 0, "binary data in a unit file");
		goto out;
	}
	s.groups = groups_get(path, pe);
	if (!s.groups)
		goto out;
	if (sd_parse_text(&s, path, text, len, pe) < 0)
		goto out;
	if (dropins && sd_parse_dropins(&s, dropins, pe) < 0)
		goto out;
	s.path = path;
	build_policy(&s, p);
	ret = 0;
out:
	for (i = 0; i < s.n; i++)
		free(s.e[i].name);
	free(s.e);
	return ret;
}

int policy_read_systemd(const char *path, const char *text, size_t len,
			struct policy *p, struct parse_error *pe)
{
	return sd_read(path, text, len, NULL, p, pe);
}

int policy_read_systemd_dropins(const char *path, const char *text,
				size_t len, struct policy *p,
				struct parse_error *pe)
{
	char **dropins = policy_systemd_dropins(path, pe);
	size_t i;
	int ret;

	if (!dropins)
		return -1;
	ret = sd_read(path, text, len, dropins, p, pe);
	if (ret == 0) {
		for (i = 0; dropins[i]; i++)
			;
		p->dropins = dropins;
		p->ndropins = i;
		dropins = NULL;
	}
	policy_dropins_free(dropins);
	return ret;
}
