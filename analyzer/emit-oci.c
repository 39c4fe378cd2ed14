/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-oci.c - `emit --format oci`: the seccomp profile of the OCI
 * runtime spec (linux.seccomp), which Docker, Podman, CRI-O and
 * Kubernetes' localhost profiles take.  Written with jansson.
 *
 * defaultAction follows --action (kill: SCMP_ACT_KILL_PROCESS; log:
 * SCMP_ACT_LOG; errno: SCMP_ACT_ERRNO with defaultErrnoRet ENOSYS plus one
 * rule returning EPERM for the known syscalls older than the newest allowed
 * one, as emit-seccomp.c explains); architectures are the set's; one
 * SCMP_ACT_ALLOW rule lists the syscalls, most frequently observed first
 * (runtimes keep the order, and libseccomp's default tree is built from it).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>

#include "analyzer/analyzer.h"

static json_t *arch_json(uint32_t arch)
{
	const char *n = arch_name(arch);
	char buf[64];
	size_t i, o;

	if (!n)
		return NULL;
	o = (size_t)snprintf(buf, sizeof(buf), "SCMP_ARCH_");
	for (i = 0; n[i] && o + 1 < sizeof(buf); i++)
		buf[o++] = (char)toupper((unsigned char)n[i]);
	buf[o] = '\0';
	return json_string(buf);
}

int emit_oci(FILE *f, const struct emit_set *set)
{
	json_t *root = json_object(), *arches = json_array();
	json_t *syscalls = json_array(), *names = json_array(), *rule;
	char **eperm = NULL;
	size_t i;
	int ret = -1;

	switch (set->unlisted.kind) {
	case ACTION_ERRNO:
		json_object_set_new(root, "defaultAction",
				    json_string("SCMP_ACT_ERRNO"));
		json_object_set_new(root, "defaultErrnoRet",
				    json_integer(ENOSYS));
		break;
	case ACTION_LOG:
		json_object_set_new(root, "defaultAction",
				    json_string("SCMP_ACT_LOG"));
		break;
	default:
		json_object_set_new(root, "defaultAction",
				    json_string("SCMP_ACT_KILL_PROCESS"));
		break;
	}
	for (i = 0; i < set->narches; i++) {
		json_t *a = arch_json(set->arches[i]);

		if (a)
			json_array_append_new(arches, a);
	}
	if (!set->narches)
		json_array_append_new(arches, arch_json(arch_native()));
	json_object_set_new(root, "architectures", arches);
	for (i = 0; i < set->nitems; i++)
		json_array_append_new(names,
				      json_string(set->items[i].syscall));
	rule = json_object();
	json_object_set_new(rule, "names", names);
	json_object_set_new(rule, "action", json_string("SCMP_ACT_ALLOW"));
	json_array_append_new(syscalls, rule);
	if (set->unlisted.kind == ACTION_ERRNO) {
		int older = set->unlisted.data && set->unlisted.data != ENOSYS ?
			set->unlisted.data : EPERM;

		eperm = emit_eperm_names(set);
		if (eperm[0]) {
			names = json_array();
			for (i = 0; eperm[i]; i++)
				json_array_append_new(names,
						      json_string(eperm[i]));
			rule = json_object();
			json_object_set_new(rule, "names", names);
			json_object_set_new(rule, "action",
					    json_string("SCMP_ACT_ERRNO"));
			json_object_set_new(rule, "errnoRet",
					    json_integer(older));
			json_array_append_new(syscalls, rule);
		}
	}
	json_object_set_new(root, "syscalls", syscalls);
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ||
	    fputc('\n', f) == EOF) {
		error("cannot write the OCI profile");
		goto out;
	}
	ret = 0;
out:
	emit_names_free(eperm);
	json_decref(root);
	return ret;
}
