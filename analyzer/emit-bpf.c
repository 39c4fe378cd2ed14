/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-bpf.c - `emit --format bpf`: not built yet; says so.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_bpf(FILE *f, const struct emit_set *set)
{
	return error("emitting bpf policies is not implemented yet");
}
