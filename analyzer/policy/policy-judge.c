/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-judge.c - a policy as the judge of live syscalls.  `verify`
 * launches a command under a filter that lets the policy's
 * unconditionally allowed syscalls run in the kernel (policy_allow_list(),
 * also `record --guard`'s list) and traps the rest to the tracer, which
 * asks policy_judge() about each trapped call with its real arguments:
 * the evaluation `check` applies to the argument values a trace shows.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <linux/seccomp.h>

#include "analyzer/policy/policy-judge.h"

/* Syscall numbers probed on the native arch for the allow list. */
#define MAX_NR 1024

bool policy_judge(const struct policy *p, uint32_t arch, const char *syscall,
		  const uint64_t *args, int *err)
{
	struct action act = p->default_action;

	if (p->prog) {
		/* a raw BPF policy: its program says exactly, as the kernel */
		struct seccomp_data d;
		int nr = syscall_resolve_name(arch, syscall);
		size_t i;

		if (nr >= 0) {
			memset(&d, 0, sizeof(d));
			d.nr = nr;
			/* x32 calls reach filters as x86_64 numbers with the
			 * x32 bit, which the name resolves to */
			d.arch = arch == arch_from_name("x32") ?
				 arch_from_name("x86_64") : arch;
			for (i = 0; i < 6; i++)
				d.args[i] = args[i];
			action_from_seccomp(bpf_run(p->prog, p->prog_len, &d,
						    NULL), &act);
			if (action_allows(&act))
				return true;
			goto deny;
		}
	}

	/*
	 * Every argument is known here.  UNKNOWN can still come back when
	 * allowing and denying rules both match and only libseccomp's rule
	 * order would decide: such a call counts as denied (the safe side),
	 * with EPERM.
	 */
	if (policy_eval(p, arch, syscall, args, 0x3f, &act) ==
	    POLICY_EVAL_ALLOWED)
		return true;
deny:
	*err = act.kind == ACTION_ERRNO && act.data > 0 ? act.data : EPERM;
	return false;
}

int policy_allow_list(const struct policy *p, int **out, size_t *n)
{
	static const uint64_t zero[6];
	uint32_t native = arch_native();
	char name[SYSCALL_NAME_MAX];
	int *list = NULL, nr;
	size_t len = 0, alloc = 0;

	*out = NULL;
	*n = 0;
	if (!policy_admits_arch(p, native))
		return 0;
	for (nr = 0; nr < MAX_NR; nr++) {
		syscall_name(native, nr, name);
		if (!strncmp(name, "syscall_", 8) ||
		    syscall_resolve_name(native, name) != nr)
			continue;
		/* allowed whatever the arguments: no argument known, and
		 * still allowed (a deny list's conditional rules trap) */
		if (policy_eval(p, native, name, zero, 0, NULL) !=
		    POLICY_EVAL_ALLOWED)
			continue;
		list = xgrow(list, sizeof(*list), len + 1, &alloc);
		list[len++] = nr;
	}
	*out = list;
	*n = len;
	return 0;
}
