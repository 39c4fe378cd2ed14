/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-fix.c - the fixture library of t-reach.c: functions written in
 * assembly so each shows one pattern the static-reach scanner must read
 * (numbers in eax, constants across blocks, wrappers, tail calls, int 0x80,
 * indirect calls), plus versioned symbols (reach-fix.map) and imports from
 * libc through the PLT.  Built with -shared, never run.
 */
#include <unistd.h>
#include <sys/syscall.h>

__asm__(
	".text\n"
	/* getpid: the number in eax right before the instruction */
	".globl f_const\n.type f_const,@function\n"
	"f_const:\n\tmov $39, %eax\n\tsyscall\n\tret\n"
	".size f_const, .-f_const\n"
	/* writev: hoisted out of a retry loop into r9d (one write) */
	".globl f_hoist\n.type f_hoist,@function\n"
	"f_hoist:\n\tmov $20, %r9d\n"
	"1:\tmov %r9d, %eax\n\tsyscall\n\tcmp $-4, %rax\n\tje 1b\n\tret\n"
	".size f_hoist, .-f_hoist\n"
	/* read or write: two constant writes of r8d, joined in a block */
	".globl f_two\n.type f_two,@function\n"
	"f_two:\n\ttest %edi, %edi\n\tje 2f\n\tmov $1, %r8d\n\tjmp 3f\n"
	"2:\txor %r8d, %r8d\n"
	"3:\tmov %r8d, %eax\n\tsyscall\n\tret\n"
	".size f_two, .-f_two\n"
	/* a syscall()-like wrapper: the number is the first argument */
	".globl f_wrapper\n.type f_wrapper,@function\n"
	"f_wrapper:\n\tmov %rdi, %rax\n\tmov %rsi, %rdi\n\tsyscall\n\tret\n"
	".size f_wrapper, .-f_wrapper\n"
	/* exit (60) through the wrapper: a syscall of the caller */
	".globl f_calls_wrapper\n.type f_calls_wrapper,@function\n"
	"f_calls_wrapper:\n\tmov $60, %edi\n\tcall f_wrapper\n\tret\n"
	".size f_calls_wrapper, .-f_calls_wrapper\n"
	/* a number loaded from memory: not constant */
	".globl f_nonconst\n.type f_nonconst,@function\n"
	"f_nonconst:\n\tmov 8(%rsp), %eax\n\tsyscall\n\tret\n"
	".size f_nonconst, .-f_nonconst\n"
	/* a tail call: f_const's getpid is f_tail's own (direct) */
	".globl f_tail\n.type f_tail,@function\n"
	"f_tail:\n\tjmp f_const\n"
	".size f_tail, .-f_tail\n"
	/* a call: f_const's getpid is reach of f_outer, not direct */
	".globl f_outer\n.type f_outer,@function\n"
	"f_outer:\n\tsub $8, %rsp\n\tcall f_const\n\tadd $8, %rsp\n"
	"\tmov $102, %eax\n\tsyscall\n\tret\n"
	".size f_outer, .-f_outer\n"
	/* int 0x80 with eax = 1: i386 exit */
	".globl f_int80\n.type f_int80,@function\n"
	"f_int80:\n\tmov $1, %eax\n\tint $0x80\n\tret\n"
	".size f_int80, .-f_int80\n"
	/* an indirect call: counted, not followed */
	".globl f_indirect\n.type f_indirect,@function\n"
	"f_indirect:\n\tsub $8, %rsp\n\tcall *%rdi\n\tadd $8, %rsp\n\tret\n"
	".size f_indirect, .-f_indirect\n"
	/* two versions of pick: getppid at V_1, gettid (186) at V_2 */
	".globl pick_v1\n.type pick_v1,@function\n"
	"pick_v1:\n\tmov $110, %eax\n\tsyscall\n\tret\n"
	".size pick_v1, .-pick_v1\n"
	".globl pick_v2\n.type pick_v2,@function\n"
	"pick_v2:\n\tmov $186, %eax\n\tsyscall\n\tret\n"
	".size pick_v2, .-pick_v2\n"
	".symver pick_v1, pick@V_1\n"
	".symver pick_v2, pick@@V_2\n");

/* Runs at load (getgid, 104): a root of the "<load>" pseudo-export. */
__attribute__((constructor)) static void fix_init(void)
{
	register long rax __asm__("rax") = 104;

	__asm__ volatile("syscall" : "+r"(rax) : : "rcx", "r11", "memory");
}

/* An imported function's address stored in data (R_X86_64_64). */
int (*const fix_table[])(int) = { fsync };

/* Imports from libc through the PLT. */
int f_plt(void)
{
	return getpid() + (int)syscall(SYS_sync);
}
