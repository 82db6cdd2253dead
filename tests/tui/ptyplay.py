#!/usr/bin/python3
"""tests/tui/ptyplay.py - tianbiao on a pseudo-terminal that this script plays.

Used where tmux cannot do what a test needs: a terminal that never answers the
cursor-position question, one that answers as a terminal set to "ambiguous = wide"
would, and typing that never pauses while the program is killed at random moments.

  ptyplay.py probe ANSWER COLS ROWS -- CMD...
      ANSWER: none (never answers CSI 6n), narrow (column 2) or wide (column 3).
      Prints "asked yes|no", "shown MS" (ms until the form list was drawn) and the
      screen text after it settles (ANSI sequences removed, a rough view).
  ptyplay.py typing SEED KEYS_MS MIN_MS MAX_MS LOG -- CMD...
      Starts CMD, opens the first form (Enter), types digits one every KEYS_MS ms
      into field after field (Tab after every 6 digits), and kills the program with
      SIGKILL at a random moment between MIN_MS and MAX_MS after the first key.
      LOG gets one line per key: "MS<TAB>KEY" (ms since the first key), then
      "kill<TAB>MS".
"""
import os
import pty
import random
import re
import select
import signal
import struct
import sys
import termios
import fcntl
import time


def spawn(cmd, cols, rows):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def read_some(fd, timeout):
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:
        return None


def text_of(buf):
    s = buf.decode("utf-8", "replace")
    s = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", s)
    s = re.sub(r"\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07", "", s)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", s)


def probe(answer, cols, rows, cmd):
    t0 = time.monotonic()
    pid, fd = spawn(cmd, cols, rows)
    buf = b""
    asked = False
    shown = None
    while time.monotonic() - t0 < 10:
        got = read_some(fd, 0.05)
        if got is None:
            break
        buf += got
        if not asked and b"\x1b[6n" in buf:
            asked = True
            if answer == "narrow":
                os.write(fd, b"\x1b[1;2R")
            elif answer == "wide":
                os.write(fd, b"\x1b[1;3R")
        if shown is None and "填报单位".encode() in buf:
            shown = int((time.monotonic() - t0) * 1000)
            settle = time.monotonic()
        if shown is not None and time.monotonic() - settle > 0.5:
            break
    os.write(fd, b"\x1b[21~")  # F10
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        wpid, _ = os.waitpid(pid, os.WNOHANG)
        if wpid:
            break
        if read_some(fd, 0.05) is None:
            pass
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    print("asked", "yes" if asked else "no")
    print("shown", shown if shown is not None else "never")
    print(text_of(buf))


def typing(seed, key_ms, per_field, min_ms, max_ms, log, cmd):
    rnd = random.Random(seed)
    pid, fd = spawn(cmd, 80, 24)
    buf = b""
    t0 = time.monotonic()
    while "填报单位".encode() not in buf and time.monotonic() - t0 < 10:
        got = read_some(fd, 0.05)
        if got is None:
            break
        buf += got
    os.write(fd, b"\r")  # open the first form
    time.sleep(0.2)
    kill_at = rnd.uniform(min_ms, max_ms) / 1000.0
    out = open(log, "w")
    start = time.monotonic()
    n = 0
    while True:
        now = time.monotonic() - start
        if now >= kill_at:
            break
        if n % (per_field + 1) == per_field:
            key = b"\t"
            name = "Tab"
        else:
            d = str(rnd.randrange(10))
            key = d.encode()
            name = d
        os.write(fd, key)
        out.write("%d\t%s\n" % (int((time.monotonic() - start) * 1000), name))
        n += 1
        # drain the output so the program never blocks on a full pty
        end = time.monotonic() + key_ms / 1000.0
        while time.monotonic() < end:
            if read_some(fd, max(0.0, end - time.monotonic())) is None:
                break
    os.kill(pid, signal.SIGKILL)
    out.write("kill\t%d\n" % int((time.monotonic() - start) * 1000))
    out.close()
    os.waitpid(pid, 0)
    os.close(fd)


def main():
    a = sys.argv[1:]
    sep = a.index("--")
    args, cmd = a[:sep], a[sep + 1:]
    if args[0] == "probe":
        probe(args[1], int(args[2]), int(args[3]), cmd)
    elif args[0] == "typing":
        typing(int(args[1]), int(args[2]), int(args[3]), int(args[4]), int(args[5]),
               args[6], cmd)
    else:
        sys.exit("ptyplay.py: unknown mode")


main()
