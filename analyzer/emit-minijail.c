/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-minijail.c - `emit --format minijail`: not built yet; says so.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_minijail(FILE *f, const struct emit_set *set)
{
	return error("emitting minijail policies is not implemented yet");
}
