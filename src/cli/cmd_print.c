/* cmd_print.c - certdesk print APPNO [-o FILE|-] [--printer NAME]: print or save an application form. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/appno.h"
#include "core/util.h"
#include "print/appform.h"
#include "print/formprint.h"
#include "store/app.h"
#include "store/refdata.h"
#include "store/store.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cliopt print_opts[] = {
	{ "output", 'o', required_argument, "文件", "另存一份 PDF 到该文件 (- 为标准输出); 不送打印机, 除非同时给出 --printer", NULL },
	{ "printer", 'p', required_argument, "打印机", "送到这台打印机 (默认 [printer] name; 为空时只保存)", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_print_cli = {
	"certdesk print",
	(const char *const[]){ "certdesk print 申请单号 [-o 文件] [-p 打印机]", NULL },
	"打印申请表, 或另存为 PDF。",
	print_opts,
	NULL,
	NULL,
};

/* 打印中: what CUPS says while it prints, one line per change. */
static void printing(void *ctx, const char *sentence)
{
	fprintf(ctx, "%s\n", sentence);
	fflush(ctx);
}

int cmd_print(struct cli *cli, int argc, char **argv)
{
	const char *output = NULL, *printer = NULL, *msg;
	char appno[APPNO_LEN + 1], *err = NULL, *actor, *dir = NULL, *tmp = NULL;
	struct formprint_opts o = { 0 };
	struct formprint_result r;
	struct passwd *pw = getpwuid(getuid());
	struct cliparse p;
	long long id;
	int c;
	bool ok;
	FILE *info = stdout;

	cliparse_init(&p, &cmd_print_cli, NULL, argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'p':
			printer = optarg;
			break;
		}
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind >= argc)
		return clicmd_usage_error(&cmd_print_cli, "缺少申请单号");
	if (optind != argc - 1)
		return clicmd_extra_arg(&cmd_print_cli, argv[optind + 1]);
	if (cli_is_stdio(output)) {
		if (isatty(STDOUT_FILENO)) {
			fprintf(stderr, "certdesk print: 标准输出是终端, 不输出二进制的 PDF; "
					"请重定向到文件或管道 (如 -o - > 申请表.pdf), 或用 -o 文件\n");
			return CLI_FAIL;
		}
		info = stderr;   /* standard output carries the PDF */
	}
	if ((msg = appno_check(argv[optind], appno))) {
		fprintf(stderr, "certdesk: %s\n", msg);
		return 1;
	}
	if (!(id = app_id_by_no(cli_store(cli), appno))) {
		fprintf(stderr, "certdesk: 申请单号 %s 不存在\n", sanitize_arg(appno));
		return 1;
	}
	/* the region names of the addresses come from the divisions table, loaded
	 * from data/ as the counter loads it (a form printed here and one printed
	 * at the counter print the same, and have the same data hash) */
	if (!refdata_ensure(cli->store, &err)) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		return 1;
	}
	actor = xasprintf("shell:%s", pw ? pw->pw_name : "?");
	o.actor = actor;
	o.progress = printing;
	o.progress_ctx = info;
	if (cli_is_stdio(output)) {
		if (!(dir = cli_tmpdir("print"))) {
			free(actor);
			return CLI_FAIL;
		}
		tmp = xasprintf("%s/form.pdf", dir);
	}
	o.copy_to = tmp ? tmp : output;
	/* -o alone saves a copy without printing; --printer chooses the printer. */
	o.printer = printer ? printer : output ? "" : NULL;
	ok = formprint_run(cli->store, cli->conf, id, &o, &r, &err);
	if (ok && tmp && !cli_file_to_stdout(tmp)) {
		formprint_result_release(&r);
		ok = false;
		err = xstrdup("PDF 未能写到标准输出");
	}
	if (ok) {
		fprintf(info, "%s\n", r.message);
		if (output)
			fprintf(info, "另存到 %s\n", tmp ? "标准输出" : sanitize_arg(output));
		formprint_result_release(&r);
	} else {
		fprintf(stderr, "certdesk: %s\n", err);
		if (r.print_failed)
			fprintf(stderr, "certdesk: 排除故障后再次运行 certdesk print %s 重新打印\n", appno);
		free(err);
	}
	free(actor);
	free(tmp);
	if (dir)
		cli_tmpdir_remove(dir, (const char *const[]){ "form.pdf", "form.pdf.part", NULL });
	appform_shutdown();
	return ok ? 0 : 1;
}
