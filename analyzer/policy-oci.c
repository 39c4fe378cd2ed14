/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-oci.c - the OCI seccomp profile reader: the runtime spec's
 * linux.seccomp object (alone, or inside a whole config.json) and the
 * Docker/moby profile shape (archMap, includes/excludes), parsed with
 * jansson.
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
 * Errors are FILE:LINE:COL: jansson's for syntax, and for a bad value
 * (unknown action, architecture, operator) the position of that value,
 * found by walking the text along the value's JSON path.  A syscall name
 * libseccomp does not know is a warning at its position, not an error:
 * runtimes skip such names, and profiles list syscalls newer than the
 * local libseccomp.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "analyzer/analyzer.h"

/* ---------------------------------------------- positions of JSON values */

struct jpath {
	const char *key; /* NULL: array index */
	size_t index;
};

struct jscan {
	const char *s, *end;
};

static void js_ws(struct jscan *j)
{
	while (j->s < j->end && isspace((unsigned char)*j->s))
		j->s++;
}

static void js_skip_string(struct jscan *j)
{
	j->s++; /* the opening quote */
	while (j->s < j->end && *j->s != '"') {
		if (*j->s == '\\')
			j->s++;
		j->s++;
	}
	if (j->s < j->end)
		j->s++;
}

static void js_skip_value(struct jscan *j)
{
	int depth = 0;

	js_ws(j);
	do {
		if (j->s >= j->end)
			return;
		if (*j->s == '"') {
			js_skip_string(j);
			continue;
		}
		if (*j->s == '{' || *j->s == '[')
			depth++;
		else if (*j->s == '}' || *j->s == ']')
			depth--;
		else if (!depth &&
			 (*j->s == ',' || isspace((unsigned char)*j->s)))
			return;
		j->s++;
	} while (depth > 0 || (j->s < j->end && *j->s != ',' &&
			       *j->s != '}' && *j->s != ']' &&
			       !isspace((unsigned char)*j->s)));
}

/*
 * The last path js_locate() found and where each of its levels starts:
 * the reader asks for the values in document order, so the next search
 * resumes there instead of at the top (linear, not quadratic, in the
 * number of rules).  Keys must outlive the cache (string literals).
 */
struct jcache {
	const char *text;
	struct jpath path[8];
	const char *at[9]; /* at[i]: the value at path[0..i) */
	size_t n;
};

/* Step over count array elements from the one at j (valid JSON). */
static bool js_skip_elems(struct jscan *j, size_t count)
{
	size_t k;

	for (k = 0; k < count; k++) {
		js_skip_value(j);
		js_ws(j);
		if (j->s >= j->end || *j->s != ',')
			return false;
		j->s++;
	}
	js_ws(j);
	return true;
}

/* Offset of the value at path in text (valid JSON), or NULL; c (may be
 * NULL) remembers the search for the next one. */
static const char *js_locate(const char *text, size_t len,
			     const struct jpath *path, size_t n,
			     struct jcache *c)
{
	struct jscan j = { text, text + len };
	const char *at[9];
	size_t i = 0, m = 0;

	js_ws(&j);
	at[0] = j.s;
	if (c && n >= ARRAY_SIZE(c->at))
		c = NULL;
	if (c && c->text != text) {
		c->text = text;
		c->n = 0;
		c->at[0] = at[0];
	}
	if (c) {
		while (m < n && m < c->n &&
		       !path[m].key == !c->path[m].key &&
		       (path[m].key ? !strcmp(path[m].key, c->path[m].key) :
			path[m].index == c->path[m].index))
			m++;
		for (i = 0; i <= m; i++)
			at[i] = c->at[i];
		j.s = at[m];
		i = m;
		if (m < n && m < c->n && !path[m].key && !c->path[m].key &&
		    path[m].index > c->path[m].index) {
			j.s = c->at[m + 1];
			if (!js_skip_elems(&j, path[m].index -
					   c->path[m].index))
				return NULL;
			at[++i] = j.s;
		}
	}
	for (; i < n; i++) {
		if (j.s >= j.end)
			return NULL;
		if (path[i].key) {
			size_t klen = strlen(path[i].key);

			if (*j.s != '{')
				return NULL;
			j.s++;
			for (;;) {
				const char *k;
				bool match;

				js_ws(&j);
				if (j.s >= j.end || *j.s != '"')
					return NULL;
				k = j.s + 1;
				js_skip_string(&j);
				match = (size_t)(j.s - 1 - k) == klen &&
					!memcmp(k, path[i].key, klen);
				js_ws(&j);
				if (j.s < j.end && *j.s == ':')
					j.s++;
				js_ws(&j);
				if (match)
					break;
				js_skip_value(&j);
				js_ws(&j);
				if (j.s >= j.end || *j.s != ',')
					return NULL;
				j.s++;
			}
		} else {
			if (*j.s != '[')
				return NULL;
			j.s++;
			js_ws(&j);
			if (!js_skip_elems(&j, path[i].index))
				return NULL;
		}
		at[i + 1] = j.s;
	}
	if (c) {
		c->text = text;
		c->n = n;
		memcpy(c->path, path, n * sizeof(*path));
		memcpy(c->at, at, (n + 1) * sizeof(*at));
	}
	return j.s;
}

