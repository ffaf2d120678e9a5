/* cmd_export.c - certdesk export: the order list (我的业务单) to an .xlsx workbook. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "export/xlsx.h"
#include "store/operator.h"
#include "store/orders.h"
#include "store/store.h"
#include "core/status.h"
#include "core/util.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cliopt export_opts[] = {
	{ "from", 'f', required_argument, "YYYY-MM-DD", "创建日期不早于该日", NULL },
	{ "to", 't', required_argument, "YYYY-MM-DD", "创建日期不晚于该日", NULL },
	{ "status", 's', required_argument, "状态", "只导出该状态 (代码或中文名, 见 certdesk(1) STATUSES)", NULL },
	{ "clerk", 'k', required_argument, "登录名", "只导出该操作员录入的业务单", NULL },
	{ "output", 'o', required_argument, "文件", "写到该 .xlsx 文件 (必需); - 为标准输出", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_export_cli = {
	"certdesk export",
	(const char *const[]){ "certdesk export [选项] -o 文件.xlsx", NULL },
	"把我的业务单 (按条件筛选) 导出为 Excel 工作簿。",
	export_opts,
	"不给筛选条件时导出全部业务单。-o - 把工作簿写到标准输出 (标准输出是终端时拒绝)。",
	NULL,
};

/* -o -: the workbook is written to a scratch file, then copied out. */
static bool export_stdout(struct store *s, const struct order_filter *f, const char *actor, long *rows,
			  char **err)
{
	char *dir = cli_tmpdir("export"), *path;
	bool ok;

	if (!dir) {
		*err = xstrdup("无法创建临时文件");
		return false;
	}
	path = xasprintf("%s/export.xlsx", dir);
	ok = xlsx_export(s, f, path, 0, actor, rows, err) && cli_file_to_stdout(path);
	if (!ok && !*err)
		*err = xstrdup("工作簿未能写到标准输出");
	free(path);
	cli_tmpdir_remove(dir, (const char *const[]){ "export.xlsx", "export.xlsx.part", NULL });
	return ok;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct order_filter f;
	const char *out = NULL, *clerk = NULL, *why;
	struct passwd *pw;
	char *actor, *err = NULL;
	long rows = 0;
	struct cliparse p;
	int c;
	bool ok;

	order_filter_init(&f);
	cliparse_init(&p, &cmd_export_cli, NULL, argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0) {
		switch (c) {
		case 'f':
			f.from = optarg;
			break;
		case 't':
			f.to = optarg;
			break;
		case 's':
			if ((f.status = status_parse(optarg)) < 0) {
				return clicmd_usage_error(&cmd_export_cli, "未知状态 \"%s\"", sanitize_arg(optarg));
			}
			break;
		case 'k':
			clerk = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		}
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind < argc)
		return clicmd_extra_arg(&cmd_export_cli, argv[optind]);
	if (str_empty(out))
		return clicmd_usage_error(&cmd_export_cli, "缺少 -o 文件.xlsx");
	if (cli_is_stdio(out) && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "certdesk export: 标准输出是终端, 不输出二进制的工作簿; "
				"请重定向到文件或管道 (如 -o - > 文件.xlsx), 或用 -o 文件.xlsx\n");
		return CLI_FAIL;
	}
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
	ok = cli_is_stdio(out) ? export_stdout(cli->store, &f, actor, &rows, &err)
			       : xlsx_export(cli->store, &f, out, 0, actor, &rows, &err);
	if (!ok) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		free(actor);
		return 1;
	}
	free(actor);
	if (cli_is_stdio(out))   /* standard output holds the workbook */
		fprintf(stderr, "已导出 %ld 笔业务单到标准输出\n", rows);
	else
		printf("已导出 %ld 笔业务单到 %s\n", rows, sanitize_arg(out));
	return 0;
}
