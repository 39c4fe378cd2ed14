/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-bpf.c - libFuzzer target for the seccomp BPF validator, emulator
 * and decoder (analyzer/policy/bpf.c) and the raw filter checks of lint.c: the
 * input is an array of struct sock_filter in native byte order (as a
 * bubblewrap --seccomp blob or `emit --format bpf` writes it).  When its
 * size is not a whole number of instructions, the input holds two
 * programs, split in the middle, run as a stack.  Programs that validate
 * are run on a few seccomp_data and decoded into a policy.
 */
#include "config.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "tests/fuzz/fuzz.h"

/* Decoding runs every number of every arch: cap the program length so one
 * input stays in the milliseconds.  Argument probing has its own budget
 * in bpf_decode() (about a second at worst, e.g. corpus
 * bpf/timeout-advr225, a program whose probing never finds a
 * difference). */
#define FUZZ_BPF_MAX 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t isz = sizeof(struct sock_filter);
	struct sock_filter *insns;
	struct bpf_prog progs[2];
	size_t n = size / isz, nprogs = 1, i;
	struct seccomp_data d;
	struct lint_result lr = { 0 };
	struct policy *p;
	char err[256];
	uint32_t words;
	bool valid = true;

	log_quiet = 1;
	if (n == 0 || n > 2 * FUZZ_BPF_MAX)
		return 0;
	insns = malloc(n * isz);
	if (!insns)
		abort();
	memcpy(insns, data, n * isz);
	progs[0].insns = insns;
	progs[0].len = n;
	if (size % isz && n >= 2) {
		progs[0].len = n / 2;
		progs[1].insns = insns + n / 2;
		progs[1].len = n - n / 2;
		nprogs = 2;
	}
	for (i = 0; i < nprogs; i++) {
		if (progs[i].len > FUZZ_BPF_MAX ||
		    bpf_validate(progs[i].insns, progs[i].len, err,
				 sizeof(err)) < 0) {
			valid = false;
			break;
		}
	}
	if (valid) {
		static const uint32_t arches[] = {
			AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64,
		};

		memset(&d, 0, sizeof(d));
		for (i = 0; i < 3; i++) {
			d.arch = arches[i];
			d.nr = (int)(i == 0 ? 0 : i == 1 ? 435 : 0x40000000);
			d.args[0] = (uint64_t)-1;
			d.instruction_pointer = 0x7f0000001000ull;
			action_from_seccomp(bpf_run(progs[0].insns,
						    progs[0].len, &d, &words),
					    &(struct action){ 0 });
			bpf_run_stack(progs, nprogs, &d, NULL);
		}
		for (i = 0; i < nprogs; i++) {
			if (lint_bpf(progs[i].insns, progs[i].len, "fuzz",
				     &lr) < 0)
				abort(); /* validated, yet lint refused it */
		}
		lint_result_release(&lr);
	}
	p = policy_new("fuzz", "bpf");
	if (bpf_decode(progs, nprogs, p, err, sizeof(err)) == 0 && !valid)
		abort(); /* decoded a program the validator refused */
	policy_free(p);
	free(insns);
	return 0;
}
