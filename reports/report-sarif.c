/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-sarif.c - SARIF 2.1.0 for code scanning (GitHub annotates the
 * line of the allowlist in a pull request): `check --format sarif` and
 * `lint --format sarif`.  One rule per finding kind (uncovered,
 * unexercised, knowledge-base sibling, lint pitfall, argument value
 * denied); the policy file is the artifact; each result has message.text
 * naming the syscall and a physical location in the policy file: the rule
 * that denies the syscall, or the line where an allow rule for it would
 * go (report_policy_line()), line 1 when the reader knew no line.
 *
 * Built with jansson: every traced string is a JSON string, never
 * spliced into the text.
 */
#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define HELP_URI "https://github.com/syscensus/syscensus#readme"

enum sarif_rule {
	RULE_UNCOVERED,
	RULE_UNEXERCISED,
	RULE_SIBLING,
	RULE_LINT,
	RULE_ARG,
	RULE_COUNT,
};

/* One rule per finding kind, in enum order (ruleIndex). */
static const struct {
	const char *id, *name, *level, *short_text, *full_text;
} rules[RULE_COUNT] = {
	[RULE_UNCOVERED] = { "uncovered", "UncoveredSyscall", "error",
		"An observed syscall is not allowed by the policy.",
		"The program made this syscall during a traced code path, "
		"and the policy does not allow it: under the filter the "
		"call is denied (the process may be killed). Add the "
		"syscall to the allowlist, or find out why the program "
		"calls it." },
	[RULE_UNEXERCISED] = { "unexercised", "UnexercisedSyscall",
		"warning",
		"The program can reach a syscall no trace exercised.",
		"Static reach found this syscall in the program or its "
		"libraries, but no traced code path made it: a test is "
		"missing, or the policy will deny it the day that path "
		"runs." },
	[RULE_SIBLING] = { "kb-sibling", "KnowledgeBaseSibling", "warning",
		"The same code is likely to need a sibling syscall.",
		"The knowledge base says code that makes the observed "
		"calls needs this syscall on another path, libc, kernel or "
		"architecture; the reason and a reference come with each "
		"result." },
	[RULE_LINT] = { "lint-pitfall", "PolicyPitfall", "warning",
		"A known pitfall in the policy.",
		"A policy construct known to break programs or weaken the "
		"filter: kill-thread actions, EPERM where libc only falls "
		"back on ENOSYS, a permissive default, missing essential "
		"syscalls, dangerous syscalls without argument conditions, "
		"raw BPF without an architecture check." },
	[RULE_ARG] = { "argument-value-denied", "ArgumentValueDenied",
		"error",
		"An observed argument value is denied by the policy.",
		"The policy allows this syscall for some argument values "
		"only, and the trace shows a call with a value it denies." },
};

/* json_string() refuses invalid UTF-8: traced bytes are kept, escaped. */
static json_t *jstr(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (!s)
		return json_string("");
	j = json_string(s);
	if (j)
		return j;
	esc_text(&sb, s);
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j ? j : json_string("");
}

/* A URI reference for path: relative paths stay relative (GitHub resolves
 * them against the repository), absolute ones become file:// URIs; every
 * byte outside RFC 3986's unreserved set and '/' is percent-encoded. */
static char *path_uri(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;
	char *real = NULL;

	if (path[0] == '/') {
		strbuf_addstr(&sb, "file://");
		/* no "." or ".." segment (SARIF1002: a symlink gives them
		 * another meaning on the consumer's machine) */
		real = realpath(path, NULL);
		if (real)
			path = real;
	}
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			strbuf_addch(&sb, *p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	}
	free(real);
	return strbuf_detach(&sb, NULL);
}

static int cmp_name(const char *a, const char *b)
{
	return strcmp(a, b);
}

unsigned long report_policy_line(const struct policy *p, const char *syscall,
				 const char **file)
{
	const struct policy_rule *before = NULL, *first = NULL;
	size_t i;

	*file = p->source;
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (!r->line || !r->syscall)
			continue;
		if (!strcmp(r->syscall, syscall) && !action_allows(&r->action)) {
			*file = r->file ? r->file : p->source;
			return r->line;
		}
	}
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (!r->line || !r->syscall || !action_allows(&r->action))
			continue;
		if (!first)
			first = r;
		if (cmp_name(r->syscall, syscall) < 0 &&
		    (!before || cmp_name(r->syscall, before->syscall) > 0))
			before = r;
	}
	if (!before)
		before = first;
	if (!before)
		return 1;
	*file = before->file ? before->file : p->source;
	return before->line;
}

