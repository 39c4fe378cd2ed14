/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * import-journal.c - `import --format journal`: seccomp deaths as the
 * journal (journalctl text, short/short-iso/short-unix/cat, or -o json)
 * tells them.  Recognised, each stored as a kill with an explanation in
 * its detail:
 *
 *   svcd[1234]: seccomp: blocked syscall 435        a program's own SIGSYS
 *   svcd[1234]: seccomp: blocked syscall clone3     handler (also "NAME (N)",
 *   svcd[1234]: seccomp: blocked syscall 435 (clone3) arch=x86_64  "N (NAME)")
 *   systemd[1]: svcd.service: Main process exited, code=killed,
 *       status=31/SYS                (also 226/NAMESPACE, 228/SECCOMP)
 *   systemd[1]: svcd.service: Watchdog timeout (limit 30s)!
 *   kernel: audit: type=1326 audit(...): ... syscall=435 ...
 *   audit[1234]: SECCOMP ... syscall=435 ...  (audit copies: see
 *                                              import-audit.c)
 *
 * 226/NAMESPACE and watchdog timeouts point at the unit lint (`syscensus
 * lint --unit`); a 226 whose unit logged "Failed to set up mount
 * namespacing: PATH: No such file or directory" just before names the
 * missing ReadWritePaths= directory and the tmpfiles.d line creating it.
 *
 * Everything else in a journal is unrelated and skipped.  A recognised line
 * that cannot be used (an unknown syscall name, a bad number) and binary or
 * overlong lines are problems at FILE:LINE, fatal only with --strict.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/emit/emit.h"
#include "analyzer/import/import.h"
#include "analyzer/policy/policy.h"

#define JOURNAL_LINE_MAX (256u << 10)

struct jctx {
	struct import_text t; /* first: the line loop's callback gets it */
	/* the last "Failed to set up mount namespacing: PATH: ..." */
	char ns_unit[256];
	char ns_path[1024];
};

static int problem(struct jctx *c, const char *reason)
{
	return import_text_problem(&c->t, reason);
}

/* The last second whose nanoseconds fit an int64_t (in 2262). */
#define MAX_TIME_S (INT64_MAX / 1000000000 - 1)

/* Leading timestamp: ISO 8601 (short-iso, short-iso-precise) or
 * short-unix seconds.  0 when absent (syslog's "Nov 28" has no year). */
static int64_t line_time(const char *line)
{
	struct tm tm;
	time_t tt;
	int y, mo, d, h, mi, s, n = 0;
	char *end;

	if (sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
		   &s, &n) == 6 && n >= 19) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = s;
		tt = timegm(&tm);
		/* hostile years: only what fits int64_t nanoseconds */
		if (tt < 0 || tt > MAX_TIME_S)
			return 0;
		return (int64_t)tt * 1000000000;
	}
	if (line[0] >= '1' && line[0] <= '9') {
		double t;

		errno = 0;
		t = strtod(line, &end);
		if (!errno && *end == ' ' && end - line >= 10 && t > 1e9 &&
		    t < (double)MAX_TIME_S)
			return (int64_t)(t * 1e9);
	}
	return 0;
}

/*
 * The "IDENT[PID]: " before pos: ident into buf (size len), *pid; the
 * message starts after it.  False when the line has no such prefix.
 */
static bool line_ident(const char *line, const char *pos, char *buf,
		       size_t len, long long *pid)
{
	const char *close = NULL, *open, *start, *p;

	for (p = line; p < pos; p++)
		if (p[0] == ']' && p[1] == ':')
			close = p;
	if (!close)
		return false;
	for (open = close; open > line && *open != '['; open--)
		;
	if (*open != '[')
		return false;
	for (start = open; start > line && start[-1] != ' '; start--)
		;
	snprintf(buf, len, "%.*s", (int)(open - start), start);
	*pid = strtoll(open + 1, NULL, 10);
	return true;
}

