/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * import-audit.c - `import --format audit`: seccomp records of the Linux
 * audit subsystem, the first place a seccomp death leaves its syscall
 * number.  Accepted forms of one record:
 *
 *   type=SECCOMP msg=audit(1700000000.123:456): ... pid=1234 comm="svcd"
 *       exe="/usr/sbin/svcd" sig=31 arch=c000003e syscall=435 ...
 *       code=0x80000000                      (audit.log, `ausearch -r`)
 *   type=SECCOMP msg=audit(11/28/2026 14:00:00.123:456) : ... arch=x86_64
 *       syscall=clone3 ... code=kill-process (`ausearch -i`)
 *   audit: type=1326 audit(1700000000.123:456): ...  (dmesg, journalctl -k)
 *   audit[1234]: SECCOMP auid=... syscall=435 ...    (journald's copy)
 *
 * The syscall number is resolved for the record's own arch= (c000003e is
 * x86_64, 40000003 is i386; x86_64 numbers with bit 30 set are x32) with
 * libseccomp.  Kills (kill-process, kill-thread, trap) are stored in the
 * `kills` table with an explanation; records of other actions (log, errno:
 * SystemCallLog= audits) count as observed calls.  Other audit records are
 * skipped; lines that are no audit record at all, and SECCOMP records
 * without a usable arch or syscall, are problems at FILE:LINE.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/import/import.h"
#include "analyzer/policy/policy.h"

/* An audit line is a few hundred bytes; cap what we look at. */
#define AUDIT_LINE_MAX (64u << 10)
#define X32_SYSCALL_BIT 0x40000000
#define FIELD_MAX 4096

int import_kill_problem(struct store *st, int64_t run,
			const struct import_opts *o, const char *display,
			uint64_t lineno, struct import_stats *stats,
			const char *reason)
{
	stats->bad_lines++;
	if (store_add_problem(st, run, display, lineno, reason) < 0)
		return -1;
	if (o->strict)
		return error("%s:%llu: %s", display,
			     (unsigned long long)lineno, reason);
	if (stats->bad_lines <= o->max_reports)
		note("%s:%llu: %s", display, (unsigned long long)lineno,
		     reason);
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * The value of key= in rec, into buf (at most len - 1 bytes): quoted values
 * without their quotes, audit's hex encoding of untrusted strings (comm,
 * exe) decoded when hex is set.  False if the key is absent.
 */
static bool field(const char *rec, const char *key, char *buf, size_t len,
		  bool hex)
{
	size_t klen = strlen(key), n = 0;
	const char *p = rec, *v, *end;

	for (;;) {
		p = strstr(p, key);
		if (!p)
			return false;
		if ((p == rec || p[-1] == ' ' || p[-1] == '\'') &&
		    p[klen] == '=')
			break;
		p += klen;
	}
	v = p + klen + 1;
	if (*v == '"') {
		v++;
		end = strchr(v, '"');
		if (!end)
			end = v + strlen(v);
	} else {
		end = v + strcspn(v, " \t'");
		if (hex && end > v && (end - v) % 2 == 0) {
			const char *q;

			for (q = v; q < end && hexval(*q) >= 0 &&
				    !(*q >= 'a' && *q <= 'f'); q++)
				;
			if (q == end && end - v >= 2 &&
			    strcmp(key, "pid") != 0) {
				for (q = v; q < end && n + 1 < len; q += 2)
					buf[n++] = (char)(hexval(q[0]) * 16 +
							  hexval(q[1]));
				buf[n] = '\0';
				return true;
			}
		}
	}
	while (v < end && n + 1 < len)
		buf[n++] = *v++;
	buf[n] = '\0';
	return true;
}

/* seccomp's return value (code=0x80000000, or ausearch's word). */
static bool parse_code(const char *s, struct action *a)
{
	static const struct {
		const char *name;
		enum action_kind kind;
	} words[] = {
		{ "kill-process", ACTION_KILL_PROCESS },
		{ "kill_process", ACTION_KILL_PROCESS },
		{ "kill", ACTION_KILL_THREAD },
		{ "kill-thread", ACTION_KILL_THREAD },
		{ "trap", ACTION_TRAP }, { "errno", ACTION_ERRNO },
		{ "trace", ACTION_TRACE }, { "log", ACTION_LOG },
		{ "allow", ACTION_ALLOW }, { "user-notif", ACTION_NOTIFY },
		{ "notify", ACTION_NOTIFY },
	};
	unsigned long v;
	char *end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(s, words[i].name)) {
			a->kind = words[i].kind;
			a->data = 0;
			return true;
		}
	errno = 0;
	v = strtoul(s, &end, 16);
	if (errno || end == s || *end || v > 0xffffffffUL)
		return false;
	action_from_seccomp((uint32_t)v, a);
	return true;
}

