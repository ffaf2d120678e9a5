#!/usr/bin/env python3
"""pane2pgm.py - paint a captured terminal pane (tmux capture-pane -p) as the
terminal shows it with light text on a dark background, as a PGM image for
zbarimg: each cell 4x8 pixels; U+2588 fills it, U+2580 the upper half,
U+2584 the lower half, '#' fills it (certdesk's ASCII QR fallback), anything
else is background. Usage: pane2pgm.py PANE.txt OUT.pgm"""
import sys

CW, CH, MARGIN = 4, 8, 24
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
cols = max((len(l) for l in lines), default=0)
w, h = cols * CW + 2 * MARGIN, len(lines) * CH + 2 * MARGIN
px = bytearray(w * h)
for r, line in enumerate(lines):
    for c, ch in enumerate(line):
        top = ch in "\u2588\u2580#"
        bottom = ch in "\u2588\u2584#"
        for y in range(CH):
            if top if y < CH // 2 else bottom:
                row = (MARGIN + r * CH + y) * w + MARGIN + c * CW
                px[row:row + CW] = b"\xff" * CW
with open(sys.argv[2], "wb") as f:
    f.write(b"P5\n%d %d\n255\n" % (w, h) + bytes(px))
