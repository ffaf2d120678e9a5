#!/usr/bin/python3
"""check-sql.py - the store owns the SQL: no .c file outside src/store/ and
src/central/ (the centre's own database) holds SQL, i.e. a string literal with a
statement (SELECT x, INSERT INTO/OR, UPDATE t SET, DELETE FROM, CREATE
TABLE/INDEX/TRIGGER/VIEW), or a sqlite3_ call or type (comments are not read).

The files that still hold SQL while it is moved into the store are listed in
EXCEPTIONS (default tests/sql-exceptions.txt, one path per line, # starts a
comment). The check fails (exit 1, FILE:LINE for each finding) on SQL in a
file not listed, and on a listed file that holds none any more (or is gone):
the list only shrinks, until it is empty.

Usage: tools/check-sql.py [SRCDIR [EXCEPTIONS]]   (default: src tests/sql-exceptions.txt)
Paths in the list and in the report are SRCDIR/FOLDER/FILE.c as given.
"""
import os
import re
import sys

OWNERS = ('store', 'central')
KEYWORDS = re.compile(r'\b(SELECT \S|INSERT (INTO|OR) |UPDATE (\w+ )?SET\b|UPDATE \w+ ?"$|DELETE FROM |'
                      r'CREATE (TABLE|INDEX|UNIQUE|TRIGGER|VIEW|TEMP|VIRTUAL)\b)')
SQLITE = re.compile(r'\bsqlite3_\w*')
# C tokens that matter here: comments (dropped), string and character literals
TOKEN = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def findings(path):
    """[(line, what)] of the SQL in the C file PATH."""
    text = open(path, encoding='utf-8', errors='replace').read()
    out = []
    pos = 0
    code = []   # (offset, text) of the code between tokens

    def line_of(off):
        return text.count('\n', 0, off) + 1

    for m in TOKEN.finditer(text):
        code.append((pos, text[pos:m.start()]))
        tok = m.group(0)
        if tok.startswith('"'):
            k = KEYWORDS.search(tok)
            if k:
                out.append((line_of(m.start()), 'SQL in a string: %s' % tok[:60]))
        pos = m.end()
    code.append((pos, text[pos:]))
    for off, chunk in code:
        for k in SQLITE.finditer(chunk):
            out.append((line_of(off + k.start()), 'SQLite call: %s' % k.group(0)))
    return sorted(set(out))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else 'src'
    exc_path = sys.argv[2] if len(sys.argv) > 2 else 'tests/sql-exceptions.txt'
    listed = []
    if os.path.exists(exc_path):
        for line in open(exc_path, encoding='utf-8'):
            line = line.split('#', 1)[0].strip()
            if line:
                listed.append(line)
    problems = []
    with_sql = set()
    for d in sorted(os.listdir(src)):
        if d in OWNERS or not os.path.isdir(os.path.join(src, d)):
            continue
        for f in sorted(os.listdir(os.path.join(src, d))):
            if not f.endswith('.c'):
                continue
            path = os.path.join(src, d, f)
            found = findings(path)
            if found:
                with_sql.add(path)
            if found and path not in listed:
                for no, what in found:
                    problems.append('%s:%d: %s (SQL belongs in src/store/)' % (path, no, what))
    for path in listed:
        if path not in with_sql:
            problems.append('%s: listed in %s but holds no SQL (any more): take it out of the list'
                            % (path, exc_path))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
