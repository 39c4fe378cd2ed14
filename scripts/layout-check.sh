#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# layout-check.sh - the layout rules of doc/ARCHITECTURE.md, checked.  Prints
# TAP, one test per rule; make check runs it as t0090-layout-rules.sh.
#
#   sqlite     no sqlite3_ call outside common/store*.c (the store owns SQL)
#   getopt     no getopt loop outside the CLI framework (cli/cmd.c)
#   size       no C file over 1,200 lines
#   layers     tracer/ and analyzer/ include nothing from reports/ or cli/
#   common     common/ includes nothing from tracer/, analyzer/, reports/, cli/
#   spdx       every C and shell source opens with an SPDX line
#
# Issue 11 was done in steps, with some rules broken on purpose for a
# while; every rule holds now.  KNOWN below lists known violations as
# "RULE FILE" (none: keep it empty).  A rule
# whose violations are all known is "not ok ... # TODO" (the suite stays
# green); a violation not in KNOWN fails; a KNOWN entry that no longer
# violates is reported so it can be removed.  When the layout is done,
# KNOWN is empty.  LAYOUT_STRICT=1 ignores KNOWN (the real state);
# LAYOUT_KNOWN_FILE=FILE reads the list from FILE instead (the tests).
#
# usage: scripts/layout-check.sh [SRCDIR]
set -u

top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || { echo "1..0 # SKIP no source directory '$top'"; exit 0; }

MAX_LINES=1200
CLI_FRAMEWORK=cli/cmd.c
LAYERS='common tracer analyzer reports cli'

# Known violations: none since issue 11 was merged.  A new one is fixed,
# not listed.
KNOWN=''
if [ -n "${LAYOUT_KNOWN_FILE:-}" ]; then
	KNOWN=$(cat "$LAYOUT_KNOWN_FILE") || exit 1
fi
[ "${LAYOUT_STRICT:-}" = 1 ] && KNOWN=

