#include <seccomp.h>
int main(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	seccomp_arch_add(ctx, SCMP_ARCH_X86);
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(read), 0);
	seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 0);
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
			 SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
			 SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	seccomp_rule_add_exact(ctx, SCMP_ACT_TRAP, __NR_clone3, 0);
	seccomp_rule_add(ctx, SCMP_ACT_KILL_THREAD, seccomp_syscall_resolve_name("fork"), 0);
	/* comment with seccomp_rule_add( inside */
	seccomp_load(ctx);
	return 0;
}
