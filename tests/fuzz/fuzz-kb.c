/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-kb.c - libFuzzer target for the knowledge-base rule parser
 * (analyzer/kb.c): the input is one rule file, written as the only *.rules
 * file of a scratch directory and loaded with kb_load().  Rules that load
 * are evaluated on a fixed selection that fires every trigger kind
 * (syscalls, path/flag/signal/handler/arg facts, a policy and arches), and
 * checked against a small policy with lint_policy_siblings().
 */
#include "config.h"

#include <sys/stat.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "tests/fuzz/fuzz.h"

static char kb_dir_path[128], kb_file_path[160];

static const char *const observed[] = {
	"clone", "close", "execve", "futex", "openat", "read",
	"rt_sigaction", "socket", "write",
};

static const struct kb_fact facts[] = {
	{ "path", "/etc/ld.so.cache", "openat" },
	{ "flag", "CLONE_THREAD", "clone" },
	{ "signal", "SIGTERM", NULL },
	{ "handler", "SIGINT", "rt_sigaction" },
	{ "arg", "0=AF_UNIX", "socket" },
};

static void use_kb(const struct kb *kb)
{
	struct policy *p = policy_new("fuzz", "list");
	const struct action allow = { ACTION_ALLOW, 0 };
	const uint32_t arches[] = { arch_native() };
	struct kb_input in = {
		observed, sizeof(observed) / sizeof(observed[0]),
		facts, sizeof(facts) / sizeof(facts[0]),
		p, arches, 1,
	};
	struct lint_result lr = { 0 };
	struct kb_flag *flags = NULL;
	size_t nflags = 0, i;

	p->default_action.kind = ACTION_KILL_PROCESS;
	for (i = 0; i < in.nsyscalls; i++)
		policy_add_rule(p, observed[i], 0, allow);
	if (kb_evaluate(kb, &in, &flags, &nflags) == 0)
		kb_flags_free(flags, nflags);
	lint_policy_siblings(p, kb, &lr);
	lint_result_release(&lr);
	kb_rule_count(kb);
	policy_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error pe;
	struct kb *kb;
	FILE *f;

	log_quiet = 1;
	if (!*kb_dir_path) {
		snprintf(kb_dir_path, sizeof(kb_dir_path), "%s/kb",
			 fuzz_dir());
		snprintf(kb_file_path, sizeof(kb_file_path), "%s/fuzz.rules",
			 kb_dir_path);
		if (mkdir(kb_dir_path, 0700) < 0)
			abort();
	}
	f = fopen(kb_file_path, "we");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
		abort();
	memset(&pe, 0, sizeof(pe));
	kb = kb_load(kb_dir_path, &pe);
	if (kb) {
		use_kb(kb);
		kb_free(kb);
	} else if (!pe.msg[0]) {
		abort(); /* kb_load failed without saying why */
	}
	return 0;
}
