#!/usr/bin/python3
"""check-layers.py - the source layout of certdesk, and its check.

Source layout: src/FOLDER/*.c and *.h, one folder per layer; a file names
another with #include "FOLDER/file.h" (the Makefile builds src/*/*.c).

    core     knows no database and no ncurses: vocabularies (status, access,
             certvocab), validation, configuration, clock, paths, logging,
             masking, UTF-8, tab files, utilities
    store    the database (SQLite): schema and migrations, applications,
             audit, attachments, orders, operators, reference data,
             review, backup. The only folder (with central) holding SQL.
    form     forms/*.form parsed (form.h) and bound to one application
             (formstate.h); form/form_lib.h says what it offers
    sync     the centre's protocol, HTTP, the sync daemon
    print    the printed application form and its PDF
    export   the xlsx export
    tui      the counter terminal (ncursesw): engine and screens
    cli      certdesk(1): main.c and one cmd_*.c per command
    central  certdesk-central(1), beside the rest: it uses core only, and
             nothing outside it includes it

A folder may include its own files and those of lower layers:
core < store < form < sync, print, export < tui, cli. Folders of one layer do
not include each other, except cli -> tui (cli/cmd_tui.c starts the TUI;
cli/cmd_qr.c uses tui/termsafe.h to write safely to the terminal).

This script reads the #include "dir/..." lines of src/*/*.[ch] and fails
(exit 1, one line per include: FILE:LINE and the rule broken) on an include
against the layers, an unknown folder, a cycle between folders, or two
modules of one folder (file names without .c/.h) that include each other
(store.c <-> audit.c was one: the audit vocabulary is now audit_actions.h,
below both; store.c <-> backup.c another: the page copy is now dbcopy.c).
A pair that must stay would be listed in MUTUAL_KNOWN with its reason.

A folder's private headers (PRIVATE) are included only by the files of that
folder: store/store_impl.h, the members of struct store, which is an opaque
handle everywhere else. The directories named after SRCDIR (the tests, the
benchmarks, the fuzz harnesses: every *.c and *.h under them) are read for
this rule only.

Usage: tools/check-layers.py [SRCDIR [DIR...]]   (default: src)
"""
import os
import re
import sys

RANK = {'core': 0, 'store': 1, 'form': 2, 'sync': 3, 'print': 3, 'export': 3, 'tui': 4, 'cli': 4}
SAME_LAYER = {('cli', 'tui')}
BESIDE = {'central': {'core'}}   # folder: what it may include; nothing else may include it

# Pairs of modules (folder, a, b with a < b) that still include each other, and why.
MUTUAL_KNOWN = {}

# (folder, header): why only the files of folder include it.
PRIVATE = {
    ('store', 'store_impl.h'): 'struct store is the store\'s own; elsewhere it is opaque (store/store.h)',
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"/]+)/([^"]+)"')


def allowed(a, b):
    """None when folder a may include folder b, else why not."""
    if a == b:
        return None
    if a in BESIDE:
        return None if b in BESIDE[a] else '%s may include only %s' % (a, ', '.join(sorted(BESIDE[a])))
    if b in BESIDE:
        return 'nothing outside %s includes it' % b
    if a not in RANK:
        return 'folder %s is not in the layer table (tools/check-layers.py)' % a
    if b not in RANK:
        return 'folder %s is not in the layer table (tools/check-layers.py)' % b
    if RANK[b] < RANK[a] or (a, b) in SAME_LAYER:
        return None
    if RANK[b] == RANK[a]:
        return '%s and %s are one layer and do not include each other' % (a, b)
    return '%s is below %s: a lower layer does not include a higher one' % (a, b)


def find_cycle(graph):
    """One cycle of graph {node: {node: example}} as a node list, or None."""
    state = {}
    path = []

    def visit(n):
        state[n] = 1
        path.append(n)
        for m in sorted(graph.get(n, {})):
            if state.get(m) == 1:
                return path[path.index(m):] + [m]
            if m not in state:
                c = visit(m)
                if c:
                    return c
        path.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def private_why(d, b, inc):
    """None when a file of folder d (None: outside src/) may include b/inc, else why not."""
    why = PRIVATE.get((b, inc))
    if why and d != b:
        return '%s/%s is private to src/%s: %s' % (b, inc, b, why)
    return None


def check_private(top, problems):
    """The includes of private headers in the .c/.h files under top (outside src/)."""
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(root, f)
            with open(path, encoding='utf-8', errors='replace') as fh:
                for no, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if m:
                        why = private_why(None, m.group(1), m.group(2))
                        if why:
                            problems.append('%s:%d: #include "%s/%s": %s' % (path, no, m.group(1), m.group(2), why))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else 'src'
    problems = []
    folders = {}   # folder -> {folder: 'file:line: include'}
    modules = {}   # folder -> {module: {module: 'file:line: include'}}
    for d in sorted(os.listdir(src)):
        if not os.path.isdir(os.path.join(src, d)):
            continue
        for f in sorted(os.listdir(os.path.join(src, d))):
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(src, d, f)
            mod = f[:-2]
            with open(path, encoding='utf-8', errors='replace') as fh:
                for no, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    b, inc = m.group(1), m.group(2)
                    where = '%s:%d: #include "%s/%s"' % (path, no, b, inc)
                    why = allowed(d, b)
                    if why:
                        problems.append('%s: %s -> %s: %s' % (where, d, b, why))
                    why = private_why(d, b, inc)
                    if why:
                        problems.append('%s: %s' % (where, why))
                    if b != d:
                        folders.setdefault(d, {}).setdefault(b, where)
                    else:
                        other = os.path.splitext(inc)[0]
                        if other != mod:
                            modules.setdefault(d, {}).setdefault(mod, {}).setdefault(other, where)
    for top in sys.argv[2:]:
        check_private(top, problems)
    cycle = find_cycle(folders)
    if cycle:
        problems.append('folder cycle %s:' % ' -> '.join(cycle))
        for a, b in zip(cycle, cycle[1:]):
            problems.append('  ' + folders[a][b])
    for d in sorted(modules):
        for a in sorted(modules[d]):
            for b in sorted(modules[d][a]):
                if a < b and a in modules[d].get(b, {}) and (d, a, b) not in MUTUAL_KNOWN:
                    problems.append('%s/%s and %s/%s include each other:' % (d, a, d, b))
                    problems.append('  ' + modules[d][a][b])
                    problems.append('  ' + modules[d][b][a])
    for d, a, b in sorted(MUTUAL_KNOWN):
        if not (b in modules.get(d, {}).get(a, {}) and a in modules.get(d, {}).get(b, {})):
            problems.append('%s/%s and %s/%s no longer include each other: '
                            'take them out of MUTUAL_KNOWN (tools/check-layers.py)' % (d, a, d, b))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
