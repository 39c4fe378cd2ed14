/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-calls.c - a program whose code reaches uname, getrusage and chown
 * but calls them only when given an argument: what a trace of the plain
 * run never sees and static reach does.  The static-reach tests record it
 * without the argument, then run it with the argument under the emitted
 * filter.
 *
 *   reach-calls          prints "survived"
 *   reach-calls admin    also uname(), getrusage(RUSAGE_SELF) and
 *                        chown(".", -1, -1) (changes nothing), each
 *                        result printed ("uname 0"), then "survived"
 *
 * Built three ways (mk/reachuse.mk): dynamic (the program imports the libc
 * wrappers: uname@GLIBC_2.2.5 ...), and, by the tests when the toolchain
 * can, with `-static` (the wrappers are linked in), and with -DRAW_SYSCALL
 * (x86_64 only: the program holds the `syscall` instructions itself, with
 * constant numbers in eax).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifdef RAW_SYSCALL
#if !defined(__x86_64__)
#error "RAW_SYSCALL is x86_64 only"
#endif
/* __NR_uname 63, __NR_getrusage 98, __NR_chown 92 on x86_64: constants in
 * eax right before each instruction, as a scanner's backward slice
 * expects. */
static long raw_uname(struct utsname *u)
{
	long ret;

	__asm__ volatile("movl $63, %%eax\n\tsyscall"
			 : "=a"(ret) : "D"(u) : "rcx", "r11", "memory");
	return ret;
}

static long raw_getrusage(int who, struct rusage *ru)
{
	long ret;

	__asm__ volatile("movl $98, %%eax\n\tsyscall"
			 : "=a"(ret) : "D"((long)who), "S"(ru)
			 : "rcx", "r11", "memory");
	return ret;
}

static long raw_chown(const char *path, long uid, long gid)
{
	long ret;

	__asm__ volatile("movl $92, %%eax\n\tsyscall"
			 : "=a"(ret) : "D"(path), "S"(uid), "d"(gid)
			 : "rcx", "r11", "memory");
	return ret;
}
#define do_uname raw_uname
#define do_getrusage raw_getrusage
#define do_chown(p) raw_chown(p, -1, -1)
#else
#define do_uname uname
#define do_getrusage getrusage
#define do_chown(p) chown(p, (uid_t)-1, (gid_t)-1)
#endif

int main(int argc, char **argv)
{
	/* one line at a time: a run killed between calls shows which ran */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "admin")) {
		struct utsname u;
		struct rusage ru;

		printf("uname %ld\n", (long)do_uname(&u));
		printf("getrusage %ld\n", (long)do_getrusage(RUSAGE_SELF, &ru));
		printf("chown %ld\n", (long)do_chown("."));
	}
	puts("survived");
	return fflush(stdout) ? 1 : 0;
}
