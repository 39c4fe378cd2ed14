/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-model.c - the model of `syscensus report` as C structs, which
 * every renderer (text, md, html, json) walks: the store's rows
 * (store_report_load()) plus what reports/ derives from them once, so all
 * formats say the same thing: each kill's syscall named from its number
 * when the log gave only that, and the line that fixes it (or, for a kill
 * that names no syscall, the importer's explanation); the callers of each
 * recorded stack; the direct reach no trace exercised.
 *
 * The model keeps traced strings as the store holds them, bytes that are
 * not valid UTF-8 included: each renderer escapes them for its format
 * (json and html write such a string as esc_text() does, since jansson
 * and a browser want UTF-8).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/analyzer.h"
#include "reports/reports.h"

/* How many problems (bad input lines) the report lists; all are counted. */
#define REPORT_MAX_PROBLEMS 20

/* The code point of the valid UTF-8 sequence of n bytes at s, or -1.
 * As strict as jansson: no overlong form, surrogate or value past
 * U+10FFFF. */
static long utf8_point(const unsigned char *s, size_t n)
{
	long v = n == 2 ? s[0] & 0x1f : n == 3 ? s[0] & 0x0f : s[0] & 0x07;
	size_t i;

	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff))
		return -1;
	return v;
}

bool report_utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		size_t n;

		if (*s < 0x80)
			n = 1;
		else if (*s >= 0xc2 && *s <= 0xdf)
			n = 2;
		else if (*s >= 0xe0 && *s <= 0xef)
			n = 3;
		else if (*s >= 0xf0 && *s <= 0xf4)
			n = 4;
		else
			return false;
		if (n > 1 && utf8_point(s, n) < 0)
			return false;
		s += n;
	}
	return true;
}

bool report_time(int64_t ns, char *buf, size_t len)
{
	struct tm tm;
	time_t t;

	if (ns == STORE_NULL)
		return false;
	t = (time_t)(ns / 1000000000);
	return gmtime_r(&t, &tm) &&
	       strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The callers line of frames (report_stack_callers()), or NULL. */
static char *callers(const char *frames, const char *exe)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	if (!frames || !*frames || !report_stack_callers(&sb, frames, exe)) {
		strbuf_release(&sb);
		return NULL;
	}
	s = strbuf_detach(&sb, NULL);
	return s;
}

/* Name kill k's syscall from its number when the log gave only that,
 * and say what fixes it. */
static char *kill_fix(struct store_report_kill *k)
{
	char buf[SYSCALL_NAME_MAX];
	char *fix;

	if ((!k->syscall || !*k->syscall) && k->nr != STORE_NULL &&
	    k->nr >= 0) {
		uint32_t a = k->arch ? arch_from_name(k->arch) : arch_native();

		if (a) {
			free(k->syscall);
			k->syscall = xstrdup(syscall_name(a, (int)k->nr, buf));
		}
	}
	if (k->syscall && *k->syscall)
		fix = xasprintf("add `%s` to the allowlist", k->syscall);
	else if (k->detail && *k->detail)
		/* no syscall (a journal kill: 226/NAMESPACE, a watchdog
		 * timeout, SIGSYS without the audit record): the importer's
		 * explanation is what to do */
		fix = xstrdup(k->detail);
	else
		fix = xstrdup("find the syscall (the log did not name it) "
			      "and add it to the allowlist");
	return fix;
}

int report_model_load(struct store *st, struct report_model *m)
{
	struct store_report *s = &m->s;
	struct diff_result r;
	size_t i;

	memset(m, 0, sizeof(*m));
	if (store_report_load(st, REPORT_MAX_PROBLEMS, s) < 0)
		return -1;
	m->database = store_path(st) ? xstrdup(store_path(st)) : NULL;
	m->kill_fix = xcalloc(s->nkills + 1, sizeof(char *));
	m->kill_caller = xcalloc(s->nkills + 1, sizeof(char *));
	for (i = 0; i < s->nkills; i++) {
		struct store_report_kill *k = &s->kills[i];

		m->kill_caller[i] = callers(k->stack, k->exe);
		m->kill_fix[i] = kill_fix(k);
	}
	m->caller = xcalloc(s->nsyscalls + 1, sizeof(char *));
	for (i = 0; i < s->nsyscalls; i++) {
		struct store_report_syscall *c = &s->syscalls[i];

		m->caller[i] = callers(c->stack, c->exe);
	}
	/* the direct reach the trace never saw, per executable (no policy:
	 * what `check` would call unexercised against any policy that
	 * lacks it) */
	memset(&r, 0, sizeof(r));
	if (diff_unexercised(st, NULL, NULL, &r) < 0) {
		diff_unexercised_free(r.unexercised, r.nunexercised);
		report_model_release(m);
		return -1;
	}
	m->unexercised = r.unexercised;
	m->nunexercised = r.nunexercised;
	return 0;
}

void report_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void report_model_release(struct report_model *m)
{
	report_strv_free(m->kill_fix, m->s.nkills);
	report_strv_free(m->kill_caller, m->s.nkills);
	report_strv_free(m->caller, m->s.nsyscalls);
	diff_unexercised_free(m->unexercised, m->nunexercised);
	free(m->database);
	store_report_release(&m->s);
	memset(m, 0, sizeof(*m));
}
