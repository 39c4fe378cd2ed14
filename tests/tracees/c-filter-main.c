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

#include "exec-util.h"

int install_seccomp_filter(void);

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
	return exec_filtered(cmd, argv + 1, msg, sizeof(msg) - 1);
}