static int add_kill(struct jctx *c, long long pid, const char *exe,
		    uint32_t arch, int nr, const char *name, int64_t t,
		    const char *detail)
{
	struct store_kill k = { 0 };

	k.run = c->t.run;
	k.pid = pid;
	k.exe = exe && *exe ? exe : NULL;
	k.arch = arch;
	k.nr = nr;
	k.syscall = name;
	k.time_ns = t;
	k.source = "journal";
	k.file = c->t.display;
	k.line = c->t.lineno;
	k.detail = detail;
	if (store_add_kill(c->t.st, &k) < 0)
		return -1;
	c->t.stats->kills++;
	return 0;
}

/* The program made the call it was killed for: count it as observed. */
static int count_call(struct jctx *c, const char *exe, uint32_t arch, int nr,
		      long long pid, int64_t t)
{
	const char *ph = c->t.o->phase && *c->t.o->phase ? c->t.o->phase
						     : "default";
	struct agg_key key = { 0 };

	key.phase = store_intern_phase(c->t.st, ph);
	key.exe = store_intern_exe(c->t.st, exe && *exe ? exe : "?");
	if (key.phase < 0 || key.exe < 0)
		return -1;
	key.arch = arch;
	key.nr = nr;
	agg_count(&c->t.agg, &key, (int32_t)pid, t, 0);
	c->t.stats->calls++;
	return 0;
}

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* "blocked syscall N", "NAME", "NAME (N)", "N (NAME)"; "arch=X" after. */
static int blocked_syscall(struct jctx *c, const char *line, const char *at)
{
	const char *p = at + strlen("blocked syscall ");
	char tok1[64] = "", tok2[64] = "", archs[64] = "", ident[256] = "";
	char name[SYSCALL_NAME_MAX];
	struct strbuf sb = STRBUF_INIT;
	long long pid = 0, v = -1;
	const char *q;
	uint32_t arch = 0;
	bool assumed = false;
	size_t n;
	int nr, ret;

	n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
	if (!n || n >= sizeof(tok1))
		return problem(c, "'blocked syscall' without a syscall");
	memcpy(tok1, p, n);
	p += n;
	while (*p == ' ')
		p++;
	if (*p == '(') {
		n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (n && n < sizeof(tok2) && p[1 + n] == ')')
			memcpy(tok2, p + 1, n);
	}
	if ((q = strstr(p, "arch=")) != NULL || (q = strstr(p, "arch ")))
		snprintf(archs, sizeof(archs), "%.*s",
			 (int)strcspn(q + 5, " ,;)"), q + 5);
	if (*archs) {
		arch = arch_from_name(archs);
		if (!arch) {
			strbuf_addstr(&sb, "'blocked syscall' with unknown "
				      "arch ");
			import_add_clean(&sb, archs, 32);
			ret = problem(c, sb.buf);
			goto out;
		}
	} else {
		arch = arch_native();
		assumed = true;
	}
	/* the number, if either token is one; else the name */
	if (all_digits(tok1, strlen(tok1)))
		v = strtoll(tok1, NULL, 10);
	else if (all_digits(tok2, strlen(tok2)))
		v = strtoll(tok2, NULL, 10);
	if (v > 0x7fffffff) {
		ret = problem(c, "'blocked syscall' number out of range");
		goto out;
	}
	if (v >= 0) {
		nr = (int)v;
		syscall_name(arch, nr, name);
	} else {
		nr = syscall_resolve_name(arch, tok1);
		if (nr < 0) {
			strbuf_addf(&sb, "'blocked syscall' names '%s', "
				    "unknown on %s", tok1, arch_name(arch));
			ret = problem(c, sb.buf);
			goto out;
		}
		snprintf(name, sizeof(name), "%s", tok1);
	}
	line_ident(line, at, ident, sizeof(ident), &pid);
	strbuf_addf(&sb, "the program's SIGSYS handler reported that seccomp "
		    "blocked %s (%s syscall %d%s); the filter trapped it, so "
		    "the program died or failed on it; fix: allow %s in the "
		    "policy; line: ", name, arch_name(arch), nr,
		    assumed ? ", arch not given: assumed this machine's"
			    : "", name);
	import_add_clean(&sb, line, 400);
	ret = add_kill(c, pid, ident, arch, nr, name, line_time(line),
		       sb.buf);
	if (!ret)
		ret = count_call(c, ident, arch, nr, pid, line_time(line));
out:
	strbuf_release(&sb);
	return ret;
}

