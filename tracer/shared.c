/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * shared.c - the helpers both recording engines use (shared.h): small
 * /proc reads, counting a process's threads, recognising our own
 * `syscensus mark` client, and signal names as strace writes them.  Each engine had a copy of its own.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tracer/shared.h"

int tracer_read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

bool tracer_is_mark_client(pid_t pid)
{
	char path[64], buf[256], *arg1;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	n = tracer_read_small(path, buf, sizeof(buf));
	if (n <= 0)
		return false;
	arg1 = memchr(buf, '\0', (size_t)n);
	return arg1 && arg1 + 1 < buf + n && !strcmp(arg1 + 1, "mark");
}

int tracer_count_threads(pid_t tgid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

const char *tracer_signal_name(int sig, char *buf, size_t size)
{
	const char *abbrev = sig > 0 && sig < 32 ? sigabbrev_np(sig) : NULL;

	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else if (sig == 32)
		snprintf(buf, size, "SIGRTMIN");
	else if (sig > 32 && sig <= 64)
		snprintf(buf, size, "SIGRT_%d", sig - 32);
	else
		snprintf(buf, size, "SIG%d", sig);
	return buf;
}
