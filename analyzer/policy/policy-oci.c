/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-oci.c - the OCI seccomp profile reader: the runtime spec's
 * linux.seccomp object (alone, or inside a whole config.json) and the
 * profiles Docker (moby) and Podman (containers/common) load: archMap,
 * includes/excludes, defaultErrnoRet, errnoRet, flags, listenerPath, "name"
 * or "names", and null wherever an array or object may be absent
 * (containers-common's default profile writes "args": null).
 *
 * The text is parsed once, with yajl (the parser crun, the C OCI runtime,
 * reads these files with).  Its callbacks build a small tree in which every
 * value keeps its line and column and every number its exact text, so
 * errors name the place of the value at fault (FILE:LINE:COL), a uint64
 * above INT64_MAX (a mask of high bits in args[].value) is read exactly,
 * and one outside uint64 is an error at its place.  Duplicate keys are
 * errors, as runtimes do not agree on which one wins.
 *
 * Conditional rules (includes/excludes) are resolved the way moby does it
 * for a default container on this host: capabilities are Docker's default
 * set (no CAP_SYS_ADMIN, CAP_SYS_PTRACE, ...), the architecture is the
 * native one and minKernel compares with the running kernel.  A rule that
 * would not apply there is dropped, so Docker's default profile reads as
 * what an unprivileged container gets (clone3 -> ENOSYS, no mount).
 * archMap contributes the native entry and its subArchitectures.
 *
 * Args follow runc: conditions on distinct arguments are AND-ed in one
 * rule; when an argument index repeats (personality == 0 or 8 or ...),
 * each condition is a rule of its own (OR).
 *
 * A syscall name libseccomp does not know is a warning at its position,
 * not an error: runtimes skip such names, and profiles list syscalls newer
 * than the local libseccomp.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <yajl/yajl_parse.h>

#include "analyzer/policy/policy.h"

/* ------------------------------------------------------- the JSON tree */

/* Deeper nesting is refused: no profile needs it, and the tree is freed
 * recursively. */
#define JSON_MAX_DEPTH 256

enum jtype { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_OBJECT, J_ARRAY };

struct jnode {
	enum jtype type;
	unsigned long line, col; /* where the value starts */
	char *key;		 /* its name in an object (owned); else NULL */
	unsigned long kline, kcol; /* where that name starts */
	char *text; /* J_STRING: the value; J_NUMBER: its text (owned) */
	struct jnode **kids; /* J_OBJECT, J_ARRAY (owned) */
	size_t nkids, alloc;
};

static void jnode_free(struct jnode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		jnode_free(n->kids[i]);
	free(n->kids);
	free(n->key);
	free(n->text);
	free(n);
}

/* What yajl's callbacks build: the tree, the open containers, and the
 * line and column of the last offset asked for (callbacks come in text
 * order, so positions are counted once over the text). */
struct jparse {
	const char *text;
	size_t len;
	yajl_handle h;
	struct jnode *root;
	struct jnode *stack[JSON_MAX_DEPTH];
	size_t depth;
	char *key; /* the member name waiting for its value */
	unsigned long kline, kcol;
	size_t prev_end; /* where the last token ended */
	size_t at;
	unsigned long line, col;
	/* why a callback stopped the parse, and where */
	char err[160];
	unsigned long eline, ecol;
};

/* Line and column of offset off (not before the last one asked for). */
static void jp_pos(struct jparse *jp, size_t off, unsigned long *line,
		   unsigned long *col)
{
	if (off < jp->at) {
		jp->at = 0;
		jp->line = jp->col = 1;
	}
	for (; jp->at < off && jp->at < jp->len; jp->at++) {
		if (jp->text[jp->at] == '\n') {
			jp->line++;
			jp->col = 1;
		} else {
			jp->col++;
		}
	}
	*line = jp->line;
	*col = jp->col;
}

/* Where the token after the last one starts (not after limit): past the
 * whitespace, ':' and ',' yajl has no callback for. */
static size_t token_start(const struct jparse *jp, size_t limit)
{
	size_t s = jp->prev_end;

	while (s < limit && jp->text[s] && strchr(" \t\r\n,:", jp->text[s]))
		s++;
	return s;
}

/* Where the token of the current callback starts. */
static void jp_token(struct jparse *jp, unsigned long *line,
		     unsigned long *col)
{
	jp_pos(jp, token_start(jp, jp->len), line, col);
	jp->prev_end = yajl_get_bytes_consumed(jp->h);
}

static int jp_fail(struct jparse *jp, unsigned long line, unsigned long col,
		   const char *msg)
{
	snprintf(jp->err, sizeof(jp->err), "%s", msg);
	jp->eline = line;
	jp->ecol = col;
	return 0; /* yajl: cancel */
}

static struct jnode *jp_add(struct jparse *jp, enum jtype t)
{
	struct jnode *n = xcalloc(1, sizeof(*n)), *parent;

	n->type = t;
	jp_token(jp, &n->line, &n->col);
	if (!jp->depth) {
		jp->root = n;
		return n;
	}
	parent = jp->stack[jp->depth - 1];
	parent->kids = xgrow(parent->kids, sizeof(*parent->kids),
			     parent->nkids + 1, &parent->alloc);
	parent->kids[parent->nkids++] = n;
	if (parent->type == J_OBJECT) {
		n->key = steal_pointer(&jp->key);
		n->kline = jp->kline;
		n->kcol = jp->kcol;
	}
	return n;
}

static int jp_null(void *ctx)
{
	jp_add(ctx, J_NULL);
	return 1;
}

static int jp_bool(void *ctx, int b)
{
	jp_add(ctx, J_BOOL)->text = xstrdup(b ? "true" : "false");
	return 1;
}

static int jp_number(void *ctx, const char *s, size_t len)
{
	jp_add(ctx, J_NUMBER)->text = xstrndup(s, len);
	return 1;
}

static int jp_string(void *ctx, const unsigned char *s, size_t len)
{
	jp_add(ctx, J_STRING)->text = xstrndup((const char *)s, len);
	return 1;
}

static int jp_key(void *ctx, const unsigned char *s, size_t len)
{
	struct jparse *jp = ctx;

	free(jp->key);
	jp->key = xstrndup((const char *)s, len);
	jp_token(jp, &jp->kline, &jp->kcol);
	return 1;
}

static int jp_open(struct jparse *jp, enum jtype t)
{
	struct jnode *n;

	if (jp->depth == JSON_MAX_DEPTH) {
		unsigned long line, col;

		jp_token(jp, &line, &col);
		return jp_fail(jp, line, col, "nested too deeply");
	}
	n = jp_add(jp, t);
	jp->stack[jp->depth++] = n;
	return 1;
}

static int jp_start_map(void *ctx)
{
	return jp_open(ctx, J_OBJECT);
}

static int jp_start_array(void *ctx)
{
	return jp_open(ctx, J_ARRAY);
}

static int key_cmp(const void *a, const void *b)
{
	const struct jnode *x = *(struct jnode *const *)a;
	const struct jnode *y = *(struct jnode *const *)b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	if (x->kline != y->kline)
		return x->kline < y->kline ? -1 : 1;
	return x->kcol < y->kcol ? -1 : x->kcol > y->kcol;
}

/* A key given twice in obj: the second one of the earliest such pair. */
static const struct jnode *jp_duplicate(const struct jnode *obj)
{
	struct jnode **v;
	const struct jnode *dup = NULL;
	size_t i;

	if (obj->nkids < 2)
		return NULL;
	v = xmalloc(obj->nkids * sizeof(*v));
	memcpy(v, obj->kids, obj->nkids * sizeof(*v));
	qsort(v, obj->nkids, sizeof(*v), key_cmp);
	for (i = 1; i < obj->nkids; i++) {
		if (strcmp(v[i - 1]->key, v[i]->key) ||
		    (i > 1 && !strcmp(v[i - 2]->key, v[i]->key)))
			continue;
		if (!dup || v[i]->kline < dup->kline ||
		    (v[i]->kline == dup->kline && v[i]->kcol < dup->kcol))
			dup = v[i];
	}
	free(v);
	return dup;
}

static int jp_close(void *ctx)
{
	struct jparse *jp = ctx;
	const struct jnode *n = jp->stack[--jp->depth], *dup;

	jp->prev_end = yajl_get_bytes_consumed(jp->h);
	if (n->type == J_OBJECT && (dup = jp_duplicate(n))) {
		char msg[160];

		snprintf(msg, sizeof(msg), "duplicate object key '%.100s'",
			 dup->key);
		return jp_fail(jp, dup->kline, dup->kcol, msg);
	}
	return 1;
}

static const yajl_callbacks jp_callbacks = {
	.yajl_null = jp_null,
	.yajl_boolean = jp_bool,
	.yajl_number = jp_number,
	.yajl_string = jp_string,
	.yajl_start_map = jp_start_map,
	.yajl_map_key = jp_key,
	.yajl_end_map = jp_close,
	.yajl_start_array = jp_start_array,
	.yajl_end_array = jp_close,
};

/*
 * Parse text into a tree (caller frees with jnode_free()), or NULL with
 * pe set at the place of the syntax error.
 */
static struct jnode *json_parse(const char *path, const char *text,
				size_t len, struct parse_error *pe)
{
	struct jparse jp;
	yajl_status st;
	struct jnode *root = NULL;

	memset(&jp, 0, sizeof(jp));
	jp.text = text;
	jp.len = len;
	jp.line = jp.col = 1;
	jp.h = yajl_alloc(&jp_callbacks, NULL, &jp);
	if (!jp.h) {
		parse_error_set(pe, path, 0, 0, "%s", "out of memory");
		return NULL;
	}
	st = yajl_parse(jp.h, (const unsigned char *)text, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(jp.h);
	if (st == yajl_status_client_canceled) {
		parse_error_set(pe, path, jp.eline, jp.ecol, "%s", jp.err);
	} else if (st != yajl_status_ok) {
		unsigned char *msg = yajl_get_error(jp.h, 0, NULL, 0);
		const char *m = (const char *)msg;
		size_t off = yajl_get_bytes_consumed(jp.h), n;
		unsigned long line, col;

		/* yajl_complete_parse() counts from 0 again: the end */
		if (jp.prev_end > off)
			off = len;
		/* yajl stops after the token at fault: its start */
		else if (off > jp.prev_end)
			off = token_start(&jp, off);
		jp_pos(&jp, off, &line, &col);
		if (!strncmp(m, "parse error: ", 13))
			m += 13;
		n = strlen(m);
		while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
			n--;
		parse_error_set(pe, path, line, col, "%.*s", (int)n, m);
		yajl_free_error(jp.h, msg);
	} else {
		root = steal_pointer(&jp.root);
	}
	yajl_free(jp.h);
	jnode_free(jp.root);
	free(jp.key);
	return root;
}

/* Member key of obj, or NULL (also when obj is no object). */
static const struct jnode *jget(const struct jnode *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != J_OBJECT)
		return NULL;
	for (i = 0; i < obj->nkids; i++)
		if (!strcmp(obj->kids[i]->key, key))
			return obj->kids[i];
	return NULL;
}

/* null is how Go runtimes write an absent array or object */
static bool jabsent(const struct jnode *n)
{
	return !n || n->type == J_NULL;
}

static const char *jstr(const struct jnode *n)
{
	return n && n->type == J_STRING ? n->text : NULL;
}

/* A number's exact integer value: 0, or -1 if it is not an integer and
 * -ERANGE if it is one outside int64 and uint64.  Negative ones wrap to
 * uint64, as runc's did; *neg says which. */
static int jint(const struct jnode *n, uint64_t *v, bool *neg)
{
	const char *s;
	char *end;

	if (!n || n->type != J_NUMBER)
		return -1;
	s = n->text;
	if (strpbrk(s, ".eE"))
		return -1;
	errno = 0;
	*neg = *s == '-';
	if (*neg)
		*v = (uint64_t)strtoll(s, &end, 10);
	else
		*v = strtoull(s, &end, 10);
	if (*end)
		return -1;
	return errno == ERANGE ? -ERANGE : 0;
}

/* ------------------------------------------------------------- values */

struct oci {
	const char *path;
	struct parse_error *pe;
	struct policy *p;
	size_t nunknown;
	char first_unknown[600];
};

static int oci_error(struct oci *o, const struct jnode *at, const char *fmt,
		     ...) ATTR_PRINTF(3, 4);
static int oci_error(struct oci *o, const struct jnode *at, const char *fmt,
		     ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	parse_error_set(o->pe, o->path, at ? at->line : 0, at ? at->col : 0,
			"%s", msg);
	return -1;
}

/* An integer lo..hi in *v, or an error at n saying what must be. */
static int oci_int(struct oci *o, const struct jnode *n, const char *what,
		   long long lo, long long hi, long long *v)
{
	uint64_t u;
	bool neg;

	if (jint(n, &u, &neg) < 0 || (neg ? (int64_t)u < lo :
				       u > (uint64_t)hi))
		return oci_error(o, n, "%s must be an integer %lld..%lld",
				 what, lo, hi);
	*v = neg ? (long long)(int64_t)u : (long long)u;
	return 0;
}

static int oci_action(struct oci *o, const struct jnode *v,
		      const struct jnode *ret, int def_errno,
		      struct action *a)
{
	static const struct {
		const char *name;
		enum action_kind kind;
	} names[] = {
		{ "SCMP_ACT_ALLOW", ACTION_ALLOW },
		{ "SCMP_ACT_ERRNO", ACTION_ERRNO },
		{ "SCMP_ACT_KILL", ACTION_KILL_THREAD },
		{ "SCMP_ACT_KILL_THREAD", ACTION_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", ACTION_KILL_PROCESS },
		{ "SCMP_ACT_TRAP", ACTION_TRAP },
		{ "SCMP_ACT_TRACE", ACTION_TRACE },
		{ "SCMP_ACT_LOG", ACTION_LOG },
		{ "SCMP_ACT_NOTIFY", ACTION_NOTIFY },
	};
	const char *s = jstr(v);
	long long data = 0;
	size_t i;

	if (!s)
		return oci_error(o, v, "%s must be a string like "
				 "SCMP_ACT_ALLOW", "the action");
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i].name))
			break;
	if (i == ARRAY_SIZE(names))
		return oci_error(o, v, "unknown action '%s'", s);
	a->kind = names[i].kind;
	a->data = 0;
	if (a->kind == ACTION_ERRNO || a->kind == ACTION_TRACE) {
		/* SECCOMP_RET_DATA: 16 bits */
		if (!jabsent(ret) &&
		    oci_int(o, ret, "errnoRet", 0, 0xffff, &data) < 0)
			return -1;
		a->data = !jabsent(ret) ? (int)data :
			(a->kind == ACTION_ERRNO ? def_errno : 0);
	}
	return 0;
}

