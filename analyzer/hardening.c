/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hardening.c - placeholder
 */
#include "config.h"

#include "analyzer/analyzer.h"

int emit_hardening(FILE *f, const struct emit_set *set)
{
	(void)f;
	(void)set;
	return error("not yet");
}