/* The unit a systemd message is about: "UNIT: ..." after "]: ". */
static void unit_of(const char *line, const char *at, char *buf, size_t len)
{
	const char *p = NULL, *q, *colon;

	for (q = line; q < at; q++)
		if (q[0] == ']' && q[1] == ':' && q[2] == ' ')
			p = q + 3;
	if (!p) {
		buf[0] = '\0';
		return;
	}
	colon = strstr(p, ": ");
	if (!colon || colon > at)
		colon = at;
	snprintf(buf, len, "%.*s", (int)(colon - p), p);
}

static const struct {
	const char *needle;
	const char *explanation;
} systemd_deaths[] = {
	{ "status=31/SYS",
	  "the service's process was killed by SIGSYS (signal 31): its "
	  "seccomp filter (SystemCallFilter= with the default kill action) "
	  "denied a syscall.  The syscall is in the audit log (type=SECCOMP, "
	  "`journalctl -k`, /var/log/audit/audit.log): import that with "
	  "--format audit to name it, or run the service under "
	  "SystemCallLog= or `syscensus record` to find it" },
	{ "status=226/NAMESPACE",
	  "systemd could not set up the service's mount namespace before "
	  "exec (ProtectSystem=, PrivateTmp=, ReadWritePaths= or "
	  "BindPaths= naming a path that does not exist, or a kernel "
	  "refusing the mount): not a seccomp denial, nothing ran yet" },
	{ "status=228/SECCOMP",
	  "systemd could not install the service's seccomp filter "
	  "(a kernel without seccomp, an architecture in "
	  "SystemCallArchitectures= the kernel cannot filter, or a filter "
	  "too large): nothing ran yet" },
	{ "Watchdog timeout",
	  "the service stopped sending WATCHDOG=1 and systemd killed it "
	  "(SIGABRT).  Under a seccomp filter this is how a silent denial "
	  "shows: a kill-thread action ended one thread and the event loop "
	  "waits for it forever, or errno denied sd_notify's socket/sendmsg/"
	  "getpid, or a call the loop depends on fails in a retry loop; "
	  "check the audit log for SECCOMP records of this process" },
};

static int systemd_death(struct jctx *c, const char *line, size_t i,
			 const char *at)
{
	struct strbuf sb = STRBUF_INIT;
	char unit[256];
	int ret;

	unit_of(line, at, unit, sizeof(unit));
	if (i == 1 && c->ns_path[0] && !strcmp(unit, c->ns_unit)) {
		char *t = hardening_tmpfiles_line(c->ns_path);

		strbuf_addstr(&sb, "226/NAMESPACE: ReadWritePaths=");
		import_add_clean(&sb, c->ns_path, 400);
		strbuf_addstr(&sb, " does not exist; add `");
		import_add_clean(&sb, t, 400);
		strbuf_addstr(&sb, "` to tmpfiles.d (`syscensus lint --unit` "
			      "finds every such path in the unit).  ");
		free(t);
	}
	strbuf_addstr(&sb, systemd_deaths[i].explanation);
	if (i == 1)
		strbuf_addstr(&sb, ".  `syscensus lint --unit UNIT` names "
			      "the paths that do not exist and the tmpfiles.d "
			      "lines creating them");
	else if (i == 3)
		strbuf_addstr(&sb, ".  `syscensus lint --unit UNIT --db "
			      "TRACE` compares WatchdogSec= with the largest "
			      "interval between two WATCHDOG=1 in a trace");
	strbuf_addstr(&sb, "; line: ");
	import_add_clean(&sb, line, 400);
	ret = add_kill(c, 0, unit, 0, -1, NULL, line_time(line), sb.buf);
	strbuf_release(&sb);
	return ret;
}

