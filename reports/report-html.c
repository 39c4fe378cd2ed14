/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-html.c - `report --format html`: one self-contained page (CSS and
 * JavaScript inline, nothing fetched; a Content-Security-Policy forbids
 * any load) that works with JavaScript off: JS only sorts the matrix by a
 * column and filters its rows.
 *
 * The page, in order: a one-line summary (with the number of kills, linked
 * to them), the phase x syscall matrix per executable (counts as plain
 * integers, errors in a data attribute CSS shows, a cell with a recorded
 * stack or facts links to them), the kills with their fix, with --policy
 * the uncovered / conditional / unused syscalls (also coloured in the
 * matrix), what the knowledge base and static reach add and why, where
 * each first call came from (stacks, paths, argument values), the runs
 * and the input problems.
 *
 * Everything traced is hostile: every string goes through esc_html(), ids
 * are numbers we make, traced text never goes inside <noscript> (parsed
 * raw when scripting is on) or <script>.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

static const char css[] =
"*{box-sizing:border-box}"
"body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;"
"margin:0;color:#1d2330;background:#f6f7f9}"
"header{background:#1d2330;color:#fff;padding:14px 24px}"
"header h1{font-size:20px;margin:0 0 4px}"
"header p{margin:0;color:#c6ccd8}"
"header a{color:#ffb4a8}"
"main{padding:8px 24px 40px}"
"section{background:#fff;border:1px solid #dde1e8;border-radius:8px;"
"padding:12px 16px;margin:14px 0}"
"h2{font-size:17px;margin:4px 0 10px}"
"h3{font-size:14px;margin:16px 0 6px;font-family:ui-monospace,monospace;"
"word-break:break-all}"
".legend{color:#555;margin:0 0 8px}"
".legend span{display:inline-block;padding:0 6px;margin:0 2px;"
"border-radius:3px}"
".wrap{overflow:auto;max-height:80vh;border:1px solid #e3e6ec;"
"width:fit-content;max-width:100%;"
"content-visibility:auto;contain-intrinsic-size:auto 600px}"
"table{border-collapse:collapse}"
"table.m{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}"
"table.m th,table.m td{border:1px solid #edf0f4;padding:2px 6px;"
"text-align:right;white-space:nowrap}"
"table.m thead th{position:sticky;top:0;background:#eef1f6;"
"cursor:pointer;z-index:1}"
"table.m thead th:first-child{text-align:left}"
"table.m tbody th{text-align:left;font-weight:600;background:#fafbfc}"
"td.a{background:#eef6ff}td.b{background:#d6eaff}"
"td.c{background:#b3d7ff}td.d{background:#84bdff}"
"td.f{background:#5aa2f5;color:#fff}"
/* a red corner marks failed calls; how many shows on hover (a pseudo
 * element per cell would double the layout work of big matrices) */
"td[data-e]:not(.r){background-image:linear-gradient(225deg,#d93025 4px,"
"transparent 4px)}"
"td[data-e]:not(.r):hover::after{content:' /' attr(data-e) ' failed';"
"color:#b3261e;font-size:10px}"
"td.u,td.u[class],td.r .u{background:#f8d0cc;color:#7a1111;"
"outline:2px solid #d93025;outline-offset:-2px}"
"td.k,td.r .k{background:#fff1bf;outline:2px dashed #c58a00;"
"outline-offset:-2px}"
/* a compact matrix: counts aligned as preformatted text */
"table.m th.r,table.m td.r{white-space:pre;text-align:left}"
"td.t{font-weight:600;background:#f4f5f7}"
"td a{color:inherit;text-decoration:none;border-bottom:1px dotted #7a8699}"
"td a:hover{color:#1a56b0}"
"tr.hide{display:none}"
"table.l{font-size:13px;width:100%}"
"table.l th,table.l td{border-bottom:1px solid #edf0f4;padding:3px 8px;"
"text-align:left;vertical-align:top}"
"table.l th{background:#f4f5f7}"
".mono{font-family:ui-monospace,monospace;word-break:break-all}"
".kill{border-left:4px solid #d93025;padding:4px 10px;margin:6px 0;"
"background:#fff4f3}"
".fix{color:#0b6b2e;font-weight:600}"
".det{border-top:1px solid #edf0f4;padding:6px 0}"
".det:target{background:#fff8d6}"
".det h4{margin:0;font:600 13px ui-monospace,monospace}"
"ol.stack{margin:4px 0;font:12px ui-monospace,monospace}"
"ol.stack li.sys{color:#8a93a3}"
"ol.stack li b{color:#1a56b0}"
".pill{display:inline-block;border-radius:9px;padding:0 8px;"
"font-size:12px;background:#eef1f6;margin:1px}"
".pill.u{background:#f8d0cc}.pill.k{background:#fff1bf}"
".pill.n{background:#e6f4ea}"
"#q{font:13px system-ui;padding:4px 8px;width:260px;margin:0 0 8px}"
".note{color:#555}";