struct sarif {
	json_t *root, *results, *artifacts;
	const struct policy *p;
};

static json_t *rule_json(enum sarif_rule k)
{
	json_t *r = json_object(), *t;

	json_object_set_new(r, "id", json_string(rules[k].id));
	json_object_set_new(r, "name", json_string(rules[k].name));
	t = json_object();
	json_object_set_new(t, "text", json_string(rules[k].short_text));
	json_object_set_new(r, "shortDescription", t);
	t = json_object();
	json_object_set_new(t, "text", json_string(rules[k].full_text));
	json_object_set_new(r, "fullDescription", t);
	t = json_object();
	json_object_set_new(t, "level", json_string(rules[k].level));
	json_object_set_new(r, "defaultConfiguration", t);
	json_object_set_new(r, "helpUri", json_string(HELP_URI));
	t = json_object();
	json_object_set_new(t, "text", json_string(rules[k].full_text));
	json_object_set_new(r, "help", t);
	return r;
}

static void sarif_init(struct sarif *s, const struct policy *p)
{
	json_t *run = json_object(), *tool = json_object();
	json_t *driver = json_object(), *rl = json_array(), *runs;
	char *uri = path_uri(p->source);
	json_t *art = json_object(), *loc = json_object();
	size_t k;

	s->p = p;
	s->root = json_object();
	json_object_set_new(s->root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(s->root, "version", json_string("2.1.0"));
	json_object_set_new(driver, "name", json_string("syscensus"));
	json_object_set_new(driver, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(driver, "semanticVersion",
			    json_string(PACKAGE_VERSION));
	json_object_set_new(driver, "informationUri", json_string(HELP_URI));
	for (k = 0; k < RULE_COUNT; k++)
		json_array_append_new(rl, rule_json((enum sarif_rule)k));
	json_object_set_new(driver, "rules", rl);
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);
	/* the policy file is the artifact (index 0); drop-ins follow */
	s->artifacts = json_array();
	json_object_set_new(loc, "uri", jstr(uri));
	json_object_set_new(art, "location", loc);
	json_object_set_new(art, "roles",
			    json_pack("[s]", "analysisTarget"));
	json_array_append_new(s->artifacts, art);
	free(uri);
	json_object_set_new(run, "artifacts", s->artifacts);
	s->results = json_array();
	json_object_set_new(run, "results", s->results);
	json_object_set_new(run, "columnKind",
			    json_string("unicodeCodePoints"));
	runs = json_array();
	json_array_append_new(runs, run);
	json_object_set_new(s->root, "runs", runs);
}

/* The index of file's artifact, added when new. */
static size_t artifact_index(struct sarif *s, const char *file)
{
	char *uri = path_uri(file);
	json_t *a;
	size_t i;

	json_array_foreach(s->artifacts, i, a) {
		const char *u = json_string_value(json_object_get(
			json_object_get(a, "location"), "uri"));

		if (u && !strcmp(u, uri)) {
			free(uri);
			return i;
		}
	}
	a = json_pack("{s:{s:s}}", "location", "uri", uri);
	json_array_append_new(s->artifacts, a ? a : json_object());
	free(uri);
	return json_array_size(s->artifacts) - 1;
}

/* A result of rule k at line of file; props (stolen, may be NULL). */
static json_t *add_result(struct sarif *s, enum sarif_rule k,
			  const char *level, const char *text,
			  const char *file, unsigned long line, json_t *props)
{
	json_t *r = json_object(), *m = json_object(), *locs = json_array();
	json_t *loc = json_object(), *phys = json_object();
	json_t *al = json_object(), *region = json_object();
	size_t idx = artifact_index(s, file ? file : s->p->source);
	char *uri = path_uri(file ? file : s->p->source);

	json_object_set_new(r, "ruleId", json_string(rules[k].id));
	json_object_set_new(r, "ruleIndex", json_integer(k));
	json_object_set_new(r, "level", json_string(level ? level :
						     rules[k].level));
	json_object_set_new(m, "text", jstr(text));
	json_object_set_new(r, "message", m);
	json_object_set_new(al, "uri", jstr(uri));
	json_object_set_new(al, "index", json_integer((json_int_t)idx));
	json_object_set_new(phys, "artifactLocation", al);
	json_object_set_new(region, "startLine",
			    json_integer((json_int_t)(line ? line : 1)));
	json_object_set_new(phys, "region", region);
	json_object_set_new(loc, "physicalLocation", phys);
	json_array_append_new(locs, loc);
	json_object_set_new(r, "locations", locs);
	if (props)
		json_object_set_new(r, "properties", props);
	json_array_append_new(s->results, r);
	free(uri);
	return r;
}

static int sarif_finish(FILE *f, struct sarif *s)
{
	int rc = json_dumpf(s->root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (rc == 0)
		fputc('\n', f);
	json_decref(s->root);
	return rc ? error("cannot write SARIF") : 0;
}

static const char *severity_level(const char *severity)
{
	if (!severity)
		return "note";
	if (!strcmp(severity, "error"))
		return "error";
	if (!strcmp(severity, "warning"))
		return "warning";
	return "note";
}

/* SARIF's stack of the first call: one frame per line of frames. */
static json_t *stack_sarif(const char *frames)
{
	json_t *st = json_object(), *fr = json_array();
	const char *p = frames;

	json_object_set_new(st, "message",
			    json_pack("{s:s}", "text",
				      "the first call, innermost frame "
				      "first"));
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		struct report_frame rf;
		json_t *frame = json_object(), *loc = json_object();

		report_frame_parse(p, len, &rf);
		json_object_set_new(loc, "message",
				    json_pack("{s:o}", "text", jstr(line)));
		if (rf.function)
			json_object_set_new(loc, "logicalLocations",
					    json_pack("[{s:o,s:s}]", "name",
						      jstr(rf.function),
						      "kind", "function"));
		json_object_set_new(frame, "location", loc);
		if (rf.object)
			json_object_set_new(frame, "module", jstr(rf.object));
		json_array_append_new(fr, frame);
		report_frame_release(&rf);
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
	json_object_set_new(st, "frames", fr);
	return st;
}

int report_diff_sarif(FILE *f, const struct report_diff_in *in)
{
	const struct diff_result *r = in->r;
	struct report_stacks *rs = report_stacks_new(in->st);
	struct sarif s;
	char buf[32];
	size_t i;

	sarif_init(&s, in->p);
	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];
		struct strbuf sb = STRBUF_INIT;
		const char *file;
		unsigned long line = report_policy_line(in->p, u->syscall,
							&file);
		char *frames = report_stacks_get(rs, u->phase, u->exe,
						 u->arch, u->syscall);
		json_t *props = json_object(), *res;

		strbuf_addf(&sb, "%s%s%s%s is not allowed by the policy: %"
			    PRIu64 " call%s in phase '%s' of %s [%s]; ",
			    u->syscall, u->arg ? "(" : "",
			    u->arg ? u->arg : "", u->arg ? ")" : "",
			    u->calls, u->calls == 1 ? "" : "s", u->phase,
			    u->exe, u->arch);
		if (u->reason)
			strbuf_addf(&sb, "%s.", u->reason);
		else
			strbuf_addf(&sb, "the policy says %s.",
				    action_name(&u->action, buf));
		if (frames) {
			struct strbuf cb = STRBUF_INIT;

			if (report_stack_callers(&cb, frames, u->exe))
				strbuf_addf(&sb, " First called from %s.",
					    cb.buf);
			strbuf_release(&cb);
		}
		if (u->arg)
			strbuf_addf(&sb, " Allow %s for %s too, or stop "
				    "making that call.", u->syscall, u->arg);
		else
			strbuf_addf(&sb, " Add %s to the allowlist.",
				    u->syscall);
		json_object_set_new(props, "syscall", jstr(u->syscall));
		json_object_set_new(props, "phase", jstr(u->phase));
		json_object_set_new(props, "exe", jstr(u->exe));
		json_object_set_new(props, "arch", jstr(u->arch));
		json_object_set_new(props, "calls",
				    json_integer((json_int_t)u->calls));
		if (u->arg)
			json_object_set_new(props, "arg", jstr(u->arg));
		res = add_result(&s, u->arg ? RULE_ARG : RULE_UNCOVERED, NULL,
				 sb.buf, file, line, props);
		if (frames)
			json_object_set_new(res, "stacks",
					    json_pack("[o]",
						      stack_sarif(frames)));
		free(frames);
		strbuf_release(&sb);
	}
	for (i = 0; i < r->nflags; i++) {
		const struct kb_flag *fl = &r->flags[i];
		const char *sc = fl->syscall ? fl->syscall : "?";
		struct strbuf sb = STRBUF_INIT;
		const char *file;
		unsigned long line = report_policy_line(in->p, sc, &file);
		json_t *props = json_object();

		strbuf_addf(&sb, "%s is likely needed too: %s", sc,
			    fl->reason ? fl->reason : "");
		if (fl->evidence)
			strbuf_addf(&sb, " (seen: %s)", fl->evidence);
		if (sb.len && sb.buf[sb.len - 1] != '.')
			strbuf_addch(&sb, '.');
		json_object_set_new(props, "syscall", jstr(sc));
		json_object_set_new(props, "rule", jstr(fl->rule));
		json_object_set_new(props, "reference", jstr(fl->reference));
		add_result(&s, RULE_SIBLING, severity_level(fl->severity),
			   sb.buf, file, line, props);
		strbuf_release(&sb);
	}
	/* static reach: reached by the code, never observed, denied */
	for (i = 0; i < r->nunexercised; i++) {
		const struct diff_unexercised *u = &r->unexercised[i];
		struct strbuf sb = STRBUF_INIT;
		const char *file;
		unsigned long line = report_policy_line(in->p, u->syscall,
							&file);
		json_t *props = json_object(), *via = json_array();
		size_t j;

		strbuf_addf(&sb, "%s is reachable in %s but no trace "
			    "exercised it, and the policy says %s", u->syscall,
			    u->exe ? u->exe : "?",
			    action_name(&u->action, buf));
		if (u->reason)
			strbuf_addf(&sb, ": %s", u->reason);
		if (sb.len && sb.buf[sb.len - 1] != '.')
			strbuf_addch(&sb, '.');
		for (j = 0; j < u->nvia; j++)
			json_array_append_new(via, jstr(u->via[j]));
		json_object_set_new(props, "syscall", jstr(u->syscall));
		json_object_set_new(props, "exe", jstr(u->exe));
		json_object_set_new(props, "arch", jstr(u->arch));
		json_object_set_new(props, "level", jstr(u->level));
		json_object_set_new(props, "via", via);
		add_result(&s, RULE_UNEXERCISED, NULL, sb.buf, file, line,
			   props);
		strbuf_release(&sb);
	}
	report_stacks_free(rs);
	return sarif_finish(f, &s);
}

