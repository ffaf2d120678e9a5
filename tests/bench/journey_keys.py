#!/usr/bin/env python3
"""journey_keys.py - the complete replacement journey replayed through a
pseudo-terminal (80x24), key by key as a clerk types it (Chinese one
character at a time, as an input method delivers it): time from start to the
first screen, time from 新建补办 to the journey's first screen (the form file
loaded), processing time per key (the program's own $CERTDESK_KEYSTATS:
from reading a key to the screen updated), the commit of the saved fields
that follows each screen update (before the next key is read), and bytes
written to the terminal per typed character. The journey is typed twice in
one session: the first after start (every screen opened for the first time)
and the next one, as the clerk's day goes on. Covers what the clerk
types: agreements, certificate, the whole 录入信息 form, up to 打印申请表 (the
later steps wait on the printer, the scanner and the centre, not on typing);
every typed field is checked in the database. Prints figures; asserts no timing."""
import os, pty, select, shutil, sqlite3, struct, subprocess, sys, tempfile, time, fcntl, termios

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("CERTDESK_BIN", os.path.join(ROOT, "build", "certdesk"))

ENTER, TAB = b"\r", b"\t"
F3, F5 = b"\x1bOR", b"\x1b[15~"


def settle(fd, first=2.0, quiet=0.03):
    """Bytes written in answer to a key: wait for output, then until quiet."""
    n = 0
    if not select.select([fd], [], [], first)[0]:
        return 0
    while select.select([fd], [], [], quiet)[0]:
        try:
            n += len(os.read(fd, 65536))
        except OSError:
            break
    return n


def read_until(fd, needle, timeout=10.0):
    buf = b""
    end = time.monotonic() + timeout
    while needle not in buf:
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError("waiting for %r" % needle)
        if select.select([fd], [], [], left)[0]:
            buf += os.read(fd, 65536)
    return buf


def journey(serial="712C1B5A584A1BBE"):
    """(keys, is_typed_text) in the order a clerk presses them."""
    seq = []

    def typed(s):
        seq.extend((c.encode(), True) for c in s)

    def key(*ks):
        seq.extend((k, False) for k in ks)

    key(b"y")                                   # agreements
    typed(serial); key(ENTER, ENTER)            # query, choose
    key(ENTER, ENTER, ENTER)                    # prefilled 机构名称, 证件类型, 证件号码
    typed("广东"); key(ENTER); typed("深圳"); key(ENTER); typed("南山"); key(ENTER)
    typed("深圳市南山区科技园南路18号"); key(ENTER)
    key(ENTER)                                  # 认证方式
    typed("张三"); key(ENTER); typed("440305199003071236"); key(ENTER)
    typed("王小明"); key(ENTER); typed("440306198512125564"); key(ENTER)
    typed("13800138000"); key(ENTER); typed("wxm@example.com"); key(ENTER)
    typed("行政专员"); key(ENTER)
    key(F3, ENTER, ENTER, ENTER, ENTER)         # 申请人 = 经办人
    key(ENTER)                                  # 基本户名称 (prefilled)
    typed("工商"); key(ENTER)                   # the bank search
    typed("6222021234567890123"); key(ENTER)
    typed("6222021234567890123"); key(ENTER)
    key(ENTER, ENTER)                           # 邮寄: prefilled
    typed("518057"); key(ENTER)
    key(ENTER, ENTER, ENTER)                    # 发票
    key(F5)                                     # 录入信息 done: on to 打印申请表
    return seq