/* Docker's default capability set (moby oci/caps/defaults.go). */
static const char *const default_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
	"CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
	"CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
	"CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
};

static bool has_cap(const char *cap)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(default_caps); i++)
		if (!strcmp(default_caps[i], cap))
			return true;
	return false;
}

/* moby's arch names ("amd64", "386", "arm64", "x32"...) or libseccomp's. */
static uint32_t any_arch(const char *name)
{
	if (!strcmp(name, "386"))
		return arch_from_name("x86");
	if (!strcmp(name, "mips64le"))
		return arch_from_name("mipsel64");
	if (!strcmp(name, "mipsle"))
		return arch_from_name("mipsel");
	return arch_from_name(name);
}

static bool kernel_at_least(const char *want)
{
	struct utsname u;
	unsigned a = 0, b = 0, x = 0, y = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) < 1 ||
	    sscanf(want, "%u.%u", &x, &y) < 1)
		return true;
	return a > x || (a == x && b >= y);
}

/* Does array n (absent, null: none) name the native arch? */
static bool any_native(const struct jnode *n)
{
	size_t i;

	for (i = 0; n && n->type == J_ARRAY && i < n->nkids; i++)
		if (jstr(n->kids[i]) &&
		    any_arch(n->kids[i]->text) == arch_native())
			return true;
	return false;
}