int report_lint_sarif(FILE *f, const struct policy *p,
		      const struct lint_result *r)
{
	struct sarif s;
	size_t i;

	sarif_init(&s, p);
	for (i = 0; i < r->n; i++) {
		const struct lint_finding *lf = &r->v[i];
		struct strbuf sb = STRBUF_INIT;
		const char *file = lf->file ? lf->file : p->source;
		unsigned long line = lf->line;
		bool sibling = lf->check && !strcmp(lf->check, "sibling");
		json_t *props = json_object();

		if (!line && lf->syscall)
			line = report_policy_line(p, lf->syscall, &file);
		if (lf->syscall && !strstr(lf->message ? lf->message : "",
					   lf->syscall))
			strbuf_addf(&sb, "%s: ", lf->syscall);
		strbuf_addf(&sb, "[%s] %s", lf->check ? lf->check : "?",
			    lf->message ? lf->message : "");
		if (lf->advice)
			strbuf_addf(&sb, " Fix: %s", lf->advice);
		if (sb.len && sb.buf[sb.len - 1] != '.')
			strbuf_addch(&sb, '.');
		json_object_set_new(props, "check", jstr(lf->check));
		if (lf->syscall)
			json_object_set_new(props, "syscall",
					    jstr(lf->syscall));
		add_result(&s, sibling ? RULE_SIBLING : RULE_LINT,
			   severity_level(lf->severity), sb.buf, file, line,
			   props);
		strbuf_release(&sb);
	}
	return sarif_finish(f, &s);
}
