/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-pfc.c - `emit --format pfc`: not built yet; says so.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_pfc(FILE *f, const struct emit_set *set)
{
	return error("emitting pfc policies is not implemented yet");
}
