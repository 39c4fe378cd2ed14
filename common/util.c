/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util.c - private files and provenance strings.  Output files (reports,
 * emitted policies) are written through output.c.
 */
#include "config.h"

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