def main():
    tmp = tempfile.mkdtemp(prefix="certdesk-bench-journey-")
    conf = os.path.join(tmp, "certdesk.conf")
    db = os.path.join(tmp, "bench.db")
    with open(conf, "w") as f:
        f.write("[branch]\ncode = 0755\nname = 基准网点\n[store]\ndatabase = %s\n[security]\n"
                "pwhash_opslimit = 1\npwhash_memlimit = 8192\nidle_lock_minutes = 0\n" % db)
    stats = os.path.join(tmp, "keystats")
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    subprocess.run([BIN, "--config", conf, "user", "add", "--name", "基准柜员", "--role", "clerk", "clerk1"],
                   input=b"passw0rd1\n", env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([BIN, "--config", conf, "user", "passwd", "clerk1"], input=b"passw0rd1\n", env=env,
                   check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(db)
    for serial, org, uscc in (("712C1B5A584A1BBE", "深圳市基准科技有限公司", "91350100M000100Y43"),
                              ("712C1B5A584A1C01", "深圳市第二基准有限公司", "91440300MA5DC8XX4P")):
        con.execute("INSERT INTO cert_cache (serial, holder, cert_type, valid_from, valid_to, status, org_name, "
                    "org_doc_type, org_doc_no, fetched_at) VALUES (?, ?, '机构证书', '2025-03-01', '2027-03-01', "
                    "'有效', ?, '统一社会信用代码证', ?, '2026-01-01 00:00:00')", (serial, org, org, uscc))
    con.commit()
    con.close()

    child_env = dict(env, CERTDESK_KEYSTATS=stats)
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(BIN, [BIN, "--config", conf], child_env)
    read_until(fd, "登录名:".encode())
    first = (time.monotonic() - t0) * 1000
    settle(fd, 0.2)
    os.write(fd, b"clerk1\r")
    settle(fd)
    os.write(fd, b"passw0rd1\r")
    read_until(fd, "新建补办".encode())
    settle(fd, 0.2)
    t1 = time.monotonic()
    os.write(fd, b"1")
    read_until(fd, "电子认证服务协议".encode())
    open_ms = (time.monotonic() - t1) * 1000
    settle(fd, 0.2)
    with open(stats, "w"):
        pass                                    # only the journey's keys from here

    typed_bytes = typed_chars = 0
    lat_typed, lat_other, commits, lat_next = [], [], [], []
    sf = open(stats)

    def replay(typed_lat, other_lat, count_bytes, serial="712C1B5A584A1BBE"):
        nonlocal typed_bytes, typed_chars
        for k, is_text in journey(serial):
            os.write(fd, k)
            n = settle(fd, 2.0, 0.02 if is_text else 0.05)
            for line in sf.readlines():
                us, nk, commit_us = (line.split() + ["0"])[:3]
                (typed_lat if is_text else other_lat).extend([int(us) / 1000.0 / int(nk)] * int(nk))
                if int(commit_us) > 0:
                    commits.append(int(commit_us) / 1000.0)
            if os.environ.get("JOURNEY_DEBUG"):
                print(k, n, (typed_lat if is_text else other_lat)[-1:])
            if is_text and count_bytes:
                typed_bytes += n
                typed_chars += 1

    replay(lat_typed, lat_other, True)
    time.sleep(0.2)
    settle(fd, 0.2)
    os.write(fd, b"\x1bOQ")                     # F2: saved, back to the menu; a second replacement
    settle(fd, 0.5)
    os.write(fd, b"1")
    read_until(fd, "电子认证服务协议".encode())
    settle(fd, 0.2)
    sf.readlines()
    replay(lat_next, lat_next, False, "712C1B5A584A1C01")
    time.sleep(0.2)
    settle(fd, 0.2)
    os.write(fd, b"\x1bOQ")                     # F2: the draft is saved, back to the menu
    settle(fd, 0.5)
    os.write(fd, b"\x1b[21~")                   # F10 leaves from the main menu
    settle(fd, 0.5)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    os.close(fd)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT status, org_region, applicant_name, bank_name, bank_account_confirm, "
                       "mail_postcode, screen FROM applications ORDER BY id").fetchall()
    con.close()
    sf.close()
    shutil.rmtree(tmp)

    def pct(v, q):
        v = sorted(v)
        return v[min(len(v) - 1, int(len(v) * q))] if v else float("nan")

    lat = lat_typed + lat_other
    med, p99 = pct(lat, 0.5), pct(lat, 0.99)
    print("journey: first screen (start to login screen drawn): %.1f ms (target <= 50 ms)" % first)
    print("journey: 新建补办 to the agreements drawn (form file loaded, draft created): %.1f ms" % open_ms)
    print("journey: processing per key (key read to screen updated), the first journey after start: "
          "median %.3f ms, p99 %.3f ms, max %.3f ms over %d keys (target p99 <= 1 ms)"
          % (med, p99, max(lat), len(lat)))
    print("journey:   typed characters: median %.3f ms, p99 %.3f ms over %d"
          % (pct(lat_typed, 0.5), pct(lat_typed, 0.99), len(lat_typed)))
    print("journey:   other keys (leaving a field, choosing, the next step): median %.3f ms, "
          "p99 %.3f ms over %d" % (pct(lat_other, 0.5), pct(lat_other, 0.99), len(lat_other)))
    print("journey: processing per key, the next journey in the same session: median %.3f ms, p99 %.3f ms, "
          "max %.3f ms over %d keys" % (pct(lat_next, 0.5), pct(lat_next, 0.99), max(lat_next), len(lat_next)))
    print("journey: the commit of the fields a key saved, after the screen and before the next key "
          "(synchronous = FULL): median %.3f ms, p99 %.3f ms over %d commits"
          % (pct(commits, 0.5), pct(commits, 0.99), len(commits)))
    print("journey: bytes written per typed character: %.1f over %d characters (target <= 40)"
          % (typed_bytes / max(typed_chars, 1), typed_chars))
    complete = len(rows) == 2 and all(all(r[1:6]) and r[5] == "518057" for r in rows)
    print("journey: at the end: %d drafts, every typed field saved in both: %s, they resume at: %s"
          % (len(rows), "yes" if complete else "NO", ", ".join(r[6] or "-" for r in rows)))
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
