/* cmd_export.c - certdesk export: the order list (我的业务单) to an .xlsx workbook. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "export/xlsx.h"
#include "store/operator.h"
#include "store/orders.h"
#include "store/store.h"
#include "core/status.h"
#include "core/util.h"

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int export_usage(void)
{
	fprintf(stderr, "用法: certdesk export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--status 状态] "
			"[--clerk 登录名] -o 文件.xlsx\n"
			"状态可写代码或中文名 (如 accepted 或 成功受理), 见 certdesk(1) STATUSES。\n");
	return 2;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "status", required_argument, NULL, 's' },
		{ "clerk", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct order_filter f;
	const char *out = NULL, *clerk = NULL, *why;
	struct passwd *pw;
	char *actor, *err = NULL;
	long rows = 0;
	int c;

	order_filter_init(&f);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			f.from = optarg;
			break;
		case 't':
			f.to = optarg;
			break;
		case 's':
			if ((f.status = status_parse(optarg)) < 0) {
				fprintf(stderr, "certdesk: 未知状态 \"%s\"\n", sanitize_arg(optarg));
				return export_usage();
			}
			break;
		case 'k':
			clerk = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return export_usage();
		}
	}
	if (optind < argc || str_empty(out))
		return export_usage();
	if (*(why = order_filter_check(&f))) {
		fprintf(stderr, "certdesk: %s\n", why);
		return 2;
	}
	cli_store(cli);
	if (clerk) {
		struct operator op;

		if (!operator_find(cli->store, clerk, &op)) {
			fprintf(stderr, "certdesk: 没有操作员 \"%s\"\n", sanitize_arg(clerk));
			return 1;
		}
		f.clerk = op.id;
		operator_release(&op);
	}
	/* The command line has no operator login: the audit log names the system user. */
	pw = getpwuid(getuid());
	actor = pw ? xasprintf("cli:%s", pw->pw_name) : xasprintf("cli:uid %u", (unsigned)getuid());
	if (!xlsx_export(cli->store, &f, out, 0, actor, &rows, &err)) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		free(actor);
		return 1;
	}
	free(actor);
	printf("已导出 %ld 笔业务单到 %s\n", rows, sanitize_arg(out));
	return 0;
}
