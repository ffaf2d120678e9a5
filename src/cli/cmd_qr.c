/* cmd_qr.c - certdesk qr [--ascii] TEXT: draw a QR code as the identity and
 * payment screens do, to check that this terminal's codes scan. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/conf.h"
#include "core/qrterm.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void qr_usage(FILE *f)
{
	fprintf(f, "用法: certdesk qr [--ascii|--blocks] [--plain] TEXT\n"
		   "按身份核验/支付界面的方式在终端画出 TEXT 的二维码, 用于检查本终端的二维码能否扫描。\n"
		   "  --ascii   用 ASCII 字符 (## ) 绘制; --blocks 用半块字符; 默认按 [ui] qr_ascii\n"
		   "  --plain   不输出颜色控制序列 (输出到终端时默认白字黑底, ASCII 的 # 画成白色实心)\n");
}

int cmd_qr(struct cli *cli, int argc, char **argv)
{
	bool ascii = conf_bool(cli->conf, "ui.qr_ascii");
	bool plain = !isatty(STDOUT_FILENO);
	const char *text = NULL;
	struct qrterm q;
	struct winsize ws;
	char *err = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			qr_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--ascii")) {
			ascii = true;
		} else if (!strcmp(argv[i], "--blocks")) {
			ascii = false;
		} else if (!strcmp(argv[i], "--plain")) {
			plain = true;
		} else if (!strcmp(argv[i], "--") && i + 1 < argc && !text) {
			text = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "certdesk: 未知选项 \"%s\"\n", sanitize_arg(argv[i]));
			qr_usage(stderr);
			return 2;
		} else if (!text) {
			text = argv[i];
		} else {
			qr_usage(stderr);
			return 2;
		}
	}
	if (!text) {
		qr_usage(stderr);
		return 2;
	}
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
