/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-list.c - the plain list policy: one syscall name per line, `#`
 * starting a comment (a whole line or the rest of one), blank lines
 * ignored.  This is what engineers keep next to their code today, and what
 * `syscensus emit --format list` writes, so the two round-trip.
 *
 * A list allows exactly its names; everything else gets the default action
 * (kill the process).  A list says nothing about architectures, so the
 * model keeps "none" (native only).  A name no architecture libseccomp
 * knows has is an error at FILE:LINE:COL: a typo in an allowlist silently
 * allows nothing.
 */
#include "config.h"

#include <string.h>

#include "analyzer/policy/policy.h"

static bool is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* A name libseccomp knows on some arch, or strace's syscall_0x... form. */
static bool list_name_ok(const char *name)
{
	return syscall_name_known(name) ||
	       syscall_resolve_name(arch_native(), name) >= 0;
}

int policy_read_list(const char *path, const char *text, size_t len,
		     struct policy *p, struct parse_error *pe)
{
	const char *line = text, *end = text + len;
	unsigned long lineno = 0;

	p->default_action.kind = ACTION_KILL_PROCESS;
	p->default_action.data = 0;
	if (memchr(text, '\0', len)) {
		parse_error_set(pe, path, 0, 0, "binary data in a list policy");
		return -1;
	}
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end;
		const char *s = line, *w;
		char name[SYSCALL_NAME_MAX];
		struct action allow = { ACTION_ALLOW, 0 };
		struct policy_rule *r;
		size_t n;

		lineno++;
		while (s < eol && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		if (s == eol || *s == '#')
			goto next;
		w = s;
		while (s < eol && is_name_char((unsigned char)*s))
			s++;
		n = (size_t)(s - w);
		if (n == 0) {
			parse_error_set(pe, path, lineno,
					(unsigned long)(w - line) + 1,
					"expected a syscall name");
			return -1;
		}
		/* after the name: only blanks, then the end or a comment */
		{
			const char *t = s;

			while (t < eol && (*t == ' ' || *t == '\t' ||
					   *t == '\r'))
				t++;
			if (t < eol && *t != '#') {
				parse_error_set(pe, path, lineno,
						(unsigned long)(t - line) + 1,
						"unexpected text after the "
						"syscall name (one name per "
						"line)");
				return -1;
			}
		}
		if (n >= sizeof(name)) {
			parse_error_set(pe, path, lineno,
					(unsigned long)(w - line) + 1,
					"syscall name too long");
			return -1;
		}
		memcpy(name, w, n);
		name[n] = '\0';
		if (!list_name_ok(name)) {
			parse_error_set(pe, path, lineno,
					(unsigned long)(w - line) + 1,
					"unknown syscall '%s'", name);
			return -1;
		}
		r = policy_add_rule(p, name, 0, allow);
		r->file = xstrdup(path);
		r->line = lineno;
		r->col = (unsigned long)(w - line) + 1;
next:
		line = nl ? nl + 1 : end;
	}
	return 0;
}