static bool parse_int(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 0);
	return !errno && end != s && !*end;
}

void import_add_clean(struct strbuf *sb, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] && i < max; i++)
		strbuf_addch(sb, (unsigned char)s[i] < 0x20 ||
				 s[i] == 0x7f ? '?' : s[i]);
	if (s[i])
		strbuf_addstr(sb, "...");
}

/* Where the record starts, or NULL if line is no SECCOMP record. */
static const char *seccomp_record(const char *line)
{
	const char *p;

	if ((p = strstr(line, "type=SECCOMP")) != NULL ||
	    (p = strstr(line, "type=1326")) != NULL)
		return p;
	p = strstr(line, "audit[");
	if (p && (p = strstr(p, "]: SECCOMP ")) != NULL)
		return p;
	return NULL;
}

/* msg=audit(1700000000.123:456) -> ns; 0 if absent or interpreted. */
static int64_t record_time(const char *rec)
{
	const char *p = strstr(rec, "audit(");
	long long sec, ms = 0;
	char *end;

	if (!p)
		return 0;
	errno = 0;
	sec = strtoll(p + 6, &end, 10);
	/* seconds whose nanoseconds fit an int64_t (the year 2262) */
	if (errno || end == p + 6 || sec < 0 ||
	    sec > INT64_MAX / 1000000000 - 1)
		return 0;
	if (*end == '.') {
		const char *q = end + 1;

		ms = strtoll(q, &end, 10);
		if (end - q != 3)
			ms = 0;
	}
	if (*end != ':')
		return 0;
	return (int64_t)sec * 1000000000 + (int64_t)ms * 1000000;
}

int import_audit_seccomp(struct store *st, int64_t run,
			 const struct import_opts *o, struct agg *a,
			 const char *line, const char *display,
			 uint64_t lineno, const char *source,
			 struct import_stats *stats)
{
	const char *rec = seccomp_record(line);
	char archs[64], sys[64], pids[32], code[64], sig[32];
	char *comm = NULL, *exe = NULL, name[SYSCALL_NAME_MAX];
	char actbuf[32];
	struct strbuf why = STRBUF_INIT, detail = STRBUF_INIT;
	struct action act = { ACTION_NONE, 0 };
	struct store_kill k = { 0 };
	long long v = -1, pid = 0;
	uint32_t arch;
	int nr, ret = -1;

	if (!rec)
		return 0;
	comm = xmalloc(FIELD_MAX);
	exe = xmalloc(FIELD_MAX);
	if (!field(rec, "arch", archs, sizeof(archs), false)) {
		strbuf_addstr(&why, "SECCOMP record without arch=");
		goto bad;
	}
	arch = arch_from_name(archs);
	if (!arch) {
		strbuf_addstr(&why, "SECCOMP record with unknown arch=");
		import_add_clean(&why, archs, 32);
		goto bad;
	}
	if (!field(rec, "syscall", sys, sizeof(sys), false)) {
		strbuf_addstr(&why, "SECCOMP record without syscall=");
		goto bad;
	}
	if (parse_int(sys, &v)) {
		if (v < 0 || v > 0x7fffffff) {
			strbuf_addstr(&why, "SECCOMP record with syscall=");
			import_add_clean(&why, sys, 32);
			goto bad;
		}
		nr = (int)v;
		/* x32 calls carry x86_64's arch token and bit 30 */
		if (arch == arch_from_name("x86_64") &&
		    (nr & X32_SYSCALL_BIT) && arch_from_name("x32"))
			arch = arch_from_name("x32");
		syscall_name(arch, nr, name);
	} else {
		nr = syscall_resolve_name(arch, sys);
		if (nr < 0) {
			strbuf_addstr(&why, "SECCOMP record with syscall=");
			import_add_clean(&why, sys, 32);
			strbuf_addf(&why, ", unknown on %s", arch_name(arch));
			goto bad;
		}
		snprintf(name, sizeof(name), "%s", sys);
	}
	if (field(rec, "code", code, sizeof(code), false)) {
		if (!parse_code(code, &act)) {
			strbuf_addstr(&why, "SECCOMP record with code=");
			import_add_clean(&why, code, 32);
			goto bad;
		}
	} else if (field(rec, "sig", sig, sizeof(sig), false) &&
		   (!strcmp(sig, "31") || !strcmp(sig, "SIGSYS"))) {
		act.kind = ACTION_KILL_PROCESS; /* kernels before 4.14 */
	} else {
		act.kind = ACTION_LOG;
	}
	if (field(rec, "pid", pids, sizeof(pids), false) &&
	    !parse_int(pids, &pid))
		pid = 0;
	if (!field(rec, "comm", comm, FIELD_MAX, true))
		comm[0] = '\0';
	if (!field(rec, "exe", exe, FIELD_MAX, true))
		exe[0] = '\0';