static bool jarray_nonempty(const struct jnode *n)
{
	return n && n->type == J_ARRAY && n->nkids;
}

/* Does includes/excludes of rule keep it for a default container?  (moby
 * profiles/seccomp/seccomp_linux.go: excludes first, then includes.) */
static bool rule_applies(const struct jnode *rule)
{
	const struct jnode *inc = jget(rule, "includes");
	const struct jnode *exc = jget(rule, "excludes");
	const struct jnode *v;
	size_t i;

	if (exc && exc->type == J_OBJECT) {
		if (any_native(jget(exc, "arches")))
			return false;
		v = jget(exc, "caps");
		for (i = 0; v && v->type == J_ARRAY && i < v->nkids; i++)
			if (jstr(v->kids[i]) && has_cap(v->kids[i]->text))
				return false;
		v = jget(exc, "minKernel");
		if (jstr(v) && kernel_at_least(v->text))
			return false;
	}
	if (inc && inc->type == J_OBJECT) {
		v = jget(inc, "arches");
		if (jarray_nonempty(v) && !any_native(v))
			return false;
		v = jget(inc, "caps");
		for (i = 0; v && v->type == J_ARRAY && i < v->nkids; i++)
			if (!jstr(v->kids[i]) || !has_cap(v->kids[i]->text))
				return false;
		v = jget(inc, "minKernel");
		if (jstr(v) && !kernel_at_least(v->text))
			return false;
	}
	return true;
}