/* Sorting, filtering, and turning a compact matrix (table.m.c) into one
 * cell per count as it comes into view (after the load event: the page
 * shows the compact matrix first); reads the DOM, never traced data as
 * markup (text goes through textContent only).  Its SHA-256 is in the
 * page's Content-Security-Policy: t4010 checks it (and says the value)
 * when this changes. */
#define JS_SHA256 "LLluhxZJpDCxkU3q73TtpIM8OnxN3T+UOuYN8QkDMns="
static const char js[] =
"(function(){"
"var q=document.getElementById('q');q.hidden=false;"
"q.addEventListener('input',function(){var v=q.value.toLowerCase();"
"document.querySelectorAll('table.m tbody tr').forEach(function(r){"
"r.classList.toggle('hide',v!==''&&r.firstChild.textContent.toLowerCase()"
".indexOf(v)<0)})});"
"var A=Array.prototype;"
"function heat(n){return n>=10000?'f':n>=1000?'d':n>=100?'c':n>=10?'b':'a'}"
"function mk(g,s){var c=document.createElement(g);"
"if(s!==undefined)c.textContent=s;return c}"
"function expand(t){if(!t.classList.contains('c'))return;"
"t.classList.remove('c');var h=t.tHead.rows[0],s=h.cells[1],"
"b=t.tBodies[0];A.slice.call(s.children).forEach(function(x){"
"h.appendChild(mk('th',x.textContent))});h.removeChild(s);"
"t.removeChild(b);A.forEach.call(b.rows,function(r){"
"var d=r.cells[1],e=(d.dataset.e||'').split(' '),k=[];"
"A.slice.call(d.childNodes).forEach(function(n){if(n.nodeType===1)"
"k.push(n);else n.data.split(/\\s+/).forEach(function(w){"
"if(w)k.push(w)})});r.removeChild(d);"
"k.forEach(function(x,i){var c=mk('td'),l=i===k.length-1;"
"if(typeof x==='string'){if(x!=='-'){c.textContent=x;"
"c.className=l?'t':heat(+x)}}else{c.className=x.className||"
"heat(+x.textContent);if(x.title)c.title=x.title;"
"if(x.tagName==='A'){x.removeAttribute('class');"
"x.removeAttribute('title');c.appendChild(x)}"
"else c.textContent=x.textContent}"
"if(!l&&+e[i])c.dataset.e=e[i];r.appendChild(c)})});"
"t.appendChild(b)}"
"var io=window.IntersectionObserver&&new IntersectionObserver("
"function(es){es.forEach(function(x){if(x.isIntersecting){"
"io.unobserve(x.target);expand(x.target.firstChild)}})},"
"{rootMargin:'600px'});"
"addEventListener('load',function(){setTimeout(function(){"
"var ts=A.slice.call(document.querySelectorAll('table.m.c')),"
"y=ts.map(function(t){return t.parentNode.getBoundingClientRect().top});"
"ts.forEach(function(t,i){if(!io||y[i]<innerHeight)expand(t);"
"else io.observe(t.parentNode)})},0)});"
"document.addEventListener('click',function(e){var th=e.target.closest("
"'table.m thead th');if(!th)return;var t=th.closest('table');"
"if(t.classList.contains('c')){expand(t);return}"
"var i=A.indexOf.call(th.parentNode.children,th),"
"b=t.tBodies[0],rows=A.slice.call(b.rows),"
"d=th.dataset.dir==='d'?'a':'d';th.dataset.dir=d;"
"function val(r){var c=r.children[i],s=c?c.textContent:'';"
"return i===0?s:(s===''?-1:+s)}"
"rows.sort(function(x,y){var a=val(x),c=val(y),"
"r=a<c?-1:a>c?1:0;return d==='d'?-r:r});"
"rows.forEach(function(r){b.appendChild(r)})})})();";

/* A string of the model, "" for NULL. */
static const char *S(const char *s)
{
	return s ? s : "";
}

static void h(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT, t = STRBUF_INIT;

	/* bytes that are not UTF-8 shown as \xNN, not as U+FFFD */
	if (s && !report_utf8_valid(s)) {
		esc_text(&t, s);
		s = t.buf;
	}
	esc_html(&sb, s ? s : "");
	fputs(sb.buf, f);
	strbuf_release(&sb);
	strbuf_release(&t);
}

/* A field that may be null: escaped, or "-". */
static void h_or(FILE *f, const char *s)
{
	if (s)
		h(f, s);
	else
		fputc('-', f);
}

static void h_int(FILE *f, int64_t v)
{
	if (v != STORE_NULL)
		fprintf(f, "%" PRId64, v);
	else
		fputc('-', f);
}

/* ---------------------------------------------------------------- facts */

/* Facts (paths, argument values, flags) per (phase, exe, syscall), keyed
 * "phase\x1fexe\x1fsyscall", the first FACTS_PER_CELL of each shown.  A
 * key that is not valid UTF-8 is left out (it would name no cell of the
 * model), and so is a fact whose kind or value is not (its cell still
 * has a detail block). */
#define FACTS_PER_CELL 12

