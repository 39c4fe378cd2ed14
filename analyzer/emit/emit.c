/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit.c - the table of policy emitters.  Each format lives in
 * emit-<format>.c; this file only finds the emitter for a name.
 */
#include "config.h"

#include <string.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

static const struct {
	const char *name;
	emitter_fn fn;
} emitters[] = {
	{ "list", emit_list },
	{ "systemd", emit_systemd },
	{ "oci", emit_oci },
	{ "minijail", emit_minijail },
	{ "c", emit_c },
	{ "bpf", emit_bpf },
	{ "pfc", emit_pfc },
	{ "landlock", emit_landlock },
	{ "landlock-json", emit_landlock_json },
	{ "systemd-hardening", emit_hardening },
};

const char *const emit_formats[] = {
	"list", "systemd", "oci", "minijail", "c", "bpf", "pfc", "landlock",
	"landlock-json", "systemd-hardening", NULL,
};

int emit_write(FILE *f, const char *format, const struct emit_set *set)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(emitters); i++)
		if (!strcmp(emitters[i].name, format))
			return emitters[i].fn(f, set);
	return error("unknown emit format '%s'", format);
}

enum emit_source emit_item_source(const struct emit_set *set, size_t i)
{
	if (set->sources)
		return set->sources[i];
	return set->items[i].why ? EMIT_SIBLING : EMIT_OBSERVED;
}

bool emit_item_rollout(const struct emit_set *set, size_t i)
{
	enum emit_source src = emit_item_source(set, i);

	return set->rollout.kind != ACTION_NONE &&
	       (src == EMIT_DIRECT || src == EMIT_TRANSITIVE);
}
