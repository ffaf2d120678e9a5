/* test_qrterm.c - terminal QR codes decode: lines drawn as a light-on-dark
 * terminal shows them, written as an image, read back by zbarimg. */
#include "testutil.h"

#include <sys/stat.h>

#include "core/qrterm.h"

#define CELL_W 4                   /* pixels per terminal column */
#define CELL_H 8                   /* pixels per terminal row (a cell is about 1:2) */

/* Paint the lines as a terminal with a dark background and a light
 * foreground does: ink white, the rest black, plus a dark margin (the
 * terminal around the code). Each half block is half a cell high; in ASCII
 * a '#' counts as a filled cell (the screen paints it white on white).
 * LIGHT_THEME paints what a dark-on-light terminal would show if the screen
 * did not force its colour pair. */
static char *to_pgm(const struct qrterm *q, const char *dir, bool light_theme)
{
	int margin = 3 * CELL_H;
	int w = q->cols * CELL_W + 2 * margin, h = (int)q->n_lines * CELL_H + 2 * margin;
	unsigned char *px = xcalloc((size_t)w * (size_t)h, 1);
	char *path = xasprintf("%s/qr.pgm", dir);
	FILE *fp;

	for (size_t r = 0; r < q->n_lines; r++) {
		const unsigned char *s = (const unsigned char *)q->lines[r];
		int col = 0;

		while (*s) {
			bool top = false, bottom = false;

			if (*s == 0xE2 && s[1] == 0x96 && (s[2] == 0x88 || s[2] == 0x80 || s[2] == 0x84)) {
				top = s[2] != 0x84;              /* █ ▀ */
				bottom = s[2] != 0x80;           /* █ ▄ */
				s += 3;
			} else if (*s == ' ' || *s == '#') {
				top = bottom = *s == '#';
				s++;
			} else {
				fail_msg("unexpected byte 0x%02x in line %zu", *s, r);
			}
			for (int y = 0; y < CELL_H; y++)
				for (int x = 0; x < CELL_W; x++)
					if (y < CELL_H / 2 ? top : bottom)
						px[(size_t)(margin + (int)r * CELL_H + y) * (size_t)w +
						   (size_t)(margin + col * CELL_W + x)] = 255;
			col++;
		}
		assert_int_equal(col, q->cols);              /* every line is exactly cols wide */
	}
	if (light_theme)                             /* dark ink on a light background */
		for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
			px[i] = (unsigned char)(255 - px[i]);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fprintf(fp, "P5\n%d %d\n255\n", w, h);
	assert_int_equal(fwrite(px, 1, (size_t)w * (size_t)h, fp), (size_t)w * (size_t)h);
	fclose(fp);
	free(px);
	return path;
}

/* zbarimg's decoding of IMAGE (caller frees), "" when nothing was found. */
static char *zbar(const char *image)
{
	char *cmd = xasprintf("zbarimg -q --raw -Sdisable -Sqrcode.enable '%s' 2>/dev/null", image);
	FILE *p = popen(cmd, "r");
	struct strbuf sb;
	char buf[512];
	size_t n;

	assert_non_null(p);
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		sb_add(&sb, buf, n);
	pclose(p);
	free(cmd);
	if (sb.len && sb.s[sb.len - 1] == '\n')     /* zbarimg ends each symbol with a newline */
		sb.s[--sb.len] = '\0';
	return sb_detach(&sb);
}

static void decodes_to(const char *payload, bool ascii)
{
	char *dir = tu_tmpdir(), *err = NULL, *img, *got;
	struct qrterm q;

	if (!qrterm_render(payload, strlen(payload), ascii, &q, &err))
		fail_msg("render: %s", err);
	img = to_pgm(&q, dir, false);
	got = zbar(img);
	if (strcmp(got, payload))
		fail_msg("%s: decoded \"%s\", expected \"%s\"", ascii ? "ascii" : "blocks", got, payload);
	free(got);
	free(img);
	qrterm_release(&q);
	tu_rmrf(dir);
	free(dir);
}

static const char *const payloads[] = {
	"https://127.0.0.1:8443/idv/s/7f3a9c2e4b1d4e6f",
	"weixin://wxpay/bizpayurl?pr=AbC123xYz",
	"certdesk 身份核验 261125000100000427",       /* UTF-8 bytes as they are */
	"x",
};

static void half_blocks_decode_to_the_exact_payload(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(payloads); i++)
		decodes_to(payloads[i], false);
}

static void ascii_fallback_decodes_to_the_exact_payload(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(payloads); i++)
		decodes_to(payloads[i], true);
}

/* Why the screen must draw the code light-on-dark with its own colour pair:
 * the same lines on a light-theme terminal are an inverted code that
 * ordinary readers (zbar here, many phone apps) do not read. */
static void polarity_is_light_ink_on_dark(void **state)
{
	char *dir = tu_tmpdir(), *err = NULL, *img, *got;
	struct qrterm q;
	const char *p = "https://127.0.0.1:8443/idv/s/7f3a9c2e4b1d4e6f";

	(void)state;
	assert_true(qrterm_render(p, strlen(p), false, &q, &err));
	img = to_pgm(&q, dir, true);
	got = zbar(img);
	assert_string_equal(got, "");
	free(got);
	free(img);
	qrterm_release(&q);
	tu_rmrf(dir);
	free(dir);
}

static void sizes_quiet_zone_and_polarity(void **state)
{
	struct qrterm q, a;
	char *err = NULL;
	const char *p = "https://127.0.0.1:8443/idv/s/7f3a9c2e4b1d4e6f";   /* 46 bytes: version 3, 29 modules */

	(void)state;
	assert_true(qrterm_render(p, strlen(p), false, &q, &err));
	assert_true(qrterm_render(p, strlen(p), true, &a, &err));
	assert_int_equal(q.modules, 29);
	assert_int_equal(q.cols, 29 + 8);
	assert_int_equal(q.n_lines, (29 + 8 + 1) / 2);            /* 19 rows: fits 80x24 with a title */
	assert_int_equal(a.cols, 2 * (29 + 8));
	assert_int_equal(a.n_lines, 29 + 8);
	assert_true(qrterm_fits(&q, 80, 24));
	assert_false(qrterm_fits(&a, 80, 24));                   /* ASCII needs a taller window */
	assert_true(qrterm_fits(&a, 80, 37));
	assert_false(qrterm_fits(&q, 36, 24));
	/* the quiet zone is ink (light): two full rows of █ on top */
	for (int i = 0; i < 2; i++) {
		struct strbuf sb;
		sb_init(&sb);
		for (int c = 0; c < q.cols; c++)
			sb_adds(&sb, "█");
		assert_string_equal(q.lines[i], sb.s);
		sb_release(&sb);
	}
	/* the top-left finder's outer ring is dark: blank where it starts */
	assert_true(qrterm_module(&q, 0, 0));
	assert_false(qrterm_module(&q, 1, 1));
	assert_false(qrterm_module(&q, -1, 0));
	assert_memory_equal(q.lines[2], "████ ", strlen("████ "));   /* quiet zone, then the finder corner */
	assert_memory_equal(a.lines[4], "########  ", 10);
	qrterm_release(&q);
	qrterm_release(&a);
	assert_false(qrterm_render("", 0, false, &q, &err));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(half_blocks_decode_to_the_exact_payload),
		cmocka_unit_test(ascii_fallback_decodes_to_the_exact_payload),
		cmocka_unit_test(polarity_is_light_ink_on_dark),
		cmocka_unit_test(sizes_quiet_zone_and_polarity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
