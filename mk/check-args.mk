# SPDX-License-Identifier: LGPL-2.1-or-later
# check-args area (issue 4): sources, tests and data (included by Makefile.am).
#
# `check` judges a syscall the policy allows for some argument values only
# from the trace's decisive-argument facts (analyzer/diff.c, policy_eval()
# in analyzer/policy/policy.c, both built by mk/policy.mk).

check_PROGRAMS += tests/unit/t-policy-eval
tests_unit_t_policy_eval_SOURCES = tests/unit/t-policy-eval.c
tests_unit_t_policy_eval_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_policy_eval_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-policy-eval

# A tracee whose decisive arguments the tests choose (built like every
# tracee: no sanitizers).
check_PROGRAMS += tests/tracees/chkargs
tests_tracees_chkargs_SOURCES = tests/tracees/chkargs.c
tests_tracees_chkargs_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_chkargs_LDFLAGS =

