/* qrterm.h - a QR code as lines of terminal text: half blocks (two modules per
 * row) or an ASCII fallback, with the 4-module quiet zone, for the identity
 * and payment screens. */
#ifndef CERTDESK_QRTERM_H
#define CERTDESK_QRTERM_H

#include <stdbool.h>
#include <stddef.h>

#define QRTERM_QUIET 4             /* modules of quiet zone on each side (ISO/IEC 18004) */
#define QRTERM_TOO_SMALL "窗口太小, 无法显示二维码"

/* Polarity. A terminal draws a character's ink in the foreground colour.
 * The lines put ink on the LIGHT modules (and the quiet zone) and leave the
 * dark modules blank, so on the usual light-on-dark terminal the code shows
 * dark modules on a light field, as phones expect. The screen draws the
 * lines with an explicit light-foreground-on-dark-background colour pair
 * (white on black) so that a terminal with a light theme shows the same;
 * in ASCII mode it paints the '#' cells white on white, so that each is a
 * solid light cell rather than a glyph (the text stays plain ASCII). */
struct qrterm {
	char **lines;              /* UTF-8 (half blocks) or ASCII; owned */
	size_t n_lines;            /* terminal rows needed */
	int cols;                  /* terminal columns needed by each line */
	int modules;               /* symbol side in modules, without the quiet zone */
	bool ascii;
	unsigned char *dark;       /* modules x modules, row-major, 1 = dark; owned */
};

/* Encode PAYLOAD (bytes, byte mode) with zint's BARCODE_QRCODE at error
 * correction level L (the smallest symbol, so that it fits 80x24; a screen
 * is not a scratched label) and draw it:
 *  - half blocks: one column per module, two modules per row with ▀ ▄ █ and
 *    space; cols = modules + 8, rows = ceil((modules + 8) / 2);
 *  - ascii: "##" (ink) or "  " per module, one row per module (for terminals
 *    that draw the block characters two columns wide, e.g. CJK fonts that
 *    treat them as ambiguous-width); cols = 2 * (modules + 8), rows = modules + 8.
 * false with *err (Chinese, caller frees) when zint refuses the payload. */
bool qrterm_render(const char *payload, size_t len, bool ascii, struct qrterm *out, char **err);
void qrterm_release(struct qrterm *q);

/* Does the code fit in a COLS x ROWS area? When not, the screen shows
 * QRTERM_TOO_SMALL instead of a code that cannot be scanned. */
bool qrterm_fits(const struct qrterm *q, int cols, int rows);

/* Is the module at (row, col) of the encoded symbol dark? For callers that
 * draw it otherwise (e.g. tests); false outside the symbol. Valid after a
 * successful qrterm_render. */
bool qrterm_module(const struct qrterm *q, int row, int col);

#endif
