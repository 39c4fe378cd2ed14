/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
/*
 * x32-probe.c - the X32 test prerequisite (tests/integration/lib.sh):
 * makes one getpid through the x32 ABI (syscall number 39 with bit 30,
 * __X32_SYSCALL_BIT, set).  Exits 0 when the kernel answers it with our
 * pid, 1 when it refuses (ENOSYS: built without CONFIG_X86_X32_ABI, or
 * x32 disabled), 4 on a machine that is not x86_64.
 */
#include <unistd.h>

#if defined(__x86_64__)
int main(void)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(0x40000000L | 39L)
			 : "rcx", "r11", "memory");
	return r == (long)getpid() ? 0 : 1;
}
#else
int main(void)
{
	return 4;
}
#endif