struct hfact {
	char *key, *kind, *value;
	int64_t count;
	size_t seq;
	bool shown; /* kind and value are valid UTF-8 */
};

struct hfacts {
	struct hfact *v;
	size_t n, alloc;
};

static int add_fact(const struct store_fact_sum *f, void *data)
{
	struct hfacts *fs = data;
	char *key = xasprintf("%s\x1f%s\x1f%s", f->phase, f->exe, f->syscall);
	struct hfact *e;

	if (!report_utf8_valid(key)) {
		free(key);
		return 0;
	}
	fs->v = xgrow(fs->v, sizeof(*fs->v), fs->n + 1, &fs->alloc);
	e = &fs->v[fs->n];
	e->key = key;
	e->kind = f->kind ? xstrdup(f->kind) : NULL;
	e->value = f->value ? xstrdup(f->value) : NULL;
	e->count = f->count;
	e->seq = fs->n++;
	e->shown = (!f->kind || report_utf8_valid(f->kind)) &&
		   (!f->value || report_utf8_valid(f->value));
	return 0;
}

static int cmp_fact(const void *a, const void *b)
{
	const struct hfact *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	return d ? d : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void load_facts(struct store *st, struct hfacts *fs)
{
	memset(fs, 0, sizeof(*fs));
	if (st)
		store_each_fact_sum(st, add_fact, fs);
	if (fs->n)
		qsort(fs->v, fs->n, sizeof(*fs->v), cmp_fact);
}

static void facts_release(struct hfacts *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].key);
		free(fs->v[i].kind);
		free(fs->v[i].value);
	}
	free(fs->v);
}

/* The first fact of row's cell, in the order they came, or NULL. */
static const struct hfact *cell_facts(const struct hfacts *fs,
				      const struct store_report_syscall *row)
{
	char *key = xasprintf("%s\x1f%s\x1f%s", S(row->phase), S(row->exe),
			      S(row->syscall));
	size_t lo = 0, hi = fs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(fs->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < fs->n && !strcmp(fs->v[lo].key, key)) {
		free(key);
		return &fs->v[lo];
	}
	free(key);
	return NULL;
}

/* --------------------------------------------------------------- matrix */

struct hcell {
	const struct store_report_syscall *row; /* the model's (borrowed) */
	uint64_t calls, errors;
	char cls;    /* 'u' uncovered, 'k' conditional, 0 */
	int detail;  /* id of its detail block, or 0 */
};

struct hrow {
	const char *syscall, *arch;
	struct hcell *cells;
	uint64_t total;
};

/* One executable's matrix: its phases (columns) and syscalls (rows). */
struct hmatrix {
	const char *exe;
	const char **cols;
	size_t ncols, nrows;
	struct hrow *r;
};

static int cmp_hrow(const void *a, const void *b)
{
	const struct hrow *x = a, *y = b;
	int d = strcmp(x->syscall, y->syscall);

	return d ? d : strcmp(x->arch, y->arch);
}

static char heat(uint64_t calls)
{
	return calls >= 10000 ? 'f' : calls >= 1000 ? 'd' :
	       calls >= 100 ? 'c' : calls >= 10 ? 'b' : 'a';
}

static char policy_class(const struct report_opts *o, const char *phase,
			 const char *exe, const char *arch,
			 const char *syscall)
{
	const struct diff_result *r = o ? o->diff : NULL;
	size_t i;

	if (!r)
		return 0;
	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];

		if (!strcmp(u->syscall, syscall) && !strcmp(u->phase, phase) &&
		    !strcmp(u->exe, exe) && !strcmp(u->arch, arch))
			return 'u';
	}
	for (i = 0; i < r->nconditional; i++) {
		const struct diff_conditional *c = &r->conditional[i];

		if (!strcmp(c->syscall, syscall) && !strcmp(c->phase, phase) &&
		    !strcmp(c->exe, exe) && !strcmp(c->arch, arch))
			return 'k';
	}
	return 0;
}

struct hctx {
	FILE *f;
	const struct report_model *m;
	struct hfacts facts;
	const struct report_opts *o;
	size_t *details; /* the syscall rows of the details section, by id */
	size_t ndetails, details_alloc;
	int next_id;
};

