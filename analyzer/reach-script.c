/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-script.c - "#!" scripts in static reach.  A script's syscalls are
 * its interpreter's, so `scan` and the scan after record, attach and
 * import scan the program the kernel runs for it (binfmt_script): the
 * first word of the "#!" line; for "/usr/bin/env NAME", NAME as env finds
 * it in $PATH.  That $PATH is the scanning process's, on the machine that
 * scans: it may differ from the traced process's or machine's.  A script
 * run by a script is followed to the program at the end, as the kernel
 * does (at most REACH_SCRIPT_DEPTH levels).  Also the $PATH search that
 * `scan PROGRAM` does for a name without a slash.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/reach.h"

/* The kernel reads 256 bytes of a script (BINPRM_BUF_SIZE) and follows
 * at most 4 interpreters that are scripts themselves. */
#define SCRIPT_HEAD 256
#define REACH_SCRIPT_DEPTH 4

static bool is_exec_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	       access(path, X_OK) == 0;
}

char *reach_which(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (!path || !*name || strchr(name, '/'))
		return NULL;
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *cand = xasprintf("%s/%s", *dir ? dir : ".", name);

		if (is_exec_file(cand))
			found = cand;
		else
			free(cand);
	}
	free(copy);
	return found;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The interpreter the "#!" line of path names, as written (caller
 * frees), with env's NAME taken for env: NULL when path is not a script
 * (cannot be read, or does not start with "#!").  *empty: "#!" and no
 * interpreter.
 */
static char *shebang(const char *path, bool *empty)
{
	char buf[SCRIPT_HEAD + 1], *p, *w, *e, *name;
	ssize_t n;
	int fd;

	*empty = false;
	/* O_NONBLOCK: a FIFO must not hang the scan */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, SCRIPT_HEAD);
	close(fd);
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return NULL;
	buf[n] = '\0';
	e = strchr(buf, '\n');
	if (e)
		*e = '\0';
	for (p = buf + 2; is_space(*p); p++)
		;
	for (w = p; *p && !is_space(*p); p++)
		;
	if (p == w) {
		*empty = true;
		return NULL;
	}
	name = xstrndup(w, (size_t)(p - w));
	e = strrchr(name, '/');
	if (strcmp(e ? e + 1 : name, "env"))
		return name;
	/* env: skip its options (-S, -i, ...) and VAR=value assignments */
	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p)
			return name; /* env alone: env runs */
		for (w = p; *p && !is_space(*p); p++)
			;
		if (*w != '-' && !memchr(w, '=', (size_t)(p - w)))
			break;
	}
	free(name);
	return xstrndup(w, (size_t)(p - w));
}

/* The interpreter not found, for a message: s (freed) with its control
 * characters escaped, since the file says it. */
static int not_here(char *s, char **interp)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_escaped_ctl(&sb, s ? s : "");
	free(s);
	*interp = strbuf_detach(&sb, NULL);
	return -1;
}

int reach_script_interp(const char *path, char **interp)
{
	char *cur = NULL, *next;
	bool empty;
	int depth;

	*interp = NULL;
	for (depth = 0;; depth++) {
		next = shebang(cur ? cur : path, &empty);
		if (!next && !empty) {
			*interp = cur; /* the program at the end, or NULL */
			return cur ? 1 : 0;
		}
		free(cur);
		if (!next || depth == REACH_SCRIPT_DEPTH)
			return not_here(next, interp);
		if (!strchr(next, '/')) {
			char *found = reach_which(next);

			if (!found)
				return not_here(next, interp);
			free(next);
			next = found;
		}
		if (!is_exec_file(next))
			return not_here(next, interp);
		cur = next;
	}
}
