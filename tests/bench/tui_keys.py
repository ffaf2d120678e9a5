#!/usr/bin/env python3
"""tui_keys.py - the counter terminal through a pseudo-terminal (80x24):
time to the first screen, processing time per typed key, and
bytes written to the terminal per typed character (clerks often work over SSH).
Prints figures; asserts nothing (benchmarks never fail the build)."""
import os, pty, select, shutil, struct, subprocess, sys, tempfile, time, fcntl, termios

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("CERTDESK_BIN", os.path.join(ROOT, "build", "certdesk"))


def read_until(fd, needle, timeout=10.0):
    """Read the terminal output until needle (bytes) appears; returns the bytes read."""
    buf = b""
    end = time.monotonic() + timeout
    while needle not in buf:
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError("waiting for %r; got %r" % (needle, buf[-200:]))
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                raise TimeoutError("terminal closed")
            buf += data
    return buf


def drain(fd, quiet=0.05):
    n = 0
    while select.select([fd], [], [], quiet)[0]:
        try:
            n += len(os.read(fd, 65536))
        except OSError:
            break
    return n


def main():
    tmp = tempfile.mkdtemp(prefix="certdesk-bench-")
    conf = os.path.join(tmp, "certdesk.conf")
    with open(conf, "w") as f:
        f.write("[store]\ndatabase = %s/bench.db\n[security]\npwhash_opslimit = 1\n"
                "pwhash_memlimit = 8192\nidle_lock_minutes = 0\n" % tmp)
    stats = os.path.join(tmp, "keystats")
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    # the database is created before the timed start (first start migrates it)
    subprocess.run([BIN, "--config", conf, "user", "list"], env=env, check=True,
                   stdout=subprocess.DEVNULL)

    firsts = []
    for _ in range(5):
        child_env = dict(env)
        if _ == 4:                          # the process that is typed into records its keys
            child_env["CERTDESK_KEYSTATS"] = stats
        t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execve(BIN, [BIN, "--config", conf], child_env)
        read_until(fd, "登录名:".encode())
        drain(fd, 0.02)
        firsts.append((time.monotonic() - t0) * 1000)
        if _ < 4:
            os.write(fd, b"\x1b")           # Esc leaves the login screen
            drain(fd, 0.2)
            os.waitpid(pid, 0)
            os.close(fd)

    # typing, one key at a time (each screen update awaited): the program
    # itself records the processing time of each key ($CERTDESK_KEYSTATS)
    text = "abcdefghijklmnopqrstuvwxyz0123"
    total_bytes, typed = 0, 0
    for rnd in range(20):
        for ch in text:
            os.write(fd, ch.encode())
            select.select([fd], [], [], 5)
            total_bytes += drain(fd, 0.003)
            typed += 1
        os.write(fd, b"\x15")               # Ctrl-U clears the field
        drain(fd, 0.01)
    os.write(fd, b"\x1b")
    drain(fd, 0.2)
    os.waitpid(pid, 0)
    os.close(fd)
    lat = []
    with open(stats) as f:
        for line in f:
            us, n = line.split()[:2]
            lat.append(int(us) / 1000.0 / int(n))
    shutil.rmtree(tmp)

    lat.sort()
    firsts.sort()
    med = lat[len(lat) // 2]
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print("tui: first screen (start to login screen drawn): median %.1f ms, max %.1f ms over %d starts"
          % (firsts[len(firsts) // 2], firsts[-1], len(firsts)))
    print("tui: processing per typed key (key read to screen updated): median %.3f ms, p99 %.3f ms over %d keys"
          % (med, p99, len(lat)))
    print("tui: bytes written per typed character: %.1f (login field, 80x24)" % (total_bytes / typed))


if __name__ == "__main__":
    sys.exit(main())
