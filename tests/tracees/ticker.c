/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * ticker.c - a small long-running tracee for the attach tests:
 *
 *   ticker DIR         run: every 2 ms bump DIR/beat (a heartbeat
 *                      another process can watch); count SIGRTMIN+1 and
 *                      SIGHUP; on SIGTERM write the counts to DIR/counts
 *                      ("rt=N hup=N") and exit 0.  Writes DIR/pid first.
 *                      Dies of SIGALRM after 120 s, so a failed test
 *                      never leaves it behind.
 *   ticker send PID N  queue N SIGRTMIN+1 signals to PID (sigqueue),
 *                      waiting when the queue is full, never dropping one.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t rt_count, hup_count, term;

static void on_sig(int sig)
{
	if (sig == SIGRTMIN + 1)
		rt_count++;
	else if (sig == SIGHUP)
		hup_count++;
	else
		term = 1;
}

static int put(const char *dir, const char *name, const char *text)
{
	char path[4096], tmp[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return rename(tmp, path);
}

static int send_signals(pid_t pid, long n)
{
	union sigval v = { .sival_int = 0 };
	long i;

	for (i = 0; i < n; i++) {
		while (sigqueue(pid, SIGRTMIN + 1, v) < 0) {
			struct timespec ts = { 0, 1000000 };

			if (errno != EAGAIN)
				return 1;
			nanosleep(&ts, NULL);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	char buf[128];
	long beat = 0;

	if (argc == 4 && !strcmp(argv[1], "send"))
		return send_signals((pid_t)atoi(argv[2]), atol(argv[3]));
	if (argc != 2) {
		fprintf(stderr, "usage: ticker DIR | ticker send PID N\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN + 1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (put(argv[1], "pid", buf) < 0)
		return 1;
	alarm(120);
	while (!term) {
		struct timespec ts = { 0, 2000000 };

		snprintf(buf, sizeof(buf), "%ld\n", ++beat);
		put(argv[1], "beat", buf);
		nanosleep(&ts, NULL);
	}
	snprintf(buf, sizeof(buf), "rt=%d hup=%d\n", (int)rt_count,
		 (int)hup_count);
	return put(argv[1], "counts", buf) < 0;
}
