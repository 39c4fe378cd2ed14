/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-c.c - `emit --format c`: not built yet; says so.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_c(FILE *f, const struct emit_set *set)
{
	return error("emitting c policies is not implemented yet");
}
