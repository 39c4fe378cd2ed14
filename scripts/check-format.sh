#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-format.sh - `make check-format`: every C source against the
# committed .clang-format (the file and clang-format's output differ).
#
# The tree was written before the format was checked, so most files do
# not pass yet.  scripts/format-todo lists them: they are reported (with
# the number of lines clang-format would change), not failed; any other
# file that is not formatted fails.  Reformat a listed file when nobody
# else is editing it (clang-format -i FILE, one commit that changes
# nothing else), then remove it from the list.  FORMAT_STRICT=1 fails on
# listed files too; --update-todo rewrites the list as the files that do
# not pass now (after files moved; never to hide a new file).  V=1 also
# lists the known files.  Needs clang-format (scripts/install-deps.sh).
#
# usage: scripts/check-format.sh [--update-todo] [SRCDIR]
#        exit 0 clean, 1 unformatted, 2 cannot check
set -u
update=
if [ "${1:-}" = --update-todo ]; then
	update=1
	shift
fi
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
	echo "check-format: $CLANG_FORMAT not found (scripts/install-deps.sh installs it)" >&2
	exit 2
fi
todo=scripts/format-todo
[ "${FORMAT_STRICT:-}" = 1 ] && todo=/dev/null
[ -f "$todo" ] || todo=/dev/null

# tracked C files in a git checkout, else every one but fixtures and
# generated files; policies written in C under fixtures/ and the fuzz
# corpus are inputs, not our code
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
	files=$(git ls-files -- '*.c' '*.h')
else
	files=$(find . \( -name build -o -name 'build-*' -o -name _build -o \
		-name 'trash-*' -o -name 'syscensus-*' -o -name .git \) -prune \
		-o -type f -name '*.[ch]' -print | sed 's|^\./||')
fi
files=$(printf '%s\n' "$files" |
	grep -vE '^(fixtures|tests/fuzz/corpus|build-aux|m4)/|(^|/)(vmlinux\.h|schema-sql\.h|config\.h|[^/]*\.skel\.h)$' |
	sort)

if [ -n "$update" ]; then
	for f in $files; do
		"$CLANG_FORMAT" --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"
	done >scripts/format-todo.tmp && mv scripts/format-todo.tmp scripts/format-todo
	echo "check-format: $(wc -l <scripts/format-todo) files listed in scripts/format-todo"
	exit 0
fi

out=$(mktemp "${TMPDIR:-/tmp}/check-format.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
new=0 known=0 clean=0 total=0
for f in $files; do
	total=$((total + 1))
	"$CLANG_FORMAT" "$f" >"$out" || exit 2
	if cmp -s "$f" "$out"; then
		clean=$((clean + 1))
		grep -qxF "$f" "$todo" &&
			echo "check-format: $f is formatted now: remove it from $todo"
		continue
	fi
	n=$(diff "$f" "$out" | grep -c '^<')
	if grep -qxF "$f" "$todo"; then
		known=$((known + 1))
		[ -n "${V:-}" ] && [ "$V" != 0 ] &&
			echo "check-format: $f: $n lines to reformat (in $todo)"
	else
		new=$((new + 1))
		echo "check-format: $f: not formatted ($n lines; clang-format -i $f)"
	fi
done
echo "check-format: $clean of $total files formatted, $known listed in $todo, $new not formatted"
[ "$new" -eq 0 ]
