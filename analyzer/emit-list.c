/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-list.c - `emit --format list`: not built yet; says so.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_list(FILE *f, const struct emit_set *set)
{
	return error("emitting list policies is not implemented yet");
}
