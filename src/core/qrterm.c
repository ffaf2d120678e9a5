/* qrterm.c - QR codes from zint's module matrix as half-block or ASCII text. */
#include "core/qrterm.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <zint.h>

/* zint 2.10+ packs each row of encoded_data as bits, least significant first. */
static bool zint_dark(const struct zint_symbol *sym, int row, int col)
{
	return (sym->encoded_data[row][col >> 3] >> (col & 7)) & 1;
}

bool qrterm_module(const struct qrterm *q, int row, int col)
{
	if (!q->dark || row < 0 || col < 0 || row >= q->modules || col >= q->modules)
		return false;
	return q->dark[(size_t)row * (size_t)q->modules + (size_t)col];
}

/* Ink = light module, quiet zone included (see the polarity note in qrterm.h). */
static bool ink(const struct qrterm *q, int row, int col)
{
	return !qrterm_module(q, row - QRTERM_QUIET, col - QRTERM_QUIET);
}

bool qrterm_render(const char *payload, size_t len, bool ascii, struct qrterm *out, char **err)
{
	struct zint_symbol *sym;
	int rc, side;

	memset(out, 0, sizeof(*out));
	*err = NULL;
	if (!payload || !len) {
		*err = xstrdup("二维码内容为空");
		return false;
	}
	if (len > 2953) {                      /* version 40-L byte-mode capacity */
		*err = xasprintf("二维码内容太长 (%zu 字节)", len);
		return false;
	}
	sym = ZBarcode_Create();
	if (!sym)
		die("内存不足");
	sym->symbology = BARCODE_QRCODE;
	sym->input_mode = DATA_MODE;
	sym->option_1 = 1;                     /* ECC level L */
	rc = ZBarcode_Encode(sym, (const unsigned char *)payload, (int)len);
	if (rc >= ZINT_ERROR || sym->rows <= 0 || sym->rows != sym->width) {
		*err = xasprintf("无法生成二维码: %s", sym->errtxt);
		ZBarcode_Delete(sym);
		return false;
	}
	out->modules = sym->width;
	out->ascii = ascii;
	out->dark = xmalloc((size_t)out->modules * (size_t)out->modules);
	for (int r = 0; r < out->modules; r++)
		for (int c = 0; c < out->modules; c++)
			out->dark[(size_t)r * (size_t)out->modules + (size_t)c] = zint_dark(sym, r, c);
	ZBarcode_Delete(sym);

	side = out->modules + 2 * QRTERM_QUIET;
	if (ascii) {
		out->cols = 2 * side;
		out->n_lines = (size_t)side;
		out->lines = xcalloc(out->n_lines, sizeof(*out->lines));
		for (int r = 0; r < side; r++) {
			char *line = xmalloc((size_t)out->cols + 1);
			for (int c = 0; c < side; c++)
				memcpy(line + 2 * c, ink(out, r, c) ? "##" : "  ", 2);
			line[out->cols] = '\0';
			out->lines[r] = line;
		}
	} else {
		/* Rows of modules r and r+1 share a text row; an odd last row pairs
		 * with one more row of quiet zone. */
		out->cols = side;
		out->n_lines = (size_t)(side + 1) / 2;
		out->lines = xcalloc(out->n_lines, sizeof(*out->lines));
		for (size_t t = 0; t < out->n_lines; t++) {
			struct strbuf sb;
			int r = (int)t * 2;

			sb_init(&sb);
			for (int c = 0; c < side; c++) {
				bool top = ink(out, r, c), bottom = r + 1 >= side || ink(out, r + 1, c);
				sb_adds(&sb, top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ");
			}
			out->lines[t] = sb_detach(&sb);
		}
	}
	return true;
}

void qrterm_release(struct qrterm *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n_lines; i++)
		free(q->lines[i]);
	xfree(&q->lines);
	xfree(&q->dark);
	q->n_lines = 0;
}

bool qrterm_fits(const struct qrterm *q, int cols, int rows)
{
	return q->cols <= cols && (long)q->n_lines <= (long)rows;
}
