/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-systemd.c - `emit --format systemd`: not built yet; says so.
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_systemd(FILE *f, const struct emit_set *set)
{
	return error("emitting systemd policies is not implemented yet");
}
