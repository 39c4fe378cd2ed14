/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * imp-thread-exec.c - a tracee that calls execve from a thread that is
 * not the leader (strace prints "+++ superseded by execve in pid N +++"
 * under -f and "<pid changed to N ...>" under -ff).
 */
#include <pthread.h>
#include <unistd.h>

static void *run(void *arg)
{
	(void)arg;
	execl("/bin/true", "true", (char *)NULL);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, run, NULL);
	pthread_join(t, NULL);
	return 1;
}