/* integers above INT64_MAX, see load_big() */
struct bigval {
	json_t *node;	/* the JSON_DECODE_INT_AS_REAL real */
	uint64_t value;
	bool exact;
	char *fullkey;	/* SQLite's JSON path, for messages */
};

struct bigset {
	struct bigval *v;
	size_t n;
};

struct oci {
	const char *path, *text;
	size_t len;
	struct jpath where[8]; /* the path of the value being read */
	size_t depth;
	struct parse_error *pe;
	struct policy *p;
	size_t nunknown;
	char first_unknown[600];
	struct jcache cache; /* of oci_pos() */
	const char *line_at; /* ... and where line_no, col_no are */
	unsigned long line_no, col_no;
	struct bigset big; /* integers above INT64_MAX (load_big()) */
};

static void oci_pos(struct oci *o, unsigned long *line, unsigned long *col)
{
	const char *at = js_locate(o->text, o->len, o->where, o->depth,
				   &o->cache), *s = o->text;

	*line = 0;
	*col = 0;
	if (!at)
		return;
	*line = 1;
	*col = 1;
	if (o->line_at && o->line_at <= at) {
		s = o->line_at;
		*line = o->line_no;
		*col = o->col_no;
	}
	for (; s < at; s++) {
		if (*s == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
	o->line_at = at;
	o->line_no = *line;
	o->col_no = *col;
}

static int oci_error(struct oci *o, const char *fmt, ...) ATTR_PRINTF(2, 3);
static int oci_error(struct oci *o, const char *fmt, ...)
{
	unsigned long line, col;
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	oci_pos(o, &line, &col);
	parse_error_set(o->pe, o->path, line, col, "%s", msg);
	return -1;
}

static void push(struct oci *o, const char *key, size_t index)
{
	o->where[o->depth].key = key;
	o->where[o->depth].index = index;
	o->depth++;
}

static void pop(struct oci *o, size_t n)
{
	o->depth -= n;
}

/* ------------------------------------------ uint64 above INT64_MAX */

/*
 * jansson holds integers as int64, so a valid profile with a uint64 above
 * INT64_MAX ("value": 18446744073709551615, a mask of high bits) makes
 * json_loadb() fail with "too big integer".  The text is then loaded with
 * JSON_DECODE_INT_AS_REAL (so syntax and duplicate-key errors keep
 * jansson's positions) and, in one pass of SQLite's json_tree(), every
 * integer outside int64 is found with its exact text (`json -> path`;
 * json_extract() rounds it) and the path of its ancestors.  Each is
 * remembered as (jansson node, exact value): arg_value() honours only
 * these nodes, so no string in the document can pose as a number.
 * A number SQLite cannot address by path (a key with an escape such as
 * "x\"y" holds it) is remembered as inexact: an error if a rule uses it.
 */
static void bigset_release(struct bigset *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->v[i].fullkey);
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

static int bigval_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct bigval *)a)->node;
	uintptr_t y = (uintptr_t)((const struct bigval *)b)->node;

	return x < y ? -1 : x > y;
}

/* b sorted by bigval_cmp (load_big() does it) */
static const struct bigval *bigset_find(const struct bigset *b,
					const json_t *node)
{
	struct bigval key;

	if (!b->n)
		return NULL;
	key.node = (json_t *)node;
	return bsearch(&key, b->v, b->n, sizeof(*b->v), bigval_cmp);
}

/* The integer an args value or valueTwo holds: jansson's (negative ones
 * wrap, as runc's did), or a big one load_big() kept exactly.  False if
 * neither. */