/* Check that n is absent, null or an object (what); -1 after an error. */
static int want_object(struct oci *o, const struct jnode *n, const char *what)
{
	if (!jabsent(n) && n->type != J_OBJECT)
		return oci_error(o, n, "%s must be an object", what);
	return 0;
}

/* Check that n is absent, null or an array of strings (what). */
static int want_strings(struct oci *o, const struct jnode *n,
			const char *what)
{
	size_t i;

	if (jabsent(n))
		return 0;
	if (n->type != J_ARRAY)
		return oci_error(o, n, "%s must be an array of strings", what);
	for (i = 0; i < n->nkids; i++)
		if (!jstr(n->kids[i]))
			return oci_error(o, n->kids[i], "%s must be an array "
					 "of strings", what);
	return 0;
}

static int want_string(struct oci *o, const struct jnode *n, const char *what)
{
	if (!jabsent(n) && !jstr(n))
		return oci_error(o, n, "%s must be a string", what);
	return 0;
}

/* includes or excludes: the shape moby reads (caps, arches, minKernel) */
static int oci_filter(struct oci *o, const struct jnode *n, const char *what)
{
	if (want_object(o, n, what) < 0 ||
	    want_strings(o, jget(n, "caps"), "caps") < 0 ||
	    want_strings(o, jget(n, "arches"), "arches") < 0 ||
	    want_string(o, jget(n, "minKernel"), "minKernel") < 0)
		return -1;
	return 0;
}

