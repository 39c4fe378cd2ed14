/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * escape.c - escaping for every output format.  Strings in a trace are
 * written by the programs under test: a path may hold a newline, an ANSI
 * escape, a Markdown pipe or an HTML tag.  Each renderer calls the escaper
 * of its format for every such string.  JSON goes through jansson.
 */
#include "config.h"

#include <string.h>

#include "reports/reports.h"

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0 && s[0] >= 0xc2)
		n = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((s[0] & 0xf8) == 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void esc_text(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);

		if (n == 1 && *p >= 0x20 && *p != 0x7f && *p != '\\') {
			strbuf_addch(out, *p);
		} else if (*p == '\\') {
			strbuf_addstr(out, "\\\\");
		} else if (n > 1) {
			strbuf_add(out, p, n);
			p += n;
			continue;
		} else if (*p == '\n') {
			strbuf_addstr(out, "\\n");
		} else if (*p == '\t') {
			strbuf_addstr(out, "\\t");
		} else {
			strbuf_addf(out, "\\x%02x", *p);
		}
		p++;
	}
}

void fput_text(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	esc_text(&sb, s);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

void esc_field(struct strbuf *out, const char *s, bool ascii)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\' ||
		    (ascii && *p >= 0x80))
			strbuf_addf(out, "\\x%02x", *p);
		else
			strbuf_addch(out, *p);
	}
}

void fput_field(FILE *f, const char *s, bool ascii)
{
	struct strbuf sb = STRBUF_INIT;

	esc_field(&sb, s, ascii);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

void esc_md(struct strbuf *out, const char *s)
{
	struct strbuf t = STRBUF_INIT;
	const char *p;

	esc_text(&t, s);
	for (p = t.buf; *p; p++) {
		if (strchr("\\`*_{}[]<>()#+!|~&", *p))
			strbuf_addch(out, '\\');
		strbuf_addch(out, *p);
	}
	strbuf_release(&t);
}

void fput_md(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	esc_md(&sb, s);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

static void esc_markup(struct strbuf *out, const char *s, bool xml)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);

		if (n > 1) {
			strbuf_add(out, p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default:
			if (n == 0 || (*p < 0x20 && *p != '\n' && *p != '\t') ||
			    *p == 0x7f)
				/* XML 1.0 cannot carry these at all */
				strbuf_addf(out, xml ? "\\x%02x" : "&#xfffd;",
					    *p);
			else
				strbuf_addch(out, *p);
		}
		p++;
	}
}

void esc_html(struct strbuf *out, const char *s)
{
	esc_markup(out, s, false);
}

void esc_xml(struct strbuf *out, const char *s)
{
	esc_markup(out, s, true);
}