static bool arg_value(const struct bigset *b, json_t *v, uint64_t *out)
{
	const struct bigval *bv;

	if (json_is_integer(v)) {
		*out = (uint64_t)json_integer_value(v);
		return true;
	}
	bv = json_is_real(v) ? bigset_find(b, v) : NULL;
	if (!bv || !bv->exact)
		return false;
	*out = bv->value;
	return true;
}

/* A container row of json_tree(): its id, its parent's, its key. */
struct jrow {
	sqlite3_int64 id, parent;
	char *key;	/* NULL: index (or the root) */
	size_t index;
};

static const struct jrow *jrow_find(const struct jrow *r, size_t n,
				    sqlite3_int64 id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid].id == id)
			return &r[mid];
		if (r[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Find every integer outside int64 in text (already loaded as root with
 * JSON_DECODE_INT_AS_REAL) and remember it in b.  Returns 0, or -1 after
 * setting pe: one outside uint64 (at its position when found, else its
 * JSON path), or SQLite cannot read the text.  Linear in the text: one
 * json_tree() pass, a path lookup only for the big ones.
 */
static int load_big(const char *path, const char *text, size_t len,
		    json_t *root, struct bigset *b, struct parse_error *pe)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	struct jrow *rows = NULL, self;
	size_t nrows = 0, alloc = 0, i, depth;
	struct jpath *jp = NULL;
	const struct jrow **chain = NULL;
	int rc, ret = -1;

	if (len > INT_MAX || sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT id, parent, key, type, fullkey, "
			       "CASE WHEN type = 'integer' AND typeof(atom) = "
			       "'real' THEN ?1 -> fullkey END, atom FROM "
			       "json_tree(?1) WHERE type IN ('object', "
			       "'array', 'integer')", -1, &q, NULL) !=
	    SQLITE_OK) {
		parse_error_set(pe, path, 0, 0, "%s", "sqlite cannot read "
				"the JSON text (an integer above INT64_MAX)");
		goto out;
	}
	sqlite3_bind_text(q, 1, text, (int)len, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(q, 3);
		const char *fullkey = (const char *)sqlite3_column_text(q, 4);
		const char *num = (const char *)sqlite3_column_text(q, 5);
		const struct jrow *r;
		struct bigval bv;
		json_t *node = root, *parent = NULL;
		char *end;

		self.id = sqlite3_column_int64(q, 0);
		self.parent = sqlite3_column_type(q, 1) == SQLITE_NULL ? -1 :
			sqlite3_column_int64(q, 1);
		self.key = NULL;
		self.index = 0;
		if (sqlite3_column_type(q, 2) == SQLITE_INTEGER)
			self.index = (size_t)sqlite3_column_int64(q, 2);
		else if (sqlite3_column_type(q, 2) == SQLITE_TEXT)
			self.key = xstrdup((const char *)
					   sqlite3_column_text(q, 2));
		if (!type || !fullkey) {
			free(self.key);
			continue;
		}
		if (strcmp(type, "integer")) {
			if (nrows == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				rows = xrealloc(rows, alloc * sizeof(*rows));
			}
			rows[nrows++] = self;
			continue;
		}
		/* the chain of keys from the root down to this number */
		depth = 1;
		for (r = jrow_find(rows, nrows, self.parent); r && r->parent >= 0;
		     r = jrow_find(rows, nrows, r->parent))
			depth++;
		chain = xrealloc(chain, depth * sizeof(*chain));
		jp = xrealloc(jp, depth * sizeof(*jp));
		i = depth;
		chain[--i] = &self;
		for (r = jrow_find(rows, nrows, self.parent); r && i > 0 &&
		     r->parent >= 0; r = jrow_find(rows, nrows, r->parent))
			chain[--i] = r;
		for (i = 0; i < depth && node; i++) {
			jp[i].key = chain[i]->key;
			jp[i].index = chain[i]->index;
			parent = node;
			node = chain[i]->key ?
				json_object_get(node, chain[i]->key) :
				json_array_get(node, chain[i]->index);
		}
		if (sqlite3_column_type(q, 6) == SQLITE_INTEGER) {
			/* JSON_DECODE_INT_AS_REAL made it a real: back */
			json_int_t iv = sqlite3_column_int64(q, 6);

			if (json_is_real(node) &&
			    (json_is_array(parent) ?
			     json_array_set_new(parent, self.index,
						json_integer(iv)) :
			     json_object_set_new(parent, self.key,
						 json_integer(iv))) < 0) {
				free(self.key);
				parse_error_set(pe, path, 0, 0, "%s", "out of "
						"memory");
				goto out;
			}
			free(self.key);
			continue;
		}
		memset(&bv, 0, sizeof(bv));
		bv.node = node;
		bv.fullkey = xstrdup(fullkey);
		if (num) {
			errno = 0;
			bv.value = strtoull(num, &end, 10);
			bv.exact = true;
			if (num[0] == '-' || errno == ERANGE || *end ||
			    !isdigit((unsigned char)num[0])) {
				const char *at = js_locate(text, len, jp,
							   depth, NULL), *s;
				unsigned long line = 0, col = 0;

				if (at) {
					line = col = 1;
					for (s = text; s < at; s++) {
						if (*s == '\n') {
							line++;
							col = 1;
						} else {
							col++;
						}
					}
				}
				parse_error_set(pe, path, line, col,
						"integer %.60s%s%s is outside "
						"uint64 (0..18446744073709551615)",
						num, at ? "" : " at ",
						at ? "" : fullkey);
				free(bv.fullkey);
				free(self.key);
				goto out;
			}
		}
		free(self.key);
		if (!json_is_real(node)) {
			free(bv.fullkey);
			continue;
		}
		if (!(b->n & (b->n - 1)))
			b->v = xrealloc(b->v, (b->n ? 2 * b->n : 1) *
					sizeof(*b->v));
		b->v[b->n++] = bv;
	}
	if (rc != SQLITE_DONE) {
		parse_error_set(pe, path, 0, 0, "sqlite cannot read the JSON "
				"text: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (b->n)
		qsort(b->v, b->n, sizeof(*b->v), bigval_cmp);
	ret = 0;
out:
	for (i = 0; i < nrows; i++)
		free(rows[i].key);
	free(rows);
	free(chain);
	free(jp);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return ret;
}

/* ------------------------------------------------------------- values */

static int oci_action(struct oci *o, json_t *v, json_t *ret, int def_errno,
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
	const char *s = json_string_value(v);
	size_t i;

	if (!s)
		return oci_error(o, "%s must be a string like SCMP_ACT_ALLOW",
				 "the action");
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i].name))
			break;
	if (i == ARRAY_SIZE(names))
		return oci_error(o, "unknown action '%s'", s);
	a->kind = names[i].kind;
	a->data = 0;
	if (a->kind == ACTION_ERRNO || a->kind == ACTION_TRACE) {
		if (ret && !json_is_integer(ret))
			return oci_error(o, "%s must be an integer",
					 "errnoRet");
		a->data = ret ? (int)json_integer_value(ret) :
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

/* Does includes/excludes of rule keep it for a default container? */
static bool rule_applies(json_t *rule)
{
	json_t *inc = json_object_get(rule, "includes");
	json_t *exc = json_object_get(rule, "excludes");
	uint32_t native = arch_native();
	json_t *v;
	size_t i;

	if (json_is_object(exc)) {
		json_array_foreach(json_object_get(exc, "arches"), i, v)
			if (json_is_string(v) &&
			    any_arch(json_string_value(v)) == native)
				return false;
		json_array_foreach(json_object_get(exc, "caps"), i, v)
			if (json_is_string(v) && has_cap(json_string_value(v)))
				return false;
		v = json_object_get(exc, "minKernel");
		if (json_is_string(v) && kernel_at_least(json_string_value(v)))
			return false;
	}
	if (json_is_object(inc)) {
		json_t *arches = json_object_get(inc, "arches");
		bool found = false;

		if (json_array_size(arches)) {
			json_array_foreach(arches, i, v)
				if (json_is_string(v) &&
				    any_arch(json_string_value(v)) == native)
					found = true;
			if (!found)
				return false;
		}
		json_array_foreach(json_object_get(inc, "caps"), i, v)
			if (json_is_string(v) && !has_cap(json_string_value(v)))
				return false;
		v = json_object_get(inc, "minKernel");
		if (json_is_string(v) && !kernel_at_least(json_string_value(v)))
			return false;
	}
	return true;
}

static int oci_arg(struct oci *o, json_t *a, struct arg_cond *c)
{
	json_t *idx = json_object_get(a, "index");
	json_t *op = json_object_get(a, "op");
	json_t *v1 = json_object_get(a, "value");
	json_t *v2 = json_object_get(a, "valueTwo");
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if (!json_is_object(a))
		return oci_error(o, "%s must be an object", "an argument");
	push(o, "index", 0);
	if (!json_is_integer(idx) || json_integer_value(idx) < 0 ||
	    json_integer_value(idx) > 5) {
		if (!idx)
			pop(o, 1);
		oci_error(o, "%s must be an integer 0..5", "index");
		goto out_pop;
	}
	c->index = (unsigned)json_integer_value(idx);
	pop(o, 1);
	push(o, "op", 0);
	if (!json_is_string(op) ||
	    arg_op_from_scmp_name(json_string_value(op),
				  strlen(json_string_value(op)),
				  &c->op) < 0) {
		if (!op)
			pop(o, 1);
		oci_error(o, "unknown comparison '%s'", json_is_string(op) ?
			  json_string_value(op) : "(none)");
		goto out_pop;
	}
	pop(o, 1);
	if ((v1 && !arg_value(&o->big, v1, &c->value)) ||
	    (v2 && !arg_value(&o->big, v2, &c->value2))) {
		json_t *v = v1 && !arg_value(&o->big, v1, &c->value) ?
			v1 : v2;
		const struct bigval *bv = bigset_find(&o->big, v);

		push(o, v == v1 ? "value" : "valueTwo", 0);
		if (bv && !bv->exact)
			oci_error(o, "cannot read the integer at %s exactly "
				  "(sqlite cannot address a key with an "
				  "escape on its path)", bv->fullkey);
		else
			oci_error(o, "%s must be an integer", "the value");
		goto out_pop;
	}
	return 0;
out_pop:
	pop(o, 1);
	return rc;
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

static int oci_rule(struct oci *o, json_t *rule, int def_errno)
{
	json_t *names = json_object_get(rule, "names");
	json_t *name = json_object_get(rule, "name");
	json_t *args = json_object_get(rule, "args"), *v;
	struct arg_cond conds[16];
	size_t nconds = 0, i, j;
	bool repeat = false;
	struct action act;

	if (!json_is_object(rule))
		return oci_error(o, "%s must be an object", "a syscalls entry");
	if (!rule_applies(rule))
		return 0;
	push(o, "action", 0);
	if (!json_object_get(rule, "action")) {
		pop(o, 1);
		return oci_error(o, "%s has no action", "a syscalls entry");
	}
	if (oci_action(o, json_object_get(rule, "action"),
		       json_object_get(rule, "errnoRet"), def_errno, &act))
		return -1;
	pop(o, 1);
	if (args && !json_is_array(args)) {
		push(o, "args", 0);
		return oci_error(o, "%s must be an array", "args");
	}
	json_array_foreach(args, i, v) {
		if (nconds == ARRAY_SIZE(conds)) {
			push(o, "args", 0);
			return oci_error(o, "%s", "too many args");
		}
		push(o, "args", 0);
		push(o, NULL, i);
		if (oci_arg(o, v, &conds[nconds]) < 0)
			return -1;
		pop(o, 2);
		for (j = 0; j < nconds; j++)
			if (conds[j].index == conds[nconds].index)
				repeat = true;
		nconds++;
	}
	if (name && !names) {
		names = json_array();
		json_array_append(names, name);
		json_object_set_new(rule, "names", names);
	}
	if (!json_is_array(names)) {
		push(o, "names", 0);
		if (!json_object_get(rule, "names"))
			pop(o, 1);
		return oci_error(o, "%s must be an array of syscall names",
				 "names");
	}
	json_array_foreach(names, i, v) {
		const char *n = json_string_value(v);
		struct policy_rule *r;
		unsigned long line, col;

		push(o, "names", 0);
		push(o, NULL, i);
		if (!n || !name_ok(n))
			return oci_error(o, "'%s' is not a syscall name",
					 n ? n : "(not a string)");
		oci_pos(o, &line, &col);
		if (!syscall_name_known(n) && o->nunknown++ == 0)
			snprintf(o->first_unknown, sizeof(o->first_unknown),
				 "%s:%lu:%lu: '%s'", o->path, line, col, n);
		pop(o, 2);
		if (repeat) {
			for (j = 0; j < nconds; j++) {
				r = policy_add_rule(o->p, n, 0, act);
				policy_rule_add_cond(r, &conds[j]);
				r->file = xstrdup(o->path);
				r->line = line;
				r->col = col;
			}
			continue;
		}
		r = policy_add_rule(o->p, n, 0, act);
		for (j = 0; j < nconds; j++)
			policy_rule_add_cond(r, &conds[j]);
		r->file = xstrdup(o->path);
		r->line = line;
		r->col = col;
	}
	return 0;
}

static int add_arch(struct oci *o, json_t *v)
{
	uint32_t t = json_is_string(v) ? any_arch(json_string_value(v)) : 0;
	size_t i;

	if (!t)
		return oci_error(o, "unknown architecture '%s'",
				 json_is_string(v) ? json_string_value(v) :
				 "(not a string)");
	for (i = 0; i < o->p->narches; i++)
		if (o->p->arches[i] == t)
			return 0;
	o->p->arches = xrealloc(o->p->arches,
				(o->p->narches + 1) * sizeof(*o->p->arches));
	o->p->arches[o->p->narches++] = t;
	return 0;
}

int policy_read_oci(const char *path, const char *text, size_t len,
		    struct policy *p, struct parse_error *pe)
{
	struct oci o;
	json_error_t jerr;
	json_t *root, *sc, *v, *ret_def;
	size_t i;
	int def_errno = EPERM, ret = -1;

	memset(&o, 0, sizeof(o));
	o.path = path;
	o.text = text;
	o.len = len;
	o.pe = pe;
	o.p = p;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root && json_error_code(&jerr) == json_error_numeric_overflow) {
		/* jansson's own errors and positions first, then the big
		 * integers (see load_big()) */
		root = json_loadb(text, len, JSON_DECODE_INT_AS_REAL |
				  JSON_REJECT_DUPLICATES, &jerr);
		if (root && load_big(path, text, len, root, &o.big, pe) < 0) {
			json_decref(root);
			bigset_release(&o.big);
			return -1;
		}
	}
	if (!root) {
		parse_error_set(pe, path, (unsigned long)jerr.line,
				(unsigned long)jerr.column, "%s", jerr.text);
		return -1;
	}
	sc = root;
	if (json_is_object(json_object_get(root, "linux")) &&
	    json_object_get(json_object_get(root, "linux"), "seccomp")) {
		sc = json_object_get(json_object_get(root, "linux"), "seccomp");
		push(&o, "linux", 0);
		push(&o, "seccomp", 0);
	}
	if (!json_is_object(sc)) {
		oci_error(&o, "%s must be a JSON object", "a seccomp profile");
		goto out;
	}
	ret_def = json_object_get(sc, "defaultErrnoRet");
	if (ret_def) {
		push(&o, "defaultErrnoRet", 0);
		if (!json_is_integer(ret_def)) {
			oci_error(&o, "%s must be an integer",
				  "defaultErrnoRet");
			goto out;
		}
		pop(&o, 1);
		def_errno = (int)json_integer_value(ret_def);
	}
	v = json_object_get(sc, "defaultAction");
	if (!v) {
		oci_error(&o, "%s", "no defaultAction: not a seccomp profile");
		goto out;
	}
	push(&o, "defaultAction", 0);
	if (oci_action(&o, v, ret_def, EPERM, &p->default_action))
		goto out;
	pop(&o, 1);
	json_array_foreach(json_object_get(sc, "architectures"), i, v) {
		push(&o, "architectures", 0);
		push(&o, NULL, i);
		if (add_arch(&o, v))
			goto out;
		pop(&o, 2);
	}
	json_array_foreach(json_object_get(sc, "archMap"), i, v) {
		json_t *a = json_object_get(v, "architecture"), *s;
		size_t k;

		if (!json_is_string(a) ||
		    any_arch(json_string_value(a)) != arch_native())
			continue;
		push(&o, "archMap", 0);
		push(&o, NULL, i);
		push(&o, "architecture", 0);
		if (add_arch(&o, a))
			goto out;
		pop(&o, 1);
		json_array_foreach(json_object_get(v, "subArchitectures"), k,
				   s) {
			push(&o, "subArchitectures", 0);
			push(&o, NULL, k);
			if (add_arch(&o, s))
				goto out;
			pop(&o, 2);
		}
		pop(&o, 2);
	}
	v = json_object_get(sc, "syscalls");
	if (v && !json_is_array(v)) {
		push(&o, "syscalls", 0);
		oci_error(&o, "%s must be an array", "syscalls");
		goto out;
	}
	json_array_foreach(v, i, sc) {
		push(&o, "syscalls", 0);
		push(&o, NULL, i);
		if (oci_rule(&o, sc, def_errno) < 0)
			goto out;
		pop(&o, 2);
	}
	if (o.nunknown)
		warning("%s syscall name%s libseccomp does not know (runtimes "
			"skip them): %zu, the first at %s", o.nunknown == 1 ?
			"a" : "", o.nunknown == 1 ? "" : "s", o.nunknown,
			o.first_unknown);
	ret = 0;
out:
	json_decref(root);
	bigset_release(&o.big);
	return ret;
}
