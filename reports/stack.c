/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * stack.c - call stacks for every report.  `record --stacks` stores the
 * user-space stack of the first call of each (run, phase, executable,
 * arch, syscall) in the `stacks` table, one frame per line, innermost
 * first, as tracer/stacks.c writes them: "function+0xOFF (object)", or
 * "0xPC (object)" when no symbol covers the address.
 *
 * Reports show a stack two ways: JSON as the whole array of {function,
 * offset, object}; people as the callers, the innermost frames in the
 * program itself (or, when none, in its own libraries, never in libc,
 * ld.so or libpthread), "config_read+0x67 <- do_reload+0x74 <- main+0x1016".
 * Frames are traced data: every renderer escapes them.
 */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

/* How many frames the callers line shows. */
#define CALLERS_MAX 3

void report_frame_parse(const char *line, size_t len, struct report_frame *fr)
{
	const char *end = line + len, *plus = NULL, *p;

	memset(fr, 0, sizeof(*fr));
	/* " (object)" at the end: from the first " (", since a path may
	 * hold one ("/usr/sbin/svcd (deleted)") and a symbol does not */
	if (len > 3 && end[-1] == ')') {
		for (p = line + 1; p < end - 1; p++)
			if (p[0] == '(' && p[-1] == ' ')
				break;
		if (p < end - 1) {
			fr->object = xstrndup(p + 1, (size_t)(end - 2 - p));
			end = p - 1;
		}
	}
	for (p = line; p + 2 < end; p++)
		if (p[0] == '+' && p[1] == '0' && p[2] == 'x')
			plus = p;
	if (plus) {
		fr->function = xstrndup(line, (size_t)(plus - line));
		fr->offset = strtoull(plus + 1, NULL, 16);
	} else {
		char *num = xstrndup(line, (size_t)(end - line));

		fr->offset = strtoull(num, NULL, 16);
		free(num);
	}
}

void report_frame_release(struct report_frame *fr)
{
	free(fr->function);
	free(fr->object);
	memset(fr, 0, sizeof(*fr));
}

void report_stack_each(const char *frames,
		       bool (*fn)(const struct report_frame *, void *),
		       void *data)
{
	const char *p = frames;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct report_frame fr;
		bool more;

		report_frame_parse(p, len, &fr);
		more = fn(&fr, data);
		report_frame_release(&fr);
		if (!more || !nl)
			break;
		p = nl + 1;
	}
}

static bool add_json_frame(const struct report_frame *fr, void *data)
{
	json_t *o = json_object();
	struct strbuf sb = STRBUF_INIT;

	if (fr->function) {
		esc_text(&sb, fr->function);
		json_object_set_new(o, "function", json_string(sb.buf));
	} else {
		json_object_set_new(o, "function", json_null());
	}
	json_object_set_new(o, "offset", json_integer((json_int_t)fr->offset));
	if (fr->object) {
		strbuf_reset(&sb);
		esc_text(&sb, fr->object);
		json_object_set_new(o, "object", json_string(sb.buf));
	} else {
		json_object_set_new(o, "object", json_null());
	}
	strbuf_release(&sb);
	json_array_append_new(data, o);
	return true;
}

json_t *report_stack_json(const char *frames)
{
	json_t *a = json_array();

	report_stack_each(frames, add_json_frame, a);
	return a;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

bool report_object_is_system(const char *object)
{
	static const char *const sys[] = {
		"libc.so", "libc-", "ld-linux", "ld64.so", "ld-musl",
		"libpthread", "libdl.so", "libdl-", "librt.so", "libm.so",
		"linux-vdso", "linux-gate", "[vdso]", NULL,
	};
	const char *b;
	size_t i;

	if (!object)
		return true; /* an address in no object: nothing to say */
	b = base_name(object);
	for (i = 0; sys[i]; i++)
		if (!strncmp(b, sys[i], strlen(sys[i])))
			return true;
	return false;
}

struct callers {
	const char *exe;
	bool in_exe; /* pass 1: frames of the executable only */
	struct strbuf *sb;
	unsigned n;
};

static bool same_object(const char *object, const char *exe)
{
	if (!object || !exe)
		return false;
	return !strcmp(object, exe) ||
	       !strcmp(base_name(object), base_name(exe));
}

static bool add_caller(const struct report_frame *fr, void *data)
{
	struct callers *c = data;

	if (!fr->function)
		return true;
	if (c->in_exe ? !same_object(fr->object, c->exe) :
			report_object_is_system(fr->object))
		return true;
	if (c->n++)
		strbuf_addstr(c->sb, " <- ");
	strbuf_addf(c->sb, "%s+0x%llx", fr->function,
		    (unsigned long long)fr->offset);
	if (!c->in_exe && fr->object)
		strbuf_addf(c->sb, " (%s)", base_name(fr->object));
	return c->n < CALLERS_MAX;
}

bool report_stack_callers(struct strbuf *sb, const char *frames,
			  const char *exe)
{
	struct callers c = { .exe = exe, .in_exe = true, .sb = sb };

	if (!frames || !*frames)
		return false;
	report_stack_each(frames, add_caller, &c);
	if (!c.n) {
		c.in_exe = false;
		report_stack_each(frames, add_caller, &c);
	}
	return c.n > 0;
}

/* ------------------------------------------------------- store lookup */

struct report_stacks {
	struct store_stacks *ss;
};

struct report_stacks *report_stacks_new(struct store *st)
{
	struct report_stacks *rs;

	if (!st)
		return NULL;
	rs = xcalloc(1, sizeof(*rs));
	rs->ss = store_stacks_new(st);
	return rs;
}

char *report_stacks_get(struct report_stacks *rs, const char *phase,
			const char *exe, const char *arch,
			const char *syscall)
{
	return rs ? store_stacks_get(rs->ss, phase, exe, arch, syscall) : NULL;
}

void report_stacks_free(struct report_stacks *rs)
{
	if (!rs)
		return;
	store_stacks_free(rs->ss);
	free(rs);
}