	if (act.kind == ACTION_KILL_PROCESS || act.kind == ACTION_KILL_THREAD ||
	    act.kind == ACTION_TRAP) {
		if (act.kind == ACTION_TRAP)
			strbuf_addf(&detail, "seccomp sent SIGSYS (trap) for "
				    "%s (%s syscall %d); fatal unless the "
				    "program handles SIGSYS", name,
				    arch_name(arch), nr);
		else
			strbuf_addf(&detail, "killed by seccomp (%s, "
				    "SIGSYS) calling %s (%s syscall %d)%s",
				    action_name(&act, actbuf), name,
				    arch_name(arch), nr,
				    act.kind == ACTION_KILL_THREAD
					    ? "; kill-thread ends only the "
					      "calling thread: the rest of the "
					      "process may hang"
					    : "");
		strbuf_addf(&detail, "; fix: allow %s in the policy (or "
			    "answer it with errno if the program copes)",
			    name);
		strbuf_addstr(&detail, "; record: ");
		import_add_clean(&detail, rec, 400);
		k.run = run;
		k.pid = pid;
		k.exe = *exe ? exe : *comm ? comm : NULL;
		k.arch = arch;
		k.nr = nr;
		k.syscall = name;
		k.time_ns = record_time(rec);
		k.source = source;
		k.file = display;
		k.line = lineno;
		k.detail = detail.buf;
		if (store_add_kill(st, &k) < 0)
			goto out;
		stats->kills++;
	}
	/* the program made the call, whatever the verdict: count it */
	if (a && nr >= 0) {
		const char *path = *exe ? exe : *comm ? comm : "?";
		const char *ph = o->phase && *o->phase ? o->phase : "default";
		struct agg_key key = { 0 };

		key.phase = store_intern_phase(st, ph);
		key.exe = store_intern_exe(st, path);
		if (key.phase < 0 || key.exe < 0)
			goto out;
		key.arch = arch;
		key.nr = nr;
		agg_count(a, &key, (int32_t)pid, record_time(rec),
			  act.kind == ACTION_ERRNO ? (act.data ? act.data
							       : EPERM)
						   : 0);
		stats->calls++;
	}
	ret = 1;
	goto out;
bad:
	ret = import_kill_problem(st, run, o, display, lineno, stats,
				  why.buf) < 0 ? -1 : 1;
out:
	strbuf_release(&why);
	strbuf_release(&detail);
	free(comm);
	free(exe);
	return ret;
}

/* Any audit record, SECCOMP or not: "type=X msg=audit(" or dmesg's form. */
static bool audit_record(const char *line)
{
	return (strstr(line, "type=") && strstr(line, "audit(")) ||
	       (strstr(line, "audit[") && strstr(line, "]: "));
}

/* A line of an audit log: a SECCOMP record, another record, or bad. */
static int audit_parse(struct import_text *t, const char *line)
{
	int rc;

	rc = import_audit_seccomp(t->st, t->run, t->o, &t->agg, line,
				  t->display, t->lineno, "audit", t->stats);
	if (rc < 0)
		return -1;
	if (rc == 0 && !audit_record(line) &&
	    import_text_problem(t, "not an audit record") < 0)
		return -1;
	return 0;
}

int import_audit_file(struct store *st, int64_t run,
		      const struct import_opts *o, FILE *f,
		      const char *display, struct import_stats *stats)
{
	struct import_text t = {
		.st = st,
		.run = run,
		.o = o,
		.display = display,
		.stats = stats,
		.kind = "an audit log",
		.too_long = "line too long for an audit record",
		.binary = "binary data in an audit record",
		.parse = audit_parse,
	};

	return import_text_read(&t, f, AUDIT_LINE_MAX);
}
