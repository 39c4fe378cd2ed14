/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lint-unit.c - `lint --unit FILE`: the field guide's systemd failure
 * modes in a service unit and its drop-ins ("<unit>.d/" *.conf, read in
 * systemd's order), alone or against a trace (--db).
 *
 * The unit is read as systemd reads it for the few keys checked: sections,
 * comments, continuation lines, the last assignment of a scalar key
 * winning, list keys accumulating and reset by an empty assignment.
 * Checks (check name, evidence needed):
 *
 *   namespace         a ReadWritePaths= (ReadOnlyPaths=, InaccessiblePaths=)
 *                     directory that does not exist and has no "-" prefix:
 *                     the service fails with 226/NAMESPACE; the advice is
 *                     the tmpfiles.d line that creates it
 *   runtime-shared    a RuntimeDirectory= another unit next to this one
 *                     also names, or (--db) one the program uses but never
 *                     creates anything in: systemd removes it when either
 *                     service stops
 *   type-simple       Type=simple (or exec, or no Type=) while the trace
 *                     shows READY=1: the notification is ignored    (--db)
 *   type-notify       Type=notify with no READY=1 seen: the start times
 *                     out                                           (--db)
 *   watchdog          WatchdogSec= shorter than the largest interval
 *                     between two WATCHDOG=1, or none sent          (--db)
 *   kill-thread       a filter the program installs kills threads while
 *                     it runs several                               (--db)
 *   private-network   PrivateNetwork=yes while AF_INET/AF_INET6 are used
 *                                                                   (--db)
 *   read-only         ProtectSystem=strict with a write seen outside the
 *                     writable paths (ReadWritePaths=, StateDirectory=,
 *                     RuntimeDirectory=, ..., PrivateTmp=)          (--db)
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

/* One assignment's word, where it came from. */
struct uword {
	char *word;
	char *file;
	unsigned long line;
};

struct ukey {
	const char *name;
	bool list;
	struct uword *v;
	size_t n, alloc;
};

enum {
	K_TYPE, K_RWPATHS, K_ROPATHS, K_INACCESSIBLE, K_WATCHDOG,
	K_PRIVNET, K_RUNTIMEDIR, K_STATEDIR, K_CACHEDIR, K_LOGSDIR,
	K_CONFIGDIR, K_PROTECTSYSTEM, K_PRIVATETMP, K_EXECSTART, K_NKEYS,
};

static const struct { const char *name; bool list; } key_defs[K_NKEYS] = {
	[K_TYPE] = { "Type", false },
	[K_RWPATHS] = { "ReadWritePaths", true },
	[K_ROPATHS] = { "ReadOnlyPaths", true },
	[K_INACCESSIBLE] = { "InaccessiblePaths", true },
	[K_WATCHDOG] = { "WatchdogSec", false },
	[K_PRIVNET] = { "PrivateNetwork", false },
	[K_RUNTIMEDIR] = { "RuntimeDirectory", true },
	[K_STATEDIR] = { "StateDirectory", true },
	[K_CACHEDIR] = { "CacheDirectory", true },
	[K_LOGSDIR] = { "LogsDirectory", true },
	[K_CONFIGDIR] = { "ConfigurationDirectory", true },
	[K_PROTECTSYSTEM] = { "ProtectSystem", false },
	[K_PRIVATETMP] = { "PrivateTmp", false },
	[K_EXECSTART] = { "ExecStart", false },
};

struct unit {
	struct ukey k[K_NKEYS];
};

static void lu_add(struct lint_result *r, int sev, const char *check,
		   const struct uword *at, const char *file, char *advice,
		   const char *fmt, ...) ATTR_PRINTF(7, 8);

static void lu_add(struct lint_result *r, int sev, const char *check,
		   const struct uword *at, const char *file, char *advice,
		   const char *fmt, ...)
{
	static const char *const sevs[] = { "info", "warning", "error" };
	struct strbuf sb = STRBUF_INIT;
	struct lint_finding *f;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->v = xgrow(r->v, sizeof(*r->v), r->n + 1, &r->alloc);
	f = &r->v[r->n++];
	memset(f, 0, sizeof(*f));
	f->check = xstrdup(check);
	f->severity = sevs[sev];
	f->file = xstrdup(at ? at->file : file);
	f->line = at ? at->line : 0;
	f->advice = advice;
	f->message = strbuf_detach(&sb, NULL);
}

static void key_reset(struct ukey *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->v[i].word);
		free(k->v[i].file);
	}
	k->n = 0;
}

