/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-judge.h - a policy judging live syscalls, for `verify` and
 * `record --guard` (analyzer/policy-judge.c).
 */
#ifndef SYSCENSUS_POLICY_JUDGE_H
#define SYSCENSUS_POLICY_JUDGE_H

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"

/*
 * Whether p allows syscall (a libseccomp name) on arch with these six
 * argument values, as the kernel would: a raw BPF policy runs its program
 * (the BPF emulator), any other is evaluated with policy_eval() on the
 * real arguments.  When it does not, *err is the errno the policy gives
 * (EPERM when it gives none).  A call that only libseccomp's rule order
 * would decide counts as denied (the safe side).
 */
bool policy_judge(const struct policy *p, uint32_t arch, const char *syscall,
		  const uint64_t *args, int *err);

/*
 * The native syscall numbers p allows whatever the arguments (the calls a
 * guard filter lets run in the kernel), malloc'd into *out (caller frees;
 * *n of them).  Returns 0.
 */
int policy_allow_list(const struct policy *p, int **out, size_t *n);

#endif