/* Fills *mx with the matrix of exe; matrix_release() frees it. */
static void matrix_build(struct hctx *c, const char *exe, struct hmatrix *mx)
{
	const struct store_report *s = &c->m->s;
	size_t ncols = 0, nrows = 0, alloc = 0, i, j;
	struct hrow *r = NULL;
	const char **cols;

	cols = xcalloc(s->nphase_order + 1, sizeof(*cols));
	for (i = 0; i < s->nphase_order; i++) {
		const char *name = s->phase_order[i];

		for (j = 0; j < s->nsyscalls; j++)
			if (name && !strcmp(S(s->syscalls[j].exe), exe) &&
			    !strcmp(S(s->syscalls[j].phase), name))
				break;
		if (name && j < s->nsyscalls)
			cols[ncols++] = name;
	}
	for (i = 0; i < s->nsyscalls; i++) {
		const struct store_report_syscall *e = &s->syscalls[i];
		const char *sc = S(e->syscall), *arch = S(e->arch);
		const char *phase = S(e->phase);
		struct hcell *cell;
		size_t k, col;

		if (strcmp(S(e->exe), exe))
			continue;
		for (col = 0; col < ncols && strcmp(cols[col], phase); col++)
			;
		if (col == ncols)
			continue;
		for (k = nrows; k > 0; k--)
			if (!strcmp(r[k - 1].syscall, sc) &&
			    !strcmp(r[k - 1].arch, arch))
				break;
		if (!k) {
			r = xgrow(r, sizeof(*r), nrows + 1, &alloc);
			r[nrows].syscall = sc;
			r[nrows].arch = arch;
			r[nrows].cells = xcalloc(ncols + 1, sizeof(*cell));
			r[nrows].total = 0;
			k = ++nrows;
		}
		cell = &r[k - 1].cells[col];
		cell->row = e;
		cell->calls += (uint64_t)(e->calls == STORE_NULL ? 0 : e->calls);
		cell->errors += (uint64_t)(e->errors == STORE_NULL ? 0 :
					   e->errors);
		r[k - 1].total += (uint64_t)(e->calls == STORE_NULL ? 0 :
					     e->calls);
		cell->cls = policy_class(c->o, phase, exe, arch, sc);
		if ((e->stack && *e->stack) || cell_facts(&c->facts, e)) {
			cell->detail = ++c->next_id;
			c->details = xgrow(c->details, sizeof(*c->details),
					   c->ndetails + 1, &c->details_alloc);
			c->details[c->ndetails++] = i;
		}
	}
	if (nrows)
		qsort(r, nrows, sizeof(*r), cmp_hrow);
	mx->exe = exe;
	mx->cols = cols;
	mx->ncols = ncols;
	mx->nrows = nrows;
	mx->r = r;
}

static void matrix_release(struct hmatrix *mx)
{
	size_t i;

	for (i = 0; i < mx->nrows; i++)
		free(mx->r[i].cells);
	free(mx->r);
	free(mx->cols);
}

/* The row heading: the syscall, and its arch when not the native one. */
static void matrix_row_head(FILE *f, const struct hrow *r)
{
	const char *native = arch_name(arch_native());

	fputs("<tr><th>", f);
	h(f, r->syscall);
	if (native && strcmp(r->arch, native)) {
		fputs(" [", f);
		h(f, r->arch);
		fputc(']', f);
	}
	fputs("</th>", f);
}

static const char *cell_title(char cls)
{
	return cls == 'u' ? "not allowed by the policy" :
			    "allowed for some argument values only";
}

/* One cell per count: what a browser lays out as it parses. */
static void matrix_write_cells(FILE *f, const struct hmatrix *mx)
{
	size_t i, j;

	fputs("<div class=wrap><table class=m>"
	      "<thead><tr><th title=\"click a heading to sort\">syscall"
	      "</th>", f);
	for (j = 0; j < mx->ncols; j++) {
		fputs("<th>", f);
		h(f, mx->cols[j]);
		fputs("</th>", f);
	}
	fputs("<th>total</th></tr></thead>\n<tbody>\n", f);
	for (i = 0; i < mx->nrows; i++) {
		matrix_row_head(f, &mx->r[i]);
		/* </td> and </tr> are optional in HTML: left out, the
		 * biggest matrices stay small */
		for (j = 0; j < mx->ncols; j++) {
			const struct hcell *cl = &mx->r[i].cells[j];

			if (!cl->row) {
				fputs("<td>", f);
				continue;
			}
			fprintf(f, "<td class=%c", cl->cls ? cl->cls :
							   heat(cl->calls));
			if (cl->errors)
				fprintf(f, " data-e=%" PRIu64, cl->errors);
			if (cl->cls)
				fprintf(f, " title=\"%" PRIu64 " calls, %"
					PRIu64 " failed, %s\"", cl->calls,
					cl->errors, cell_title(cl->cls));
			if (cl->detail)
				fprintf(f, "><a href=\"#d%d\">%" PRIu64
					"</a>", cl->detail, cl->calls);
			else
				fprintf(f, ">%" PRIu64, cl->calls);
		}
		fprintf(f, "<td class=t>%" PRIu64 "\n", mx->r[i].total);
	}
	fputs("</tbody></table></div>\n", f);
}

