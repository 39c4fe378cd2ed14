/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * int80.c - an x86_64 program making 32-bit syscalls with `int $0x80`:
 *
 *   int80 N
 *
 * makes N i386 getpid calls (number 20 on x86) and one i386 getuid (24),
 * so a tracer must record them under arch x86, not x86_64.  Exits 0 when
 * the calls worked, 3 when the kernel has no 32-bit entry (no
 * IA32_EMULATION), 4 on another machine.
 */
#include <stdlib.h>
#include <unistd.h>

#if defined(__x86_64__)
static long int80(long nr)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
	return ret;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1, i;

	for (i = 0; i < n; i++)
		if (int80(20) != getpid())
			return 3;
	if (int80(24) < 0)
		return 3;
	return 0;
}
#else
int main(void)
{
	return 4;
}
#endif
