/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-lint.c - the renderers of `lint`: text for terminals and CI logs,
 * JSON for scripts (SARIF is in report-sarif.c), behind one format table
 * (report_lint_format_find()).  Messages and file names may come from a
 * policy file someone else wrote: the JSON escapes through jansson.
 */
#include "config.h"

#include <jansson.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "reports/reports.h"

/* How many findings of each severity: info, warning, error. */
static void count(const struct lint_result *r, size_t n[3])
{
	static const char *const sev[] = { "info", "warning", "error" };
	size_t i, k;

	n[0] = n[1] = n[2] = 0;
	for (i = 0; i < r->n; i++)
		for (k = 0; k < 3; k++)
			if (!strcmp(r->v[i].severity, sev[k]))
				n[k]++;
}

static int write_text(FILE *out, const struct report_lint_in *in)
{
	const struct lint_result *r = in->r;
	size_t i, n[3];

	for (i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];

		if (f->file && f->line)
			fprintf(out, "%s:%lu: ", f->file, f->line);
		else if (f->file)
			fprintf(out, "%s: ", f->file);
		fprintf(out, "%s: [%s] %s\n", f->severity, f->check,
			f->message);
		if (f->advice)
			fprintf(out, "    advice: %s\n", f->advice);
	}
	count(r, n);
	if (r->n)
		fprintf(out, "%zu finding%s: %zu error%s, %zu warning%s, "
			"%zu info\n", r->n, r->n == 1 ? "" : "s", n[2],
			n[2] == 1 ? "" : "s", n[1], n[1] == 1 ? "" : "s", n[0]);
	else
		fprintf(out, "no findings\n");
	return ferror(out) ? -1 : 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int write_json(FILE *out, const struct report_lint_in *in)
{
	const struct lint_result *r = in->r;
	const struct policy *p = in->p;
	json_t *root = json_object(), *arr = json_array(), *sum;
	size_t i, n[3];
	int ret;

	json_object_set_new(root, "policy", str_or_null(p ? p->source
							   : NULL));
	json_object_set_new(root, "format", str_or_null(p ? p->format
							   : NULL));
	json_object_set_new(root, "db", str_or_null(in->db));
	json_object_set_new(root, "unit", str_or_null(in->unit));
	for (i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];
		json_t *o = json_object();

		json_object_set_new(o, "check", json_string(f->check));
		json_object_set_new(o, "severity", json_string(f->severity));
		json_object_set_new(o, "syscall", str_or_null(f->syscall));
		json_object_set_new(o, "message", json_string(f->message));
		json_object_set_new(o, "advice", str_or_null(f->advice));
		json_object_set_new(o, "file", str_or_null(f->file));
		json_object_set_new(o, "line", f->line ? json_integer(
				    (json_int_t)f->line) : json_null());
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "findings", arr);
	count(r, n);
	sum = json_object();
	json_object_set_new(sum, "error", json_integer((json_int_t)n[2]));
	json_object_set_new(sum, "warning", json_integer((json_int_t)n[1]));
	json_object_set_new(sum, "info", json_integer((json_int_t)n[0]));
	json_object_set_new(root, "summary", sum);
	ret = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	fputc('\n', out);
	json_decref(root);
	return ret < 0 || ferror(out) ? -1 : 0;
}

static int write_sarif(FILE *out, const struct report_lint_in *in)
{
	return report_lint_sarif(out, in->p, in->r);
}

static const struct report_lint_format lint_formats[] = {
	{ "text", write_text, false },
	{ "json", write_json, false },
	{ "sarif", write_sarif, true },
};

const struct report_lint_format *report_lint_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lint_formats); i++)
		if (!strcmp(lint_formats[i].name, name))
			return &lint_formats[i];
	return NULL;
}