/* One text line (a message with its prefix).  0, or -1 if fatal. */
static int journal_line(struct jctx *c, const char *line)
{
	const char *at;
	size_t i;
	int rc;

	rc = import_audit_seccomp(c->t.st, c->t.run, c->t.o, &c->t.agg, line,
				  c->t.display, c->t.lineno, "journal", c->t.stats);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	at = strstr(line, "blocked syscall ");
	if (at && (strstr(line, "seccomp") || strstr(line, "SIGSYS") ||
		   strstr(line, "SECCOMP")))
		return blocked_syscall(c, line, at);
	at = strstr(line, "Failed to set up mount namespacing: ");
	if (at) {
		const char *p = at + 36, *e = strstr(p, ": No such file");

		if (e && *p == '/' && (size_t)(e - p) < sizeof(c->ns_path)) {
			unit_of(line, at, c->ns_unit, sizeof(c->ns_unit));
			snprintf(c->ns_path, sizeof(c->ns_path), "%.*s",
				 (int)(e - p), p);
		}
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(systemd_deaths); i++) {
		at = strstr(line, systemd_deaths[i].needle);
		if (at)
			return systemd_death(c, line, i, at);
	}
	return 0;
}

/* journalctl -o json: rebuild "IDENT[PID]: MESSAGE" and match that. */
static int journal_json(struct jctx *c, const char *line)
{
	json_error_t jerr;
	json_t *o = json_loads(line, 0, &jerr), *m;
	const char *ident = NULL, *msg = NULL, *pid = NULL, *ts = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (!o || !json_is_object(o)) {
		json_decref(o);
		return problem(c, "a line starting with '{' that is not a "
			       "journal JSON object");
	}
	m = json_object_get(o, "MESSAGE");
	msg = json_string_value(m);
	ident = json_string_value(json_object_get(o, "SYSLOG_IDENTIFIER"));
	if (!ident)
		ident = json_string_value(json_object_get(o, "_COMM"));
	pid = json_string_value(json_object_get(o, "_PID"));
	ts = json_string_value(json_object_get(o, "__REALTIME_TIMESTAMP"));
	if (!msg) {
		json_decref(o);
		return 0; /* binary MESSAGE (an array): not ours */
	}
	if (ts && all_digits(ts, strlen(ts)) && strlen(ts) > 6)
		strbuf_addf(&sb, "%.*s.%s ", (int)(strlen(ts) - 6), ts,
			    ts + strlen(ts) - 6);
	strbuf_addf(&sb, "%s[%s]: %s", ident ? ident : "?", pid ? pid : "0",
		    msg);
	ret = strlen(sb.buf) == sb.len ? journal_line(c, sb.buf)
				       : problem(c, "NUL in a journal message");
	strbuf_release(&sb);
	json_decref(o);
	return ret;
}

/* A line of a journal: JSON (journalctl -o json) or text. */
static int journal_parse(struct import_text *t, const char *line)
{
	struct jctx *c = (struct jctx *)t;

	if (line[0] == '{')
		return journal_json(c, line);
	return journal_line(c, line);
}

int import_journal_file(struct store *st, int64_t run,
			const struct import_opts *o, FILE *f,
			const char *display, struct import_stats *stats)
{
	struct jctx c = { .t = {
		.st = st,
		.run = run,
		.o = o,
		.display = display,
		.stats = stats,
		.kind = "a journal",
		.too_long = "line too long for a journal entry",
		.binary = "binary data in a journal line",
		.parse = journal_parse,
	} };

	return import_text_read(&c.t, f, JOURNAL_LINE_MAX);
}