static void key_push(struct ukey *k, const char *w, size_t len,
		     const char *file, unsigned long line)
{
	k->v = xgrow(k->v, sizeof(*k->v), k->n + 1, &k->alloc);
	k->v[k->n].word = xstrndup(w, len);
	k->v[k->n].file = xstrdup(file);
	k->v[k->n].line = line;
	k->n++;
}

/* Words of a list value: blanks separate, double quotes group. */
static void split_words(struct ukey *k, const char *v, const char *file,
			unsigned long line)
{
	while (*v) {
		const char *s;

		while (*v == ' ' || *v == '\t')
			v++;
		if (!*v)
			break;
		if (*v == '"') {
			s = ++v;
			while (*v && *v != '"')
				v++;
			key_push(k, s, (size_t)(v - s), file, line);
			if (*v)
				v++;
			continue;
		}
		s = v;
		while (*v && *v != ' ' && *v != '\t')
			v++;
		key_push(k, s, (size_t)(v - s), file, line);
	}
}

static void assign(struct unit *u, const char *key, const char *value,
		   const char *file, unsigned long line)
{
	size_t i;

	for (i = 0; i < K_NKEYS; i++) {
		struct ukey *k = &u->k[i];

		if (strcmp(key, key_defs[i].name))
			continue;
		if (!*value || !key_defs[i].list)
			key_reset(k);
		if (!*value)
			return;
		if (key_defs[i].list)
			split_words(k, value, file, line);
		else
			key_push(k, value, strlen(value), file, line);
		return;
	}
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int read_unit_file(struct unit *u, const char *path)
{
	FILE *f = fopen(path, "re");
	struct strbuf logical = STRBUF_INIT;
	char buf[4096];
	unsigned long lineno = 0, start = 0;
	bool in_service = false;

	if (!f)
		return error("cannot open '%s': %s", path, strerror(errno));
	while (fgets(buf, sizeof(buf), f)) {
		char *l = trim(buf), *eq;
		size_t n;

		lineno++;
		if (!logical.len) {
			start = lineno;
			if (*l == '#' || *l == ';')
				continue;
		}
		n = strlen(l);
		if (n && l[n - 1] == '\\') {
			/* continuation: the next line joins with a blank */
			l[n - 1] = ' ';
			strbuf_addstr(&logical, l);
			continue;
		}
		strbuf_addstr(&logical, l);
		l = logical.buf;
		if (*l == '[') {
			in_service = !strncmp(l, "[Service]", 9);
		} else if (in_service && (eq = strchr(l, '='))) {
			*eq = '\0';
			assign(u, trim(l), trim(eq + 1), path, start);
		}
		strbuf_reset(&logical);
	}
	fclose(f);
	strbuf_release(&logical);
	return 0;
}

static void unit_release(struct unit *u)
{
	size_t i;

	for (i = 0; i < K_NKEYS; i++) {
		key_reset(&u->k[i]);
		free(u->k[i].v);
	}
}

static int unit_load(struct unit *u, const char *path)
{
	struct parse_error pe;
	char **dropins;
	size_t i;

	memset(u, 0, sizeof(*u));
	if (read_unit_file(u, path) < 0)
		return -1;
	memset(&pe, 0, sizeof(pe));
	dropins = policy_systemd_dropins(path, &pe);
	if (!dropins)
		return error("%s: %s", pe.file, pe.msg);
	for (i = 0; dropins[i]; i++)
		if (read_unit_file(u, dropins[i]) < 0) {
			policy_dropins_free(dropins);
			return -1;
		}
	policy_dropins_free(dropins);
	return 0;
}

static const struct uword *last(const struct unit *u, int key)
{
	return u->k[key].n ? &u->k[key].v[u->k[key].n - 1] : NULL;
}

static bool yes(const struct uword *w)
{
	return w && (!strcasecmp(w->word, "yes") || !strcmp(w->word, "1") ||
		     !strcasecmp(w->word, "true") || !strcasecmp(w->word, "on"));
}

/* A systemd time span in milliseconds ("30", "30s", "1min 30s", "500ms");
 * -1 when it does not parse. */
static long long timespan_ms(const char *s)
{
	static const struct { const char *unit; long long ms; } units[] = {
		{ "ms", 1 }, { "msec", 1 }, { "s", 1000 }, { "sec", 1000 },
		{ "second", 1000 }, { "seconds", 1000 }, { "m", 60000 },
		{ "min", 60000 }, { "minute", 60000 }, { "minutes", 60000 },
		{ "h", 3600000 }, { "hr", 3600000 }, { "hour", 3600000 },
		{ "hours", 3600000 }, { "us", 0 }, { "usec", 0 },
	};
	long long total = 0;

	while (*s) {
		char *end;
		long long v;
		size_t i, n;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		v = strtoll(s, &end, 10);
		if (end == s || v < 0)
			return -1;
		s = end;
		while (*s == ' ')
			s++;
		for (n = 0; s[n] >= 'a' && s[n] <= 'z'; n++)
			;
		if (!n) {
			total += v * 1000;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(units); i++)
			if (strlen(units[i].unit) == n &&
			    !strncmp(units[i].unit, s, n))
				break;
		if (i == ARRAY_SIZE(units))
			return -1;
		total += v * units[i].ms;
		s += n;
	}
	return total;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

static void check_paths(const struct unit *u, int key, struct lint_result *r)
{
	size_t i;

	for (i = 0; i < u->k[key].n; i++) {
		const struct uword *w = &u->k[key].v[i];
		const char *p = w->word;
		struct stat sb;
		char *tl;

		while (*p == '-' || *p == '+')
			if (*p++ == '-')
				goto next; /* "-": systemd skips it if missing */
		/* "A:B" (bind-style) names A */
		if (*p != '/' || stat(p, &sb) == 0)
			continue;
		tl = hardening_tmpfiles_line(p);
		lu_add(r, 1, "namespace", w, NULL,
		       xasprintf("create it before the service starts: add "
				 "`%s` to tmpfiles.d (or use StateDirectory=/"
				 "RuntimeDirectory=), or write -%s to skip it "
				 "when missing", tl, p),
		       "%s=%s does not exist: the service fails with "
		       "226/NAMESPACE before it runs", key_defs[key].name, p);
		free(tl);
	next:;
	}
}

/* Other units next to path naming the same RuntimeDirectory=. */
static void check_runtime_shared(const struct unit *u, const char *path,
				 struct lint_result *r)
{
	char *dir, *slash, *base;
	DIR *d;
	struct dirent *de;
	size_t i;

	if (!u->k[K_RUNTIMEDIR].n)
		return;
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	base = slash ? slash + 1 : dir;
	if (slash)
		*slash = '\0';
	d = opendir(slash ? (*dir ? dir : "/") : ".");
	while (d && (de = readdir(d))) {
		struct unit other;
		char *op;
		size_t n = strlen(de->d_name), j;

		if (n < 9 || strcmp(de->d_name + n - 8, ".service") ||
		    !strcmp(de->d_name, slash ? base : path))
			continue;
		op = xasprintf("%s/%s", slash ? (*dir ? dir : "") : ".",
			       de->d_name);
		if (unit_load(&other, op) == 0) {
			for (i = 0; i < u->k[K_RUNTIMEDIR].n; i++)
				for (j = 0; j < other.k[K_RUNTIMEDIR].n; j++)
					if (!strcmp(u->k[K_RUNTIMEDIR].v[i].word,
						    other.k[K_RUNTIMEDIR].v[j]
						    .word))
						lu_add(r, 1, "runtime-shared",
						       &u->k[K_RUNTIMEDIR].v[i],
						       NULL,
						       xstrdup("give each service "
						       "its own RuntimeDirectory= "
						       "and share through a "
						       "socket or a directory "
						       "made by tmpfiles.d"),
						       "RuntimeDirectory=%s is "
						       "also %s's: systemd "
						       "removes /run/%s when "
						       "either service stops",
						       u->k[K_RUNTIMEDIR].v[i]
						       .word, de->d_name,
						       u->k[K_RUNTIMEDIR].v[i]
						       .word);
		}
		unit_release(&other);
		free(op);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* The directories a unit makes writable under ProtectSystem=strict. */
static bool writable(const struct unit *u, const char *path)
{
	static const struct { int key; const char *base; } dirs[] = {
		{ K_STATEDIR, "/var/lib/" }, { K_RUNTIMEDIR, "/run/" },
		{ K_CACHEDIR, "/var/cache/" }, { K_LOGSDIR, "/var/log/" },
		{ K_CONFIGDIR, "/etc/" },
	};
	static const char *const always[] = { "/dev", "/proc", "/sys" };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(always); i++)
		if (under(path, always[i]))
			return true;
	/* ProtectSystem=strict leaves /tmp read-only but with PrivateTmp= */
	if ((under(path, "/tmp") || under(path, "/var/tmp")) &&
	    yes(last(u, K_PRIVATETMP)))
		return true;
	for (i = 0; i < u->k[K_RWPATHS].n; i++) {
		const char *p = u->k[K_RWPATHS].v[i].word;

		while (*p == '-' || *p == '+')
			p++;
		if (under(path, p))
			return true;
	}
	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		for (j = 0; j < u->k[dirs[i].key].n; j++) {
			char *d = xasprintf("%s%s", dirs[i].base,
					    u->k[dirs[i].key].v[j].word);
			bool in = under(path, d);

			free(d);
			if (in)
				return true;
		}
	return false;
}

static void check_trace(const struct unit *u, const struct census *c,
			const char *path, struct lint_result *r)
{
	const struct uword *type = last(u, K_TYPE), *wd = last(u, K_WATCHDOG);
	const struct uword *ps = last(u, K_PROTECTSYSTEM);
	const char *t = type ? type->word : "simple";
	size_t i;

	if (c->ready && (!strcmp(t, "simple") || !strcmp(t, "exec")))
		lu_add(r, 1, "type-simple", type, path,
		       xstrdup("set Type=notify"),
		       "Type=%s, but the trace shows READY=1 sent %llu "
		       "time(s): systemd ignores the notification and "
		       "considers the service started before it is ready", t,
		       (unsigned long long)c->ready);
	if (!c->ready && !strcmp(t, "notify"))
		lu_add(r, 1, "type-notify", type, path,
		       xstrdup("send READY=1 (sd_notify) once started, or "
			       "use Type=simple or exec"),
		       "Type=notify, but the trace shows no READY=1: the "
		       "start job times out (TimeoutStartSec=) and the "
		       "service is killed");
	if (wd) {
		long long ms = timespan_ms(wd->word);

		if (ms > 0 && !c->watchdog)
			lu_add(r, 1, "watchdog", wd, path,
			       xstrdup("send WATCHDOG=1 (sd_notify) at least "
				       "every half WatchdogSec=, or remove "
				       "WatchdogSec="),
			       "WatchdogSec=%s, but the trace shows no "
			       "WATCHDOG=1: systemd kills the service after "
			       "%lld ms", wd->word, ms);
		else if (ms > 0 && c->watchdog_max_ms >= ms)
			lu_add(r, 1, "watchdog", wd, path,
			       xasprintf("WatchdogSec=%llds or more (twice "
					 "the largest interval)",
					 (long long)(2 * c->watchdog_max_ms +
						     999) / 1000),
			       "WatchdogSec=%s (%lld ms), but the trace shows "
			       "%lld ms between two WATCHDOG=1: the watchdog "
			       "fires", wd->word, ms,
			       (long long)c->watchdog_max_ms);
	}
	if (yes(last(u, K_PRIVNET)))
		for (i = 0; i < c->nfamilies; i++)
			if (!strcmp(c->families[i], "AF_INET") ||
			    !strcmp(c->families[i], "AF_INET6")) {
				lu_add(r, 1, "private-network",
				       last(u, K_PRIVNET), path,
				       xstrdup("drop PrivateNetwork=yes (use "
					       "RestrictAddressFamilies= and "
					       "IPAddressDeny=)"),
				       "PrivateNetwork=yes, but the trace uses "
				       "%s sockets: only a loopback device "
				       "exists inside", c->families[i]);
				break;
			}
	if (ps && !strcmp(ps->word, "strict"))
		for (i = 0; i < c->n; i++) {
			const struct census_entry *e = &c->entries[i];
			char *d = hardening_write_dir(e->path, e->how,
						      yes(last(u, K_PRIVATETMP)));

			if (d && !writable(u, e->path))
				lu_add(r, 1, "read-only", ps, path,
				       xasprintf("add ReadWritePaths=%s", d),
				       "ProtectSystem=strict, but the trace "
				       "writes %s (%s in phase '%s' of %s): it "
				       "fails with EROFS", e->path, e->syscall,
				       e->phase, e->exe);
			free(d);
		}
	/* a RuntimeDirectory= used but never written by this program */
	for (i = 0; i < u->k[K_RUNTIMEDIR].n; i++) {
		const struct uword *w = &u->k[K_RUNTIMEDIR].v[i];
		char *d = xasprintf("/run/%s", w->word);
		bool used = false, made = false;
		size_t k;

		for (k = 0; k < c->n; k++)
			if (under(c->entries[k].path, d)) {
				used = true;
				made |= (c->entries[k].how &
					 (CEN_CREATE | CEN_BIND | CEN_MKDIR |
					  CEN_WRITE)) != 0;
			}
		if (used && !made)
			lu_add(r, 1, "runtime-shared", w, path,
			       xstrdup("name the other service's directory "
				       "without RuntimeDirectory= (it is not "
				       "this service's), or make it with "
				       "tmpfiles.d"),
			       "RuntimeDirectory=%s: the trace only uses what "
			       "another service made in %s; systemd empties "
			       "and removes it when this service stops", w->word,
			       d);
		free(d);
	}
}

int lint_unit(const char *path, struct store *st,
	      const struct observed_filter *f, struct lint_result *r)
{
	struct unit u;
	struct census c;
	int ret = -1;

	if (unit_load(&u, path) < 0)
		goto out;
	check_paths(&u, K_RWPATHS, r);
	check_paths(&u, K_ROPATHS, r);
	check_paths(&u, K_INACCESSIBLE, r);
	check_runtime_shared(&u, path, r);
	if (st) {
		if (census_load(st, f, &c) < 0)
			goto out;
		check_trace(&u, &c, path, r);
		/* kill-thread filters the program installs, when threaded */
		if (c.threads) {
			struct lint_result fr = { NULL, 0, 0 };
			size_t i;

			if (lint_store_filters(st, &fr) < 0) {
				census_release(&c);
				lint_result_release(&fr);
				goto out;
			}
			for (i = 0; i < fr.n; i++)
				if (!strcmp(fr.v[i].check, "kill-thread"))
					lu_add(r, 1, "kill-thread", NULL, path,
					       fr.v[i].advice ?
					       xstrdup(fr.v[i].advice) : NULL,
					       "the program runs %llu thread(s) "
					       "and %s", (unsigned long long)
					       c.threads, fr.v[i].message);
			lint_result_release(&fr);
		}
		census_release(&c);
	}
	ret = 0;
out:
	unit_release(&u);
	return ret;
}
