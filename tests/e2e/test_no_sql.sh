#!/bin/sh
# test_no_sql.sh - the store owns the SQL (tools/check-sql.py): no .c file
# outside src/store/ and src/central/ holds an SQL statement or a sqlite3_
# call, except the files listed in tests/sql-exceptions.txt, and each listed
# file still does (the list only shrinks). Findings are printed as FILE:LINE.
# The check itself is checked on a copy of src/ with SQL put in and taken out.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! out=$(/usr/bin/python3 tools/check-sql.py src tests/sql-exceptions.txt 2>&1); then
	fail "SQL outside the store (tools/check-sql.py):"
	printf '%s\n' "$out" | sed 's/^/  | /'
fi

T=$(mktemp -d /tmp/certdesk-e2e-nosql-XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
fresh() {
	rm -rf "$T/src" && cp -R src "$T/src" || exit 1
	sed "s|^src/|$T/src/|" tests/sql-exceptions.txt >"$T/exceptions"
}
# expect_caught NAME FILE TEXT PATTERN: TEXT appended to FILE (under src/)
expect_caught() {
	fresh
	printf '%s\n' "$3" >>"$T/src/$2"
	line=$(wc -l <"$T/src/$2" | tr -d ' ')
	if out=$(/usr/bin/python3 tools/check-sql.py "$T/src" "$T/exceptions" 2>&1); then
		fail "$1: not caught"
	elif ! printf '%s\n' "$out" | grep -q "^$T/src/$2:$line: .*$4"; then
		fail "$1: $2:$line ($4) not reported:"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
}
expect_caught "a SELECT in the form layer" form/formstate.c \
	'static const char q[] = "SELECT code FROM banks WHERE name = ?";' 'SQL in a string'
expect_caught "an UPDATE in a screen" tui/screen_form.c \
	'static const char *q = "UPDATE applications SET org_name = ?";' 'SQL in a string'
expect_caught "a DELETE in the CLI" cli/main.c 'static const char *q = "DELETE FROM prints";' 'SQL in a string'
expect_caught "a sqlite3_ call" tui/tui.c 'static void f(sqlite3_stmt *st) { sqlite3_reset(st); }' 'sqlite3_'
# not SQL: a comment, the store's own files, a word in a message
fresh
printf '/* SELECT * FROM applications; sqlite3_step() */\n' >>"$T/src/form/form.c"
printf 'static const char *q = "SELECT 1 FROM extra";\n' >>"$T/src/store/app.c"
printf 'static const char *m = "DELETE (auto)";\n' >>"$T/src/core/util.c"
/usr/bin/python3 tools/check-sql.py "$T/src" "$T/exceptions" >"$T/out" 2>&1 ||
	{ fail "comments, the store or a message word taken for SQL:"; sed 's/^/  | /' "$T/out"; }
# a listed file without SQL any more must leave the list
fresh
first=$(grep -v '^#' tests/sql-exceptions.txt | head -n 1)
if [ -n "$first" ]; then
	f=$T/${first}
	printf '/* emptied */\n' >"$f"
	if out=$(/usr/bin/python3 tools/check-sql.py "$T/src" "$T/exceptions" 2>&1); then
		fail "a listed file without SQL: not caught"
	else
		printf '%s\n' "$out" | grep -q "^$f: listed in .* holds no SQL" || fail "a listed file without SQL: not named"
	fi
fi

if [ "$failures" != 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok: no SQL outside the store but the files listed in tests/sql-exceptions.txt"
