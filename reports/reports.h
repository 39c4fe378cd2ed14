/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reports.h - the one public header of reports/: renderers and the escaping
 * every renderer uses.  Everything rendered may come from a traced program
 * (paths, command lines, log lines) and is escaped for its format.
 */
#ifndef SYSCENSUS_REPORTS_H
#define SYSCENSUS_REPORTS_H

#include "common/common.h"

/* Terminal text: control characters and non-UTF-8 bytes as \xNN. */
void esc_text(struct strbuf *out, const char *s);
void fput_text(FILE *f, const char *s);
/* Markdown table cells and inline text: |, `, *, _, <, >, [, ] ... */
void esc_md(struct strbuf *out, const char *s);
void fput_md(FILE *f, const char *s);
/* HTML text and attribute values. */
void esc_html(struct strbuf *out, const char *s);
/* XML (JUnit) text and attributes. */
void esc_xml(struct strbuf *out, const char *s);

/* ------------------------------------------- diff/check and report */

/*
 * Renderers of `diff`/`check` results (report-text.c, report-json.c,
 * report-md.c) and of `report`.  Each writes to f and returns 0, or -1
 * after an error.  Every traced string is escaped for the format.
 */
struct diff_result;
struct policy;
struct store;
struct json_t;

int report_diff_text(FILE *f, const struct diff_result *r,
		     const struct policy *p);
int report_diff_json(FILE *f, const struct diff_result *r,
		     const struct policy *p);
int report_diff_md(FILE *f, const struct diff_result *r,
		   const struct policy *p);

/*
 * The model of `syscensus report`: one JSON object (runs, executables,
 * phases, syscalls with per-errno counts, problems, kills), built from the
 * store by report-json.c.  Returns a new reference (json_decref), or NULL
 * after an error.  The text and Markdown renderers walk the same object.
 */
struct json_t *report_model(struct store *st);
int report_write_json(FILE *f, struct json_t *model);
int report_write_text(FILE *f, struct json_t *model);
int report_write_md(FILE *f, struct json_t *model);

#endif
