/* cmd_print.c - certdesk print APPNO [-o FILE] [--printer NAME]: print or save an application form. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/appno.h"
#include "core/util.h"
#include "print/appform.h"
#include "print/formprint.h"
#include "store/app.h"
#include "store/store.h"

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int print_usage(void)
{
	fprintf(stderr, "用法: certdesk print 申请单号 [-o 文件] [--printer 打印机]\n"
			"  -o, --output 文件     另存一份 PDF 到该文件 (不送打印机, 除非同时给出 --printer)\n"
			"  -p, --printer 打印机  送到这台打印机 (默认 [printer] name; 为空时只保存)\n");
	return 2;
}

int cmd_print(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "printer", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL, *printer = NULL, *msg;
	char appno[APPNO_LEN + 1], *err = NULL, *actor;
	struct formprint_opts o = { 0 };
	struct formprint_result r;
	struct passwd *pw = getpwuid(getuid());
	long long id;
	int c;
	bool ok;

	optind = 0;   /* 0: glibc re-initialises, so options may follow the number */
	while ((c = getopt_long(argc, argv, "o:p:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'p':
			printer = optarg;
			break;
		default:
			return print_usage();
		}
	}
	if (optind != argc - 1)
		return print_usage();
	if ((msg = appno_check(argv[optind], appno))) {
		fprintf(stderr, "certdesk: %s\n", msg);
		return 1;
	}
	if (!(id = app_id_by_no(cli_store(cli), appno))) {
		fprintf(stderr, "certdesk: 申请单号 %s 不存在\n", sanitize_arg(appno));
		return 1;
	}
	actor = xasprintf("shell:%s", pw ? pw->pw_name : "?");
	o.actor = actor;
	o.copy_to = output;
	/* -o alone saves a copy without printing; --printer chooses the printer. */
	o.printer = printer ? printer : output ? "" : NULL;
	ok = formprint_run(cli->store, cli->conf, id, &o, &r, &err);
	if (ok) {
		printf("%s\n", r.message);
		if (output)
			printf("另存到 %s\n", sanitize_arg(output));
		formprint_result_release(&r);
	} else {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
	}
	free(actor);
	appform_shutdown();
	return ok ? 0 : 1;
}
