/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * stacks.c - a tracee built with -g whose only sysinfo() call is made from
 * a function with a distinctive name, so `record --stacks` must name
 * syscensus_tracee_needs_sysinfo as the caller.
 */
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

__attribute__((noinline)) long syscensus_tracee_needs_sysinfo(void);

__attribute__((noinline)) long syscensus_tracee_needs_sysinfo(void)
{
	struct sysinfo si;
	long r = syscall(SYS_sysinfo, &si);

	__asm__ volatile("" ::: "memory"); /* no tail call */
	return r;
}

int main(void)
{
	return syscensus_tracee_needs_sysinfo() == 0 ? 0 : 1;
}