/* value or valueTwo of an argument (absent: 0) */
static int arg_value(struct oci *o, const struct jnode *v, uint64_t *out)
{
	bool neg;
	int rc;

	*out = 0;
	if (jabsent(v))
		return 0;
	rc = jint(v, out, &neg);
	if (rc == -ERANGE)
		return oci_error(o, v, "integer %.60s is outside uint64 "
				 "(0..18446744073709551615)", v->text);
	if (rc < 0)
		return oci_error(o, v, "%s must be an integer", "the value");
	return 0;
}

static int oci_arg(struct oci *o, const struct jnode *a, struct arg_cond *c)
{
	const struct jnode *idx = jget(a, "index"), *op = jget(a, "op");
	long long index;

	memset(c, 0, sizeof(*c));
	if (!a || a->type != J_OBJECT)
		return oci_error(o, a, "%s must be an object", "an argument");
	if (oci_int(o, idx ? idx : a, "index", 0, 5, &index) < 0)
		return -1;
	c->index = (unsigned)index;
	if (!jstr(op) ||
	    arg_op_from_scmp_name(op->text, strlen(op->text), &c->op) < 0)
		return oci_error(o, op ? op : a, "unknown comparison '%s'",
				 jstr(op) ? op->text : "(none)");
	if (arg_value(o, jget(a, "value"), &c->value) < 0 ||
	    arg_value(o, jget(a, "valueTwo"), &c->value2) < 0)
		return -1;
	return 0;
}

