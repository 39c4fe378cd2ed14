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

#endif
