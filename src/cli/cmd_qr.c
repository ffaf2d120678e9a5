/* cmd_qr.c - certdesk qr [--ascii] TEXT: draw a QR code as the identity and
 * payment screens do, to check that this terminal's codes scan. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/conf.h"
#include "core/qrterm.h"
#include "core/util.h"
#include "tui/termsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const struct cliopt qr_opts[] = {
	{ "ascii", 'a', no_argument, NULL, "用 ASCII 字符 (## ) 绘制 (默认按 [ui] qr_ascii)", NULL },
	{ "blocks", 'b', no_argument, NULL, "用半块字符绘制", NULL },
	{ "plain", 'p', no_argument, NULL, "不输出颜色控制序列", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_qr_cli = {
	"certdesk qr",
	(const char *const[]){ "certdesk qr [--ascii|--blocks] [--plain] TEXT", NULL },
	"按身份核验/支付界面的方式在终端画出 TEXT 的二维码, 用于检查本终端的二维码能否扫描。",
	qr_opts,
	"输出到终端时默认白字黑底 (ASCII 的 # 画成白色实心); 输出不是终端、设置了 NO_COLOR 或终端类型\n"
	"(TERM) 没有颜色时只输出字符, 与 --plain 相同。",
	NULL,
};

int cmd_qr(struct cli *cli, int argc, char **argv)
{
	bool ascii = conf_bool(cli->conf, "ui.qr_ascii");
	/* as the counter terminal decides: NO_COLOR, and TERM's colours */
	bool plain = !isatty(STDOUT_FILENO) || !tui_term_colours(STDOUT_FILENO);
	const char *text = NULL;
	struct qrterm q;
	struct winsize ws;
	char *err = NULL;
	struct cliparse p;
	int opt;

	cliparse_init(&p, &cmd_qr_cli, NULL, argc, argv, false);
	while ((opt = cliparse_next(&p)) >= 0) {
		if (opt == 'a')
			ascii = true;
		else if (opt == 'b')
			ascii = false;
		else
			plain = true;
	}
	if (opt == CLIOPT_EXIT)
		return p.rc;
	if (optind < argc)
		text = argv[optind];
	if (optind + 1 < argc)
		return clicmd_usage_error(&cmd_qr_cli, "只能给一段 TEXT (含空格时加引号)");
	if (!text)
		return clicmd_usage_error(&cmd_qr_cli, "缺少 TEXT");
	if (!qrterm_render(text, strlen(text), ascii, &q, &err)) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		return 1;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row &&
	    !qrterm_fits(&q, ws.ws_col, ws.ws_row - 1)) {
		fprintf(stderr, "certdesk: %s (需要 %d 列 × %zu 行, 当前 %d 列 × %d 行)\n", QRTERM_TOO_SMALL, q.cols,
			q.n_lines + 1, ws.ws_col, ws.ws_row);
		qrterm_release(&q);
		return 1;
	}
	/* Light ink on a dark background whatever the terminal's theme; ASCII
	 * ink cells solid white (qrterm.h). */
	for (size_t i = 0; i < q.n_lines; i++) {
		if (plain) {
			printf("%s\n", q.lines[i]);
		} else if (!ascii) {
			printf("\033[97;40m%s\033[0m\n", q.lines[i]);
		} else {
			bool on = false;
			fputs("\033[40m", stdout);
			for (const char *c = q.lines[i]; *c; c++) {
				if ((*c == '#') != on) {
					on = *c == '#';
					fputs(on ? "\033[97;107m" : "\033[97;40m", stdout);
				}
				putchar(*c);
			}
			fputs("\033[0m\n", stdout);
		}
	}
	qrterm_release(&q);
	return fflush(stdout) == 0 ? 0 : 1;
}