static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static int oci_name(struct oci *o, const struct jnode *v, struct action act,
		    const struct arg_cond *conds, size_t nconds, bool repeat)
{
	const char *n = jstr(v);
	struct policy_rule *r;
	size_t j;

	if (!n || !name_ok(n))
		return oci_error(o, v, "'%s' is not a syscall name",
				 n ? n : "(not a string)");
	if (!syscall_name_known(n) && o->nunknown++ == 0)
		snprintf(o->first_unknown, sizeof(o->first_unknown),
			 "%s:%lu:%lu: '%s'", o->path, v->line, v->col, n);
	/* repeated index: one rule per condition (OR), else one rule */
	for (j = 0; j < (repeat ? nconds : 1); j++) {
		size_t k, first = repeat ? j : 0;
		size_t last = repeat ? j + 1 : nconds;

		r = policy_add_rule(o->p, n, 0, act);
		for (k = first; k < last; k++)
			policy_rule_add_cond(r, &conds[k]);
		r->file = xstrdup(o->path);
		r->line = v->line;
		r->col = v->col;
	}
	return 0;
}

static int oci_rule(struct oci *o, const struct jnode *rule, int def_errno)
{
	const struct jnode *names = jget(rule, "names");
	const struct jnode *name = jget(rule, "name");
	const struct jnode *args = jget(rule, "args");
	const struct jnode *action = jget(rule, "action");
	struct arg_cond conds[16];
	size_t nconds = 0, i, j;
	bool repeat = false;
	struct action act;

	if (!rule || rule->type != J_OBJECT)
		return oci_error(o, rule, "%s must be an object",
				 "a syscalls entry");
	if (oci_filter(o, jget(rule, "includes"), "includes") < 0 ||
	    oci_filter(o, jget(rule, "excludes"), "excludes") < 0 ||
	    want_string(o, jget(rule, "comment"), "comment") < 0)
		return -1;
	if (!rule_applies(rule))
		return 0;
	if (jabsent(action))
		return oci_error(o, action ? action : rule, "%s has no action",
				 "a syscalls entry");
	if (oci_action(o, action, jget(rule, "errnoRet"), def_errno, &act))
		return -1;
	if (!jabsent(args) && args->type != J_ARRAY)
		return oci_error(o, args, "%s must be an array", "args");
	for (i = 0; !jabsent(args) && i < args->nkids; i++) {
		if (nconds == ARRAY_SIZE(conds))
			return oci_error(o, args->kids[i], "%s",
					 "too many args");
		if (oci_arg(o, args->kids[i], &conds[nconds]) < 0)
			return -1;
		for (j = 0; j < nconds; j++)
			if (conds[j].index == conds[nconds].index)
				repeat = true;
		nconds++;
	}
	/* moby: "name" or "names", not both */
	if (!jabsent(name) && !jabsent(names) &&
	    (names->type != J_ARRAY || names->nkids))
		return oci_error(o, name, "%s", "both 'name' and 'names': use "
				 "one of them");
	if (!jabsent(name))
		return oci_name(o, name, act, conds, nconds, repeat);
	if (jabsent(names) || names->type != J_ARRAY)
		return oci_error(o, names ? names : rule, "%s must be an array "
				 "of syscall names", "names");
	for (i = 0; i < names->nkids; i++)
		if (oci_name(o, names->kids[i], act, conds, nconds, repeat) < 0)
			return -1;
	return 0;
}

