/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-oci.c - `emit --format oci`: not built yet; says so.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_oci(FILE *f, const struct emit_set *set)
{
	return error("emitting oci policies is not implemented yet");
}
