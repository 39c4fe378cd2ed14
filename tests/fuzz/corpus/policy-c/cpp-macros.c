#include <seccomp.h>
#include <stdio.h>
#define ALLOW(x) seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(x), 0)
static const char *doc = "seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ptrace), 0)";
int f(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	ALLOW(read);
#if 0
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mount), 0);
#endif
#ifdef NOT_DEFINED
	ALLOW(reboot);
#else
	ALLOW(write);
#endif
	  ALLOW(close);
	return 0;
}
