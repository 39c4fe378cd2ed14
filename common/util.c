/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util.c - private files and provenance strings.  Output files (reports,
 * emitted policies) are written through output.c.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

FILE *xfopen_private(const char *path, const char *mode)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
	FILE *f;
	int fd;

	if (strchr(mode, 'a'))
		flags |= O_APPEND;
	else
		flags |= O_TRUNC;
	if (strchr(mode, 'x'))
		flags |= O_EXCL;
	fd = open(path, flags, 0600);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, strchr(mode, 'a') ? "a" : "w");
	if (!f) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return f;
}

char *argv_join(int argc, char *const argv[])
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool plain = *a != '\0';
		const char *p;

		for (p = a; *p && plain; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789-_./=:,@+%", *p))
				plain = false;
		if (i)
			strbuf_addch(&sb, ' ');
		if (plain) {
			strbuf_addstr(&sb, a);
			continue;
		}
		strbuf_addch(&sb, '\'');
		for (p = a; *p; p++) {
			if (*p == '\'')
				strbuf_addstr(&sb, "'\\''");
			else
				strbuf_addch(&sb, *p);
		}
		strbuf_addch(&sb, '\'');
	}
	return strbuf_detach(&sb, NULL);
}

bool syscall_name_ok(const char *name)
{
	size_t n = 0;

	if (!name)
		return false;
	for (; name[n]; n++)
		if (!isalnum((unsigned char)name[n]) && name[n] != '_')
			return false;
	return n > 0 && n < SYSCALL_NAME_MAX;
}

bool str_has_ctl(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

void strbuf_add_escaped_ctl(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			strbuf_addstr(sb, "\\n");
		else if (c == '\t')
			strbuf_addstr(sb, "\\t");
		else if (c == '\r')
			strbuf_addstr(sb, "\\r");
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, (char)c);
	}
}