static int add_arch(struct oci *o, const struct jnode *v)
{
	uint32_t t = jstr(v) ? any_arch(v->text) : 0;
	size_t i;

	if (!t)
		return oci_error(o, v, "unknown architecture '%s'",
				 jstr(v) ? v->text : "(not a string)");
	for (i = 0; i < o->p->narches; i++)
		if (o->p->arches[i] == t)
			return 0;
	o->p->arches = xrealloc(o->p->arches,
				(o->p->narches + 1) * sizeof(*o->p->arches));
	o->p->arches[o->p->narches++] = t;
	return 0;
}

/* archMap: the native entry and its subArchitectures (moby) */
static int oci_archmap(struct oci *o, const struct jnode *map)
{
	size_t i, k;

	if (jabsent(map))
		return 0;
	if (map->type != J_ARRAY)
		return oci_error(o, map, "%s must be an array", "archMap");
	for (i = 0; i < map->nkids; i++) {
		const struct jnode *e = map->kids[i];
		const struct jnode *a = jget(e, "architecture");
		const struct jnode *subs = jget(e, "subArchitectures");

		if (!e || e->type != J_OBJECT || !jstr(a))
			return oci_error(o, a ? a : e, "%s", "an archMap entry "
					 "needs an architecture");
		if (want_strings(o, subs, "subArchitectures") < 0)
			return -1;
		if (any_arch(a->text) != arch_native())
			continue;
		if (add_arch(o, a) < 0)
			return -1;
		for (k = 0; !jabsent(subs) && k < subs->nkids; k++)
			if (add_arch(o, subs->kids[k]) < 0)
				return -1;
	}
	return 0;
}

int policy_read_oci(const char *path, const char *text, size_t len,
		    struct policy *p, struct parse_error *pe)
{
	struct oci o;
	struct jnode *root;
	const struct jnode *sc, *v, *ret_def, *lin;
	size_t i;
	long long def = EPERM;
	int ret = -1;

	memset(&o, 0, sizeof(o));
	o.path = path;
	o.pe = pe;
	o.p = p;
	root = json_parse(path, text, len, pe);
	if (!root)
		return -1;
	sc = root;
	lin = jget(root, "linux");
	if (lin && lin->type == J_OBJECT && jget(lin, "seccomp"))
		sc = jget(lin, "seccomp");
	if (sc->type != J_OBJECT) {
		oci_error(&o, sc, "%s must be a JSON object",
			  "a seccomp profile");
		goto out;
	}
	ret_def = jget(sc, "defaultErrnoRet");
	if (!jabsent(ret_def) &&
	    oci_int(&o, ret_def, "defaultErrnoRet", 0, 0xffff, &def) < 0)
		goto out;
	v = jget(sc, "defaultAction");
	if (jabsent(v)) {
		oci_error(&o, v ? v : sc, "%s",
			  "no defaultAction: not a seccomp profile");
		goto out;
	}
	if (oci_action(&o, v, ret_def, EPERM, &p->default_action))
		goto out;
	/* what the runtimes read and the model has no place for */
	if (want_strings(&o, jget(sc, "flags"), "flags") < 0 ||
	    want_string(&o, jget(sc, "listenerPath"), "listenerPath") < 0 ||
	    want_string(&o, jget(sc, "listenerMetadata"),
			"listenerMetadata") < 0)
		goto out;
	v = jget(sc, "architectures");
	if (want_strings(&o, v, "architectures") < 0)
		goto out;
	for (i = 0; !jabsent(v) && i < v->nkids; i++)
		if (add_arch(&o, v->kids[i]) < 0)
			goto out;
	if (oci_archmap(&o, jget(sc, "archMap")) < 0)
		goto out;
	v = jget(sc, "syscalls");
	if (!jabsent(v) && v->type != J_ARRAY) {
		oci_error(&o, v, "%s must be an array", "syscalls");
		goto out;
	}
	for (i = 0; !jabsent(v) && i < v->nkids; i++)
		if (oci_rule(&o, v->kids[i], (int)def) < 0)
			goto out;
	if (o.nunknown)
		warning("%s libseccomp does not know (runtimes skip them): "
			"%zu, the first at %s", o.nunknown == 1 ?
			"a syscall name" : "syscall names", o.nunknown,
			o.first_unknown);
	ret = 0;
out:
	jnode_free(root);
	return ret;
}
