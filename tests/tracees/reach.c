/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach.c - a tracee for static reach (syscensus scan): it calls uname,
 * getrusage and chown only when given an argument, so a trace of it run
 * without one never sees them while its code plainly reaches them.
 *
 *   reach [PATH]      with PATH: uname(), getrusage(), chown(PATH, -1, -1)
 *
 * Built three ways: dynamic (libc's thin wrappers, imported), static
 * (gcc -static: the wrappers are in the binary) and, with -DRAW_SYSCALL,
 * with the syscall instructions written inline in main.  Exits 0 when
 * every call it made succeeded.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifdef RAW_SYSCALL
static long raw3(long nr, long a, long b, long c)
{
	register long rax __asm__("rax") = nr;
	register long rdi __asm__("rdi") = a;
	register long rsi __asm__("rsi") = b;
	register long rdx __asm__("rdx") = c;

	__asm__ volatile("syscall"
			 : "+r"(rax)
			 : "r"(rdi), "r"(rsi), "r"(rdx)
			 : "rcx", "r11", "memory");
	return rax;
}
/* Each number a constant at its own syscall instruction. */
#define do_uname(u) raw_uname(u)
#define do_getrusage(w, r) raw_getrusage(w, r)
#define do_chown(p) raw_chown(p)
static __attribute__((noinline)) long raw_uname(struct utsname *u)
{
	register long rax __asm__("rax") = SYS_uname;
	register long rdi __asm__("rdi") = (long)u;

	__asm__ volatile("syscall" : "+r"(rax) : "r"(rdi) : "rcx", "r11",
			 "memory");
	return rax;
}
static __attribute__((noinline)) long raw_getrusage(int who, struct rusage *r)
{
	return raw3(SYS_getrusage, who, (long)r, 0) == 0 ? 0 : -1;
}
static __attribute__((noinline)) long raw_chown(const char *p)
{
	register long rax __asm__("rax") = SYS_chown;
	register long rdi __asm__("rdi") = (long)p;
	register long rsi __asm__("rsi") = -1;
	register long rdx __asm__("rdx") = -1;

	__asm__ volatile("syscall" : "+r"(rax) : "r"(rdi), "r"(rsi), "r"(rdx)
			 : "rcx", "r11", "memory");
	return rax;
}
#else
#define do_uname(u) uname(u)
#define do_getrusage(w, r) getrusage(w, r)
#define do_chown(p) chown(p, (uid_t)-1, (gid_t)-1)
#endif

int main(int argc, char **argv)
{
	struct utsname u;
	struct rusage ru;
	int bad = 0;

	if (argc < 2)
		return 0;
	bad |= do_uname(&u) != 0;
	bad |= do_getrusage(RUSAGE_SELF, &ru) != 0;
	bad |= do_chown(argv[1]) != 0;
	if (bad)
		fprintf(stderr, "reach: a call failed\n");
	return bad;
}
