/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * formats.c - the format tables of reports/: which renderer writes each
 * `--format` of `diff`/`check` and of `report`.  The commands look a
 * format up here and call it; adding a format is one line in one table.
 */
#include "config.h"

#include <string.h>

#include "reports/reports.h"

static const struct report_diff_format diff_formats[] = {
	{ "text", report_diff_text },
	{ "json", report_diff_json },
	{ "md", report_diff_md },
	{ "junit", report_diff_junit },
	{ "sarif", report_diff_sarif },
	{ "github", report_diff_github },
};

const struct report_diff_format *report_diff_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(diff_formats); i++)
		if (!strcmp(diff_formats[i].name, name))
			return &diff_formats[i];
	return NULL;
}

static int write_json(FILE *f, const struct report_model *m,
		      const struct report_opts *o)
{
	(void)o;
	return report_write_json(f, m);
}

static int write_md(FILE *f, const struct report_model *m,
		    const struct report_opts *o)
{
	(void)o;
	return report_write_md(f, m);
}

static const struct report_format report_formats[] = {
	{ "text", report_write_text_opts },
	{ "md", write_md },
	{ "html", report_write_html },
	{ "json", write_json },
};

const struct report_format *report_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(report_formats); i++)
		if (!strcmp(report_formats[i].name, name))
			return &report_formats[i];
	return NULL;
}