/* Characters a browser shows for s (UTF-8 code points). */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static size_t digits(uint64_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/*
 * A big matrix, compact: one text cell per row, the counts aligned under
 * the phases in a preformatted line ("-" where nothing was seen), the
 * errors per column in the cell's data-e.  A browser parses a tenth of the
 * nodes; with JavaScript off this is the matrix, and the page's script
 * turns a table into cells (colours, red corners, sorting) as it comes
 * into view.  A count with a policy colour or a detail block is an
 * element of its own, so both work without the script.
 */
static void matrix_write_compact(FILE *f, const struct hmatrix *mx)
{
	size_t *w = xcalloc(mx->ncols + 1, sizeof(*w));
	size_t i, j;

	for (j = 0; j <= mx->ncols; j++)
		w[j] = text_width(j < mx->ncols ? mx->cols[j] : "total");
	for (i = 0; i < mx->nrows; i++) {
		for (j = 0; j < mx->ncols; j++)
			if (mx->r[i].cells[j].row &&
			    digits(mx->r[i].cells[j].calls) > w[j])
				w[j] = digits(mx->r[i].cells[j].calls);
		if (digits(mx->r[i].total) > w[mx->ncols])
			w[mx->ncols] = digits(mx->r[i].total);
	}
	fputs("<div class=wrap><table class=\"m c\">"
	      "<thead><tr><th title=\"click a heading to sort\">syscall"
	      "</th><th class=r>", f);
	for (j = 0; j <= mx->ncols; j++) {
		const char *name = j < mx->ncols ? mx->cols[j] : "total";

		pad(f, (j ? 2 : 0) + w[j] - text_width(name));
		fputs("<span>", f);
		h(f, name);
		fputs("</span>", f);
	}
	fputs("</th></tr></thead>\n<tbody>\n", f);
	for (i = 0; i < mx->nrows; i++) {
		const struct hrow *r = &mx->r[i];
		bool errors = false;

		matrix_row_head(f, r);
		fputs("<td class=r", f);
		for (j = 0; j < mx->ncols; j++)
			errors = errors || r->cells[j].errors;
		if (errors) {
			fputs(" data-e=\"", f);
			for (j = 0; j < mx->ncols; j++)
				fprintf(f, "%s%" PRIu64, j ? " " : "",
					r->cells[j].errors);
			fputc('"', f);
		}
		fputc('>', f);
		for (j = 0; j < mx->ncols; j++) {
			const struct hcell *cl = &r->cells[j];

			if (!cl->row) {
				pad(f, (j ? 2 : 0) + w[j] - 1);
				fputc('-', f);
				continue;
			}
			pad(f, (j ? 2 : 0) + w[j] - digits(cl->calls));
			if (cl->detail)
				fprintf(f, "<a href=\"#d%d\"", cl->detail);
			else if (cl->cls)
				fputs("<span", f);
			if (cl->cls)
				fprintf(f, " class=%c title=\"%" PRIu64
					" calls, %" PRIu64 " failed, %s\"",
					cl->cls, cl->calls, cl->errors,
					cell_title(cl->cls));
			fprintf(f, "%s%" PRIu64 "%s",
				cl->detail || cl->cls ? ">" : "", cl->calls,
				cl->detail ? "</a>" :
				cl->cls ? "</span>" : "");
		}
		pad(f, 2 + w[mx->ncols] - digits(r->total));
		fprintf(f, "%" PRIu64 "</tr>\n", r->total);
	}
	fputs("</tbody></table></div>\n", f);
	free(w);
}

/* Matrices with more cells in all are written compact (see above). */
#define MATRIX_CELLS_MAX 3000

static void section_matrix(struct hctx *c)
{
	FILE *f = c->f;
	const struct store_report *s = &c->m->s;
	struct hmatrix *mx;
	size_t i, cells = 0;

	fputs("<section id=matrix><h2>Phase &times; syscall</h2>\n"
	      "<p class=legend>Calls per code path; a red corner: some "
	      "failed (hover for how many); a "
	      "linked count has the stack of the first call and what it "
	      "touched", c->f);
	if (c->o && c->o->diff)
		fputs("; <span class=\"pill u\">not allowed by the "
		      "policy</span> <span class=\"pill k\">allowed for some "
		      "argument values only</span>", f);
	fputs(". Click a heading to sort.</p>\n"
	      "<input id=q type=search placeholder=\"filter syscalls\" "
	      "hidden>\n", f);
	if (!s->nexes)
		fputs("<p class=note>Nothing was observed.</p>\n", f);
	mx = xcalloc(s->nexes + 1, sizeof(*mx));
	for (i = 0; i < s->nexes; i++) {
		matrix_build(c, S(s->exes[i].name), &mx[i]);
		cells += mx[i].nrows * (mx[i].ncols + 1);
	}
	for (i = 0; i < s->nexes; i++) {
		fputs("<h3>", f);
		h(f, mx[i].exe);
		fputs("</h3>\n", f);
		if (cells > MATRIX_CELLS_MAX)
			matrix_write_compact(f, &mx[i]);
		else
			matrix_write_cells(f, &mx[i]);
		matrix_release(&mx[i]);
	}
	free(mx);
	fputs("</section>\n", f);
}

/* ----------------------------------------------------------- sections */

static void section_kills(FILE *f, const struct report_model *m)
{
	size_t i;

	if (!m->s.nkills)
		return;
	fprintf(f, "<section id=kills><h2>Killed by seccomp (%zu)</h2>\n",
		m->s.nkills);
	for (i = 0; i < m->s.nkills; i++) {
		const struct store_report_kill *k = &m->s.kills[i];

		fputs("<div class=kill><b class=mono>", f);
		h(f, *S(k->syscall) ? k->syscall : "(no syscall named)");
		fputs("</b> killed <span class=mono>", f);
		h_or(f, k->exe);
		fputs("</span> pid ", f);
		h_int(f, k->pid);
		fputs(" (", f);
		h_or(f, k->arch);
		fputs(", seen by ", f);
		h_or(f, k->source);
		if (k->file) {
			fputs(" at <span class=mono>", f);
			h(f, k->file);
			fputc(':', f);
			h_int(f, k->line);
			fputs("</span>", f);
		}
		fputs(")", f);
		if (k->stack && *k->stack && m->kill_caller[i]) {
			fputs("<br>called from <span class=mono>", f);
			h(f, m->kill_caller[i]);
			fputs("</span>", f);
		}
		fputs("<br><span class=fix>fix: ", f);
		h(f, m->kill_fix[i]);
		fputs("</span></div>\n", f);
	}
	fputs("</section>\n", f);
}

static void section_policy(FILE *f, const struct report_opts *o)
{
	const struct diff_result *r = o->diff;
	size_t i;
	char buf[32];

	if (!r || !o->policy)
		return;
	fputs("<section id=policy><h2>Against the policy <span class=mono>",
	      f);
	h(f, o->policy->source);
	fprintf(f, "</span></h2>\n<p>%zu compared, %zu covered, <span "
		"class=\"pill u\">%zu uncovered</span> <span class=\"pill "
		"k\">%zu conditional</span> <span class=\"pill k\">%zu "
		"unexercised</span> <span class=\"pill n\">%zu "
		"unused</span></p>\n", r->nrows, r->ncovered, r->nuncovered,
		r->nconditional, r->nunexercised, r->nunused);
	if (r->nuncovered) {
		fputs("<table class=l><tr><th>uncovered</th><th>phase</th>"
		      "<th>executable</th><th>arch</th><th>calls</th>"
		      "<th>why</th></tr>\n", f);
		for (i = 0; i < r->nuncovered; i++) {
			const struct diff_uncovered *u = &r->uncovered[i];

			fputs("<tr class=u><td class=mono>", f);
			h(f, u->syscall);
			if (u->arg) {
				fputc('(', f);
				h(f, u->arg);
				fputc(')', f);
			}
			fputs("</td><td>", f);
			h(f, u->phase);
			fputs("</td><td class=mono>", f);
			h(f, u->exe);
			fputs("</td><td>", f);
			h(f, u->arch);
			fprintf(f, "</td><td>%" PRIu64 "</td><td>", u->calls);
			h(f, u->reason ? u->reason :
					 action_name(&u->action, buf));
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	for (i = 0; i < r->nconditional; i++) {
		const struct diff_conditional *c = &r->conditional[i];

		fputs("<p><span class=\"pill k\">conditional</span> <span "
		      "class=mono>", f);
		h(f, c->syscall);
		fputs("</span> in ", f);
		h(f, c->phase);
		fputs(": ", f);
		h(f, c->reason);
		fputs("</p>\n", f);
	}
	if (r->nunexercised) {
		fputs("<table class=l><tr><th>unexercised</th><th>executable"
		      "</th><th>arch</th><th>how it is reached</th></tr>\n",
		      f);
		for (i = 0; i < r->nunexercised; i++) {
			const struct diff_unexercised *u = &r->unexercised[i];

			fputs("<tr class=k><td class=mono><span class=\"pill "
			      "k\">", f);
			h(f, u->syscall);
			fputs("</span></td><td class=mono>", f);
			h(f, u->exe);
			fputs("</td><td>", f);
			h(f, u->arch);
			fputs("</td><td>", f);
			h(f, u->reason);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	if (r->nunused) {
		fputs("<p>Allowed, never observed: ", f);
		for (i = 0; i < r->nunused; i++) {
			fputs("<span class=\"pill n\">", f);
			h(f, r->unused[i]);
			fputs("</span>", f);
		}
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
}

/* Knowledge-base flags: the --policy diff's, else evaluated on the whole
 * store with no policy (what emit would add). */
static void kb_rows(FILE *f, const struct report_opts *o)
{
	struct kb_flag *flags = NULL;
	size_t nflags = 0, i;
	bool own = false;

	if (o->diff) {
		flags = o->diff->flags;
		nflags = o->diff->nflags;
	} else if (o->st) {
		struct observed_filter all;
		struct observed_summary sum;
		struct parse_error pe;
		struct kb_fact *facts = NULL;
		size_t nfacts = 0;
		struct kb *kb;

		memset(&all, 0, sizeof(all));
		memset(&sum, 0, sizeof(sum));
		memset(&pe, 0, sizeof(pe));
		kb = kb_load(NULL, &pe);
		if (kb && observed_summarize(o->st, &all, &sum) == 0 &&
		    diff_facts_load(o->st, &all, &facts, &nfacts) == 0) {
			const char **names = xcalloc(sum.nnames + 1,
						     sizeof(*names));
			struct kb_input in;

			for (i = 0; i < sum.nnames; i++)
				names[i] = sum.names[i].syscall;
			memset(&in, 0, sizeof(in));
			in.syscalls = names;
			in.nsyscalls = sum.nnames;
			in.facts = facts;
			in.nfacts = nfacts;
			in.arches = sum.arches;
			in.narches = sum.narches;
			if (kb_evaluate(kb, &in, &flags, &nflags) == 0)
				own = true;
			free(names);
			diff_facts_free(facts, nfacts);
		}
		observed_summary_release(&sum);
		kb_free(kb);
	}
	if (!nflags) {
		fputs("<p class=note>The knowledge base adds nothing to this "
		      "trace.</p>\n", f);
		return;
	}
	fputs("<table class=l><tr><th>likely needed</th><th>severity</th>"
	      "<th>why</th><th>seen</th><th>reference</th></tr>\n", f);
	for (i = 0; i < nflags; i++) {
		fputs("<tr><td class=mono>", f);
		h(f, flags[i].syscall);
		fputs("</td><td>", f);
		h(f, flags[i].severity);
		fputs("</td><td>", f);
		h(f, flags[i].reason);
		fputs("</td><td class=mono>", f);
		h(f, flags[i].evidence);
		fputs("</td><td class=mono>", f);
		h(f, flags[i].reference);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (own)
		kb_flags_free(flags, nflags);
}

struct reach_table {
	FILE *f;
	size_t n;
};

static int reach_row(const struct store_reach_row *r, void *data)
{
	struct reach_table *t = data;
	const char *cols[] = { r->exe, r->arch, r->syscall, r->level, r->via };
	int i;

	if (!t->n++)
		fputs("<h3>Reachable in the binary, never exercised</h3>\n"
		      "<table class=l><tr><th>executable</th><th>arch</th>"
		      "<th>syscall</th><th>level</th><th>via</th></tr>\n",
		      t->f);
	fputs("<tr>", t->f);
	for (i = 0; i < 5; i++) {
		fputs(i == 1 || i == 3 ? "<td>" : "<td class=mono>", t->f);
		h(t->f, cols[i]);
		fputs("</td>", t->f);
	}
	fputs("</tr>\n", t->f);
	return 0;
}

/* Static reach the traces never exercised (the `reachable` view). */
static void reach_rows(FILE *f, struct store *st)
{
	struct reach_table t = { .f = f };

	if (!st || store_each_unexercised_reach(st, 2000, reach_row, &t) < 0)
		return;
	if (t.n)
		fputs("</table>\n", f);
	else
		fputs("<p class=note>No static reach beyond what the traces "
		      "show (or no <span class=mono>scan</span> was "
		      "stored).</p>\n", f);
}

static void section_added(FILE *f, const struct report_opts *o)
{
	fputs("<section id=added><h2>Added by the knowledge base and static "
	      "reach</h2>\n", f);
	kb_rows(f, o);
	reach_rows(f, o->st);
	fputs("</section>\n", f);
}

/* One frame of a detail block's stack, as the JSON model gives it
 * (function and object escaped as text), then escaped for HTML. */
static bool detail_frame(const struct report_frame *fr, void *data)
{
	FILE *f = data;
	struct strbuf fn = STRBUF_INIT, obj = STRBUF_INIT;

	if (fr->function)
		esc_text(&fn, fr->function);
	if (fr->object)
		esc_text(&obj, fr->object);
	fprintf(f, "<li%s>", report_object_is_system(obj.len ? obj.buf :
						     NULL) ? " class=sys" : "");
	/* the offset in hex, as the text report and the stack store it */
	if (fr->function) {
		fputs("<b>", f);
		h(f, fn.buf);
		fprintf(f, "</b>+0x%llx", (unsigned long long)fr->offset);
	} else {
		fprintf(f, "0x%llx", (unsigned long long)fr->offset);
	}
	if (obj.len) {
		fputs(" <span class=note>", f);
		h(f, obj.buf);
		fputs("</span>", f);
	}
	fputs("</li>", f);
	strbuf_release(&fn);
	strbuf_release(&obj);
	return true;
}

static void section_details(struct hctx *c)
{
	FILE *f = c->f;
	size_t i, n;

	if (!c->ndetails)
		return;
	fputs("<section id=details><h2>Where the first calls came from"
	      "</h2>\n", f);
	for (i = 0; i < c->ndetails; i++) {
		const struct store_report_syscall *row =
			&c->m->s.syscalls[c->details[i]];
		const char *caller = c->m->caller[c->details[i]];
		const struct hfact *fa = cell_facts(&c->facts, row);
		const struct hfact *end = c->facts.v + c->facts.n;
		const char *key = fa ? fa->key : NULL;

		fprintf(f, "<div class=det id=d%zu><h4>", i + 1);
		h(f, S(row->phase));
		fputs(" / ", f);
		h(f, S(row->syscall));
		fputs(" &mdash; ", f);
		h(f, S(row->exe));
		fputs("</h4>\n", f);
		if (row->stack && *row->stack && caller) {
			fputs("<p>called from <span class=mono>", f);
			h(f, caller);
			fputs("</span></p>\n", f);
		}
		if (row->stack && *row->stack) {
			fputs("<ol class=stack>", f);
			report_stack_each(row->stack, detail_frame, f);
			fputs("</ol>\n", f);
		}
		for (n = 0; fa && fa < end && !strcmp(fa->key, key); fa++) {
			if (!fa->shown || n == FACTS_PER_CELL)
				continue;
			fputs(n++ ? "" : "<p>", f);
			fputs("<span class=pill>", f);
			h(f, fa->kind);
			fputs(": <span class=mono>", f);
			h(f, fa->value);
			fprintf(f, "</span> &times;%" PRId64 "</span> ",
				fa->count);
		}
		if (n)
			fputs("</p>\n", f);
		fputs("</div>\n", f);
	}
	fputs("</section>\n", f);
}

static const char *run_engine(const char *kind)
{
	if (!strcmp(kind, "record") || !strcmp(kind, "attach") ||
	    !strcmp(kind, "verify"))
		return "ptrace";
	if (!strcmp(kind, "import"))
		return "log import";
	return kind;
}

static void section_runs(FILE *f, const struct report_model *m)
{
	size_t i;
	char buf[64];

	fprintf(f, "<section id=runs><h2>Runs (%zu)</h2>\n<table class=l>"
		"<tr><th>#</th><th>kind</th><th>engine</th><th>traced / "
		"imported</th><th>command line</th><th>started</th>"
		"<th>finished</th><th>status</th></tr>\n", m->s.nruns);
	for (i = 0; i < m->s.nruns; i++) {
		const struct store_report_run *r = &m->s.runs[i];

		fprintf(f, "<tr><td>%" PRId64 "</td><td>",
			r->id == STORE_NULL ? 0 : r->id);
		h_or(f, r->kind);
		fputs("</td><td>", f);
		h(f, run_engine(S(r->kind)));
		fputs("</td><td class=mono>", f);
		h_or(f, r->source);
		fputs("</td><td class=mono>", f);
		h_or(f, r->command);
		fputs("</td><td>", f);
		h_or(f, report_time(r->started_ns, buf, sizeof(buf)) ? buf :
									NULL);
		fputs("</td><td>", f);
		if (report_time(r->ended_ns, buf, sizeof(buf))) {
			fputs("yes, ", f);
			h(f, buf);
		} else {
			fputs("<b>no</b> (still running, or the tracer "
			      "died)", f);
		}
		fputs("</td><td>", f);
		h_int(f, r->status);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</section>\n", f);
}

static void section_problems(FILE *f, const struct report_model *m)
{
	size_t i;

	if (!m->s.nproblems)
		return;
	fprintf(f, "<section id=problems><h2>Bad input lines (%" PRId64
		")</h2>\n<table class=l>", m->s.problems_total);
	for (i = 0; i < m->s.nproblems; i++) {
		const struct store_report_problem *e = &m->s.problems[i];

		fputs("<tr><td class=mono>", f);
		h_or(f, e->file);
		fputc(':', f);
		h_int(f, e->line);
		fputs("</td><td>", f);
		h_or(f, e->reason);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</section>\n", f);
}

int report_write_html(FILE *f, const struct report_model *m,
		      const struct report_opts *o)
{
	static const struct report_opts none;
	const struct store_report *s = &m->s;
	struct hctx c;

	if (!o)
		o = &none;
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.m = m;
	c.o = o;
	load_facts(o->st, &c.facts);
	fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\""
	      "default-src 'none'; style-src 'unsafe-inline'; script-src "
	      "'sha256-" JS_SHA256 "'\">\n<meta name=viewport content=\"width="
	      "device-width\">\n<title>syscensus report</title>\n<style>",
	      f);
	fputs(css, f);
	fputs("</style></head>\n<body>\n<header><h1>syscensus report</h1>"
	      "<p><span class=mono>", f);
	h(f, S(m->database));
	fprintf(f, "</span> &middot; %zu runs &middot; %zu executables "
		"&middot; %" PRId64 " distinct syscalls &middot; %" PRId64
		" calls &middot; %" PRId64 " errors", s->nruns, s->nexes,
		s->distinct_syscalls, s->calls, s->errors);
	if (s->nkills)
		fprintf(f, " &middot; <a href=\"#kills\">%zu killed by "
			"seccomp</a>", s->nkills);
	if (o->diff)
		fprintf(f, " &middot; <a href=\"#policy\">%zu uncovered</a>",
			o->diff->nuncovered);
	fputs("</p></header>\n<main>\n<noscript><p class=note>Sorting and "
	      "filtering need JavaScript; everything else is here."
	      "</p></noscript>\n", f);
	section_matrix(&c);
	section_kills(f, m);
	section_policy(f, o);
	section_added(f, o);
	section_details(&c);
	section_runs(f, m);
	section_problems(f, m);
	fputs("</main>\n<script>", f);
	fputs(js, f);
	fputs("</script>\n</body></html>\n", f);
	facts_release(&c.facts);
	free(c.details);
	return 0;
}
