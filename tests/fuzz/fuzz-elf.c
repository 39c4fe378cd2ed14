/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-elf.c - libFuzzer target for the static-reach scanner's ELF reader
 * and analysis (analyzer/reach-elf.c, reach-x86.c, reach-sum.c): the input
 * is written to a scratch file and read as an ELF program; when it opens,
 * its code is disassembled, summarised, written as JSON and read back.
 * Seeds are ELF files (the test tracees, tests/unit/libreachfix.so); the
 * replay test t2506 also feeds truncations and mutations of them.
 */
#include "config.h"

#include <fcntl.h>

#include "analyzer/reach-int.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[160];
	struct relf e;
	struct rprog p;
	struct rsum s, back;
	char *json;
	FILE *f;

	log_quiet = 1;
	snprintf(path, sizeof(path), "%s/input", fuzz_dir());
	f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
		abort(); /* the harness, not a finding */
	if (relf_open(&e, path) < 0) {
		relf_release(&e);
		return 0;
	}
	if (rx86_analyse(&e, &p) == 0) {
		rsum_build(&s, &e, &p);
		json = rsum_to_json(&s);
		if (rsum_from_json(&back, json) == 0)
			rsum_release(&back);
		free(json);
		rsum_release(&s);
	}
	rprog_release(&p);
	relf_release(&e);
	return 0;
}
