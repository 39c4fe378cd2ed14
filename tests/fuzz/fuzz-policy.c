/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-policy.c - libFuzzer target for one policy reader
 * (analyzer/policy-<format>.c), the format chosen at build time with
 * -DFUZZ_POLICY_FORMAT='"list"' (systemd, oci, minijail, c, bpf): the
 * input is a whole policy file, handed to the reader as policy_read()
 * hands it (NUL-terminated, len counting every byte, NUL bytes included:
 * an explicit --format reaches the reader with them).  A policy that
 * reads is then used as the commands use it: every rule's action named,
 * a few lookups, and lint_policy() over the model.
 */
#include "config.h"

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "tests/fuzz/fuzz.h"

#ifndef FUZZ_POLICY_FORMAT
#error "build with -DFUZZ_POLICY_FORMAT='\"list\"' (or another format)"
#endif

static void use_policy(const struct policy *p)
{
	static const char *const probes[] = { "read", "openat", "clone3",
					      "execve", "socket" };
	struct lint_opts lo = { "production" };
	struct lint_result lr = { 0 };
	struct action act;
	char buf[32];
	size_t i;

	action_name(&p->default_action, buf);
	for (i = 0; i < p->nrules; i++) {
		action_name(&p->rules[i].action, buf);
		if (!p->rules[i].syscall || p->rules[i].nconds > 6)
			abort();
	}
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		policy_lookup(p, arch_native(), probes[i], &act);
		if (p->narches)
			policy_lookup(p, p->arches[0], probes[i], &act);
	}
	lint_policy(p, &lo, &lr);
	lint_worst(&lr);
	lint_result_release(&lr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error pe;
	struct policy *p = policy_new("fuzz", FUZZ_POLICY_FORMAT);
	char *text = fuzz_strdup(data, size);

	log_quiet = 1;
	memset(&pe, 0, sizeof(pe));
	if (policy_reader(FUZZ_POLICY_FORMAT)("fuzz", text, size, p, &pe) == 0)
		use_policy(p);
	else if (!pe.msg[0])
		abort(); /* a reader failed without saying why */
	policy_free(p);
	free(text);
	return 0;
}
