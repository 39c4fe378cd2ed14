/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * c-filter-main.c - the main() linked with a C file that
 * `syscensus emit --format c` wrote: it calls the emitted
 * install_seccomp_filter(), then execs the command under the filter.  The
 * end-to-end tests build it themselves with cc and libseccomp:
 *
 *   cc -o c-filter c-filter-main.c emitted.c \
 *           $(pkg-config --cflags --libs libseccomp)
 *   c-filter CMD [ARG...]
 *
 * CMD is looked up in PATH before the filter is loaded (execvp would try
 * several execve calls, harmless, but also other calls the filter need
 * not allow); after install_seccomp_filter() the only syscall made is the
 * execve of CMD.
 *
 * Exit status: CMD's; 2 usage; 3 install_seccomp_filter() failed (the
 * negative errno is printed); 127 CMD could not be executed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int install_seccomp_filter(void);

/* CMD with a slash as is, else the first executable PATH entry. */
static char *resolve(const char *cmd)
{
	const char *path = getenv("PATH");
	const char *p, *end;
	char *full;
	size_t len;

	if (strchr(cmd, '/') || !path)
		return strdup(cmd);
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		len = (size_t)(end - p);
		full = malloc(len + strlen(cmd) + 3);
		if (!full)
			return NULL;
		sprintf(full, "%.*s/%s", (int)len, len ? p : ".", cmd);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
		if (!*end)
			break;
	}
	return strdup(cmd);
}

int main(int argc, char **argv)
{
	static const char msg[] = "c-filter: cannot execute the command\n";
	char *cmd;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: c-filter CMD [ARG...]\n");
		return 2;
	}
	cmd = resolve(argv[1]);
	if (!cmd) {
		fprintf(stderr, "c-filter: out of memory\n");
		return 2;
	}
	rc = install_seccomp_filter();
	if (rc != 0) {
		fprintf(stderr, "c-filter: install_seccomp_filter: %s (%d)\n",
			strerror(-rc), rc);
		return 3;
	}
	syscall(SYS_execve, cmd, argv + 1, environ);
	syscall(SYS_write, 2, msg, sizeof(msg) - 1);
	syscall(SYS_exit_group, 127);
	return 127;
}
