#!/usr/bin/python3
"""man_options.py CERTDESK CERTDESK-CENTRAL MANDIR - the options the programs
accept (from the option tables, as --help prints them) against those
certdesk(1) and certdesk-central(1) document, in both directions: every
command has its subsection of COMMANDS named after it (and every such
subsection is a command), every option of a command (short and long) is in
its subsection, and every option written there is one the command accepts.
Prints each difference; exit 1 when there is one."""
import re
import subprocess
import sys

COMMON = {"-h", "--help", "-V", "--version"}
problems = []


def helped(argv):
    """The options of a --help: lines '  -x, --name ARG  …' or '      --name …'."""
    out = subprocess.run(argv + ["--help"], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        problems.append(f"{' '.join(argv)} --help exited {out.returncode}")
    opts = set()
    for line in out.stdout.splitlines():
        m = re.match(r"^  (?:(-[A-Za-z0-9]), )? *(--[a-z][a-z0-9-]*)", line)
        if m:
            opts.update(o for o in m.groups() if o)
    return opts, out.stdout


def plain(roff):
    """roff source to text, enough to find option names; quoted messages
    (\\(lq … \\(rq) are examples, not documentation of options."""
    t = re.sub(r"\\\(lq.*?\\\(rq", " ", roff, flags=re.S)
    t = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", t)
    t = t.replace("\\-", "-").replace("\\(em", " ").replace("\\(en", " ")
    t = re.sub(r"\\\(..", " ", t)
    t = re.sub(r"\\[&e ]", " ", t)
    t = re.sub(r"^\.[A-Za-z]+", " ", t, flags=re.M)   # macro names
    return t.replace('"', " ")


def documented(roff):
    t = plain(roff)
    opts = set(re.findall(r"(?<![\w./-])--[a-z][a-z0-9-]*[a-z0-9]", t))
    opts |= set(re.findall(r"(?<![\w./-])-[A-Za-z](?![\w-])", t))
    return opts


def sections(roff, macro):
    """{title: text} of the .SH or .SS parts of ROFF."""
    parts = re.split(rf"^\.{macro} +(.*)$", roff, flags=re.M)
    return {parts[i].strip().strip('"'): parts[i + 1] for i in range(1, len(parts), 2)}


def compare(what, accepted, text, required_common=False):
    doc = documented(text)
    want = accepted if required_common else accepted - COMMON
    for o in sorted(want - doc):
        problems.append(f"{what}: {o} is accepted but not documented")
    for o in sorted(doc - accepted - COMMON):
        problems.append(f"{what}: {o} is documented but not accepted")


def main():
    certdesk, central, mandir = sys.argv[1:4]
    page = open(f"{mandir}/certdesk.1", encoding="utf-8").read()
    top = sections(page, "SH")
    accepted, text = helped([certdesk])
    compare("certdesk(1) OPTIONS", accepted, top.get("OPTIONS", ""), True)
    commands = []
    in_list = False
    for line in text.splitlines():
        if line.startswith("命令"):
            in_list = True
        elif in_list and not line.strip():
            break
        elif in_list:
            commands.append(line.split()[0])
    subs = sections(top.get("COMMANDS", ""), "SS")
    for c in commands:
        if c not in subs:
            problems.append(f"certdesk(1) COMMANDS: no subsection for command {c}")
            continue
        accepted, _ = helped([certdesk, c])
        compare(f"certdesk(1) COMMANDS {c}", accepted, subs[c])
    for s in subs:
        if s not in commands:
            problems.append(f"certdesk(1) COMMANDS: subsection {s} is not a command")
    page = open(f"{mandir}/certdesk-central.1", encoding="utf-8").read()
    accepted, _ = helped([central])
    compare("certdesk-central(1) OPTIONS", accepted, sections(page, "SH").get("OPTIONS", ""), True)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