tmp=$(mktemp -d "${TMPDIR:-/tmp}/layout-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# The C sources: tracked files when this is a git checkout, else (a
# distribution tarball) every .c/.h; never generated or fixture files.
if git -C "$top" rev-parse --show-toplevel >/dev/null 2>&1 &&
   [ "$(git -C "$top" rev-parse --show-toplevel)" = "$(pwd -P)" ]; then
	git ls-files -- '*.c' '*.h' '*.sh' >"$tmp/all"
else
	# (a build inside the tree, make distcheck's _build, the tests'
	# trash directories with their planted violations: not sources)
	find . \( -name build -o -name 'build-*' -o -name _build -o \
		-name 'trash-*' -o -name 'syscensus-*' -o -name .git \) -prune -o \
		-type f \( -name '*.[ch]' -o -name '*.sh' \) -print |
		sed 's|^\./||' >"$tmp/all"
fi
grep -vE '^(fixtures|tests/fuzz/corpus|build-aux|m4)/|(^|/)(vmlinux\.h|schema-sql\.h|config\.h|[^/]*\.skel\.h)$' \
	"$tmp/all" | sort >"$tmp/files"
grep -E '\.[ch]$' "$tmp/files" >"$tmp/c"
: >"$tmp/code"
for l in $LAYERS; do
	grep -E "^$l/" "$tmp/c" >>"$tmp/code"
done

# The code of the C files as "FILE<TAB>LINE", with comments and the
# insides of string and character literals blanked, so a word in a comment
# or a message is not a call.
awk '
FNR == 1 { state = "" }
{
	out = ""; n = length($0); i = 1
	while (i <= n) {
		c = substr($0, i, 1); d = substr($0, i, 2)
		if (state == "comment") {
			if (d == "*/") { state = ""; i += 2; out = out "  " }
			else { i++; out = out " " }
		} else if (state == "str" || state == "chr") {
			q = state == "str" ? "\"" : "'\''"
			if (c == "\\") { i += 2; out = out "  " }
			else if (c == q) { state = ""; i++; out = out c }
			else { i++; out = out " " }
		} else if (d == "/*") { state = "comment"; i += 2; out = out "  " }
		else if (d == "//") { break }
		else if (c == "\"") { state = "str"; i++; out = out c }
		else if (c == "'\''") { state = "chr"; i++; out = out c }
		else { out = out c; i++ }
	}
	# a literal never spans lines (a continued macro line aside)
	if (state == "str" || state == "chr") state = ""
	print FILENAME "\t" out
}' $(cat "$tmp/code") /dev/null >"$tmp/stripped"

# ---------------------------------------------------------------- the rules
# Each writes "FILE: why" lines to $tmp/v.RULE.

awk -F '\t' '$1 !~ /^common\/store[^\/]*\.[ch]$/ &&
	substr($0, length($1) + 2) ~ /sqlite3_/ { n[$1]++ }
	END { for (f in n) print f ": " n[f] " lines call sqlite3_" }' \
	"$tmp/stripped" | sort >"$tmp/v.sqlite"

awk -F '\t' -v fw="$CLI_FRAMEWORK" '$1 != fw &&
	substr($0, length($1) + 2) ~ /(^|[^A-Za-z0-9_])getopt(_long|_long_only)?[ \t]*\(/ { n[$1]++ }
	END { for (f in n) print f ": calls getopt" }' \
	"$tmp/stripped" | sort >"$tmp/v.getopt"

# Quoted includes, resolved as the compiler does: next to the includer,
# else from the top (-I top_srcdir), else in common/ (-I common).
grep -H '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' $(cat "$tmp/code") /dev/null |
awk -v layers="$LAYERS" -v all="$tmp/all" '
function norm(p) {
	while (gsub(/\/\.\//, "/", p)) ;
	sub(/^\.\//, "", p)
	while (sub(/[^\/.][^\/]*\/\.\.\//, "", p)) ;
	return p
}
function layer(p,   i) {
	for (i in L)
		if (index(p, L[i] "/") == 1)
			return L[i]
	return ""
}
BEGIN {
	split(layers, L, " ")
	while ((getline f < all) > 0)
		have[f] = 1
}
{
	f = $0; sub(/:.*/, "", f)
	inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
	dir = f; sub(/\/[^\/]*$/, "", dir)
	if ((p = norm(dir "/" inc)) in have) path = p
	else if ((p = norm(inc)) in have) path = p
	else if ((p = norm("common/" inc)) in have) path = p
	else path = norm(inc)
	from = layer(f); to = layer(path)
	if ((from == "tracer" || from == "analyzer") && (to == "reports" || to == "cli"))
		print f ": includes \"" inc "\" (" to "/)" > (out ".layers")
	if (from == "common" && to != "" && to != "common")
		print f ": includes \"" inc "\" (" to "/)" > (out ".common")
}' out="$tmp/v"
touch "$tmp/v.layers" "$tmp/v.common"

xargs wc -l <"$tmp/c" | awk -v max="$MAX_LINES" '$2 != "total" && $1 > max {
	print $2 ": " $1 " lines (at most " max ")" }' | sort >"$tmp/v.size"

awk 'FNR == 1 { ok[FILENAME] = 0 }
	FNR <= 3 && /SPDX-License-Identifier:/ { ok[FILENAME] = 1 }
	END { for (f in ok) if (!ok[f])
		print f ": no SPDX-License-Identifier line at the top" }' \
	$(cat "$tmp/files") /dev/null | sort >"$tmp/v.spdx"

# ---------------------------------------------------------------- TAP
echo "1..6"
num=0
fail=0
report() {
	rule=$1 title=$2
	num=$((num + 1))
	known=$(printf '%s\n' "$KNOWN" | sed -n "s/^$rule //p")
	new=
	while IFS= read -r line; do
		f=${line%%: *}
		if printf '%s\n' "$known" | grep -qxF "$f"; then
			:
		else
			new="$new$line
"
		fi
	done <"$tmp/v.$rule"
	for k in $known; do
		grep -q "^$k: " "$tmp/v.$rule" ||
			echo "# $rule: '$k' is in KNOWN but no longer violates: remove it"
	done
	if [ ! -s "$tmp/v.$rule" ]; then
		echo "ok $num - $title"
	elif [ -n "$new" ]; then
		echo "not ok $num - $title"
		printf '%s' "$new" | sed 's/^/#   /'
		fail=1
	else
		echo "not ok $num - $title # TODO known violations (KNOWN in scripts/layout-check.sh)"
		sed 's/^/#   /' "$tmp/v.$rule"
	fi
}
report sqlite "no sqlite3_ call outside common/store*.c"
report getopt "no getopt loop outside $CLI_FRAMEWORK"
report size "no C file over $MAX_LINES lines"
report layers "tracer/ and analyzer/ include nothing from reports/ or cli/"
report common "common/ includes nothing from the other layers"
report spdx "every C and shell source opens with an SPDX line"
exit $fail
