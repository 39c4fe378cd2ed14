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
 * With --args a syscall allowed for some argument values only gets one
 * entry per value instead (and, with errno, entries giving EPERM to the
 * other values); a "comment" member (moby's; runc ignores it) says why.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

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

/*
 * The runtime spec's value and valueTwo are uint64, jansson writes
 * int64: do c's rules (allow and complement) fit without turning
 * negative, which runc and Docker refuse?  emit_cond_rules() compares
 * the low 32 bits only, so they always do; a condition that did not
 * would stay unconditional with a note rather than be written wrong.
 */
static bool cond_fits(const struct emit_cond *c)
{
	struct arg_cond *rules = NULL;
	bool ok = true;
	size_t n, i;
	int pass;

	for (pass = 0; pass < 2 && ok; pass++) {
		n = emit_cond_rules(c, pass, &rules);
		for (i = 0; i < n; i++)
			if (rules[i].value > INT64_MAX ||
			    rules[i].value2 > INT64_MAX)
				ok = false;
		free(rules);
		rules = NULL;
	}
	return ok;
}

/*
 * --args: one entry per rule of it's condition (emit_cond_rules()), as
 * runc and moby read args: {index, value, valueTwo, op}, with
 * SCMP_CMP_MASKED_EQ's mask in value and its datum in valueTwo.  errno_ret
 * > 0 writes the complement with that errno instead of the allow rules.
 * Only for a condition cond_fits() accepts.
 */
static void cond_entries(json_t *syscalls, const struct emit_item *it,
			 const struct emit_cond *cond, int errno_ret)
{
	struct arg_cond *rules = NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t n, i;

	n = emit_cond_rules(cond, errno_ret > 0, &rules);
	for (i = 0; i < n; i++) {
		json_t *rule = json_object(), *names = json_array();
		json_t *args = json_array(), *arg = json_object();

		json_array_append_new(names, json_string(it->syscall));
		json_object_set_new(rule, "names", names);
		json_object_set_new(rule, "action", json_string(
			errno_ret > 0 ? "SCMP_ACT_ERRNO" : "SCMP_ACT_ALLOW"));
		if (errno_ret > 0)
			json_object_set_new(rule, "errnoRet",
					    json_integer(errno_ret));
		json_object_set_new(arg, "index",
				    json_integer(rules[i].index));
		json_object_set_new(arg, "value", json_integer(
			(json_int_t)rules[i].value));
		json_object_set_new(arg, "valueTwo", json_integer(
			(json_int_t)rules[i].value2));
		json_object_set_new(arg, "op",
				    json_string(arg_op_scmp_name(rules[i].op)));
		json_array_append_new(args, arg);
		json_object_set_new(rule, "args", args);
		strbuf_reset(&sb);
		if (errno_ret > 0) {
			strbuf_addstr(&sb, "--args: other values");
		} else {
			strbuf_addf(&sb, "--args: arg%u == ", rules[i].index);
			emit_cond_rule_name(&sb, cond, &rules[i]);
			strbuf_addf(&sb, " (%llu call%s)",
				    (unsigned long long)cond->calls[i],
				    cond->calls[i] == 1 ? "" : "s");
		}
		json_object_set_new(rule, "comment", json_string(sb.buf));
		json_array_append_new(syscalls, rule);
	}
	strbuf_release(&sb);
	free(rules);
}

/*
 * --rollout: one rule for the static-reach syscalls the trace never saw,
 * SCMP_ACT_LOG (or SCMP_ACT_ERRNO with its errnoRet) instead of allowed,
 * its comment saying how each is reached.
 */
static void rollout_entry(json_t *syscalls, const struct emit_set *set)
{
	json_t *names = json_array(), *rule;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < set->nitems; i++) {
		if (!emit_item_rollout(set, i))
			continue;
		json_array_append_new(names, json_string(
			set->items[i].syscall));
		strbuf_addf(&sb, "%s%s", sb.len ? "; " : "--rollout, never "
			    "observed: ", set->items[i].why ?
			    set->items[i].why : set->items[i].syscall);
	}
	if (!json_array_size(names)) {
		json_decref(names);
		strbuf_release(&sb);
		return;
	}
	rule = json_object();
	json_object_set_new(rule, "names", names);
	if (set->rollout.kind == ACTION_ERRNO) {
		json_object_set_new(rule, "action",
				    json_string("SCMP_ACT_ERRNO"));
		json_object_set_new(rule, "errnoRet", json_integer(
			set->rollout.data ? set->rollout.data : EPERM));
	} else {
		json_object_set_new(rule, "action",
				    json_string("SCMP_ACT_LOG"));
	}
	json_object_set_new(rule, "comment", json_string(sb.buf));
	json_array_append_new(syscalls, rule);
	strbuf_release(&sb);
}

int emit_oci(FILE *f, const struct emit_set *set)
{
	json_t *root = json_object(), *arches = json_array();
	json_t *syscalls = json_array(), *names = json_array(), *rule;
	char **eperm = NULL;
	const struct emit_cond **cond = xcalloc(set->nitems + 1,
						sizeof(*cond));
	bool *plain = NULL;
	struct strbuf note = STRBUF_INIT;
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
	if (emit_set_has_args(set)) {
		plain = emit_seccomp_plain(set);
		if (!plain) {
			json_decref(names);
			json_decref(syscalls);
			goto out;
		}
		for (i = 0; i < set->nitems; i++) {
			cond[i] = plain[i] ? NULL : emit_item_cond(set, i);
			if (cond[i] && !cond_fits(cond[i]))
				cond[i] = NULL;
		}
	}
	for (i = 0; i < set->nitems; i++)
		if (!cond[i] && !emit_item_rollout(set, i))
			json_array_append_new(names, json_string(
				set->items[i].syscall));
	rule = json_object();
	json_object_set_new(rule, "names", names);
	json_object_set_new(rule, "action", json_string("SCMP_ACT_ALLOW"));
	for (i = 0; i < set->nitems; i++) {
		const char *why = emit_item_args_note(set, i);

		if (!why && emit_item_cond(set, i) && !cond[i])
			why = plain[i] ? "libseccomp cannot say its condition "
			      "on every architecture of this filter" :
			      "a value above INT64_MAX, which OCI's int64 "
			      "JSON cannot hold";
		if (!why)
			continue;
		strbuf_addf(&note, "%s%s: %s", note.len ? "; " :
			    "--args: unconditional: ", set->items[i].syscall,
			    why);
	}
	if (note.len)
		json_object_set_new(rule, "comment", json_string(note.buf));
	json_array_append_new(syscalls, rule);
	rollout_entry(syscalls, set);
	for (i = 0; i < set->nitems; i++)
		if (cond[i])
			cond_entries(syscalls, &set->items[i], cond[i], 0);
	if (set->unlisted.kind == ACTION_ERRNO) {
		int older = set->unlisted.data && set->unlisted.data != ENOSYS ?
			set->unlisted.data : EPERM;

		for (i = 0; i < set->nitems; i++)
			if (cond[i])
				cond_entries(syscalls, &set->items[i],
					     cond[i], older);
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
	free(cond);
	free(plain);
	strbuf_release(&note);
	json_decref(root);
	return ret;
}
