/* main.c - certdesk(1): option parsing and the sub-command table. */
#include "cli/cmd.h"
#include "core/clock.h"
#include "core/conf.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "store/store.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "buildconf.h"

static const struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *usage;
} commands[] = {
	{ "config", cmd_config, "config [check]                显示生效的配置 / 检查配置 (列出全部问题)" },
	{ "user", cmd_user, "user add|passwd|lock|unlock|list …  管理操作员" },
	{ "sync", cmd_sync, "sync [--daemon | --status]    与中心端点同步 (推送申请, 接收中心动态)" },
	{ "audit", cmd_audit, "audit verify|show [过滤条件]  校验审计记录的哈希链 / 查看审计记录" },
	{ "validate", cmd_validate, "validate KIND VALUE…  按表单规则校验并规范化 (KIND 见 certdesk(1))" },
	{ "import", cmd_import, "import banks|divisions|holidays FILE  导入联行号目录、行政区划或放假安排" },
	{ "export", cmd_export, "export [--from 日期] [--to 日期] [--status 状态] [--clerk 登录名] -o 文件.xlsx  导出业务单" },
	{ "attach", cmd_attach, "attach check FILE… | list APPNO  检查附件文件 / 列出申请的附件" },
	{ "qr", cmd_qr, "qr [--ascii] TEXT             在终端画二维码 (检查能否扫描)" },
	{ "print", cmd_print, "print 申请单号 [-o 文件] [--printer 打印机]  打印或保存申请表" },
	{ "forms", cmd_forms, "forms check [FILE…]                检查表单定义文件" },
};

static void usage(FILE *f)
{
	fprintf(f, "用法: certdesk [--config FILE] [命令 [参数…]]\n"
		   "不带命令时打开柜台界面。\n\n命令:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  certdesk %s\n", commands[i].usage);
	fprintf(f, "\n选项:\n  -c, --config FILE  配置文件\n  -h, --help         本帮助\n"
		   "  -V, --version      版本\n\n详见 certdesk(1)。\n");
}

struct store *cli_store(struct cli *cli)
{
	char *err = NULL;

	if (cli->store)
		return cli->store;
	cli->store = store_open(cli->conf, STORE_CREATE, &err);
	if (!cli->store) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		exit(1);
	}
	return cli->store;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { 0 };
	const char *config = NULL;
	char *err = NULL;
	int c, rc;
	struct rlimit nocore = { 0, 0 };

	/* A core dump of a clerk's process would hold customers' personal data. */
	setrlimit(RLIMIT_CORE, &nocore);
	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "+c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("certdesk %s\n", CERTDESK_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	cli.conf_path = conf_locate(config);
	/* config check reports a broken file's every problem: before it is loaded */
	if (optind + 1 < argc && !strcmp(argv[optind], "config") && !strcmp(argv[optind + 1], "check")) {
		rc = cmd_config_check(&cli, argc - optind, argv + optind);
		free(cli.conf_path);
		return rc;
	}
	cli.conf = conf_load(cli.conf_path, &err);
	if (!cli.conf) {
		/* the message quotes the file's line, control characters and all */
		char *clean = sanitize_text(err, 0);

		fprintf(stderr, "certdesk: %s\n", clean);
		free(clean);
		free(err);
		return 1;
	}
	if (!clock_init(conf_str(cli.conf, "branch.timezone"), &err)) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		conf_free(cli.conf);
		free(cli.conf_path);
		return 1;
	}
	if (optind >= argc) {
		rc = cmd_tui(&cli, argc - optind, argv + optind);
	} else {
		const struct command *cmd = NULL;

		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (!strcmp(argv[optind], commands[i].name))
				cmd = &commands[i];
		if (!cmd) {
			char *clean = sanitize_text(argv[optind], 0);

			fprintf(stderr, "certdesk: 未知命令 \"%s\"\n\n", clean);
			free(clean);
			usage(stderr);
			rc = 2;
		} else {
			rc = cmd->run(&cli, argc - optind, argv + optind);
		}
	}
	store_close(cli.store);
	conf_free(cli.conf);
	free(cli.conf_path);
	return rc;
}
