/* main.c - certdesk(1): option parsing and the sub-command table. */
#include "cli/cmd.h"
#include "core/access.h"
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
#include <sys/stat.h>

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
	{ "backup", cmd_backup, "backup [--keep N] 目录 | --check 备份  备份网点数据并校验 / 校验一份备份" },
	{ "restore", cmd_restore, "restore [--yes] 备份|目录     从备份恢复" },
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

/* What any account may run on a branch host, where certdesk is setgid: the
 * counter terminal (it asks for a login) and the commands that touch no
 * branch data. Everything else is administration (certdesk-security(7)). */
static bool open_to_all(int argc, char **argv)
{
	static const char *const open[] = { "validate", "qr", "forms", "config" };

	for (size_t i = 0; i < ARRAY_SIZE(open); i++)
		if (!strcmp(argv[0], open[i]))
			return true;
	return !strcmp(argv[0], "attach") && argc > 1 && !strcmp(argv[1], "check");
}

/* Refuse an administration command to an account that may not run it, and
 * leave a trace in the audit trail. */
static void refuse(struct cli *cli, int argc, char **argv)
{
	char *what = xasprintf("%s%s%s", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	char *clean = sanitize_text(what, 0);
	char *actor = xasprintf("shell:%s", access_account());
	char *detail = xasprintf("账户 %s 不是 root, 也不在 %s 组", access_account(), CERTDESK_ADMIN_GROUP);
	char *err = NULL;
	struct store *s = store_open(cli->conf, 0, &err);

	fprintf(stderr, "certdesk %s: 拒绝: 这是管理命令, 需要 root 或 %s 组的成员 (当前账户 %s)\n", clean,
		CERTDESK_ADMIN_GROUP, access_account());
	if (!s)
		fprintf(stderr, "certdesk: 拒绝记录未能写入审计: %s\n", err ? sanitize_arg(err) : "?");
	if (s && store_begin(s)) {
		if (store_audit(s, 0, actor, "access.refused", clean, detail))
			store_commit(s);
		else
			store_rollback(s);
	}
	store_close(s);
	free(err);
	free(detail);
	free(actor);
	free(clean);
	free(what);
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
	if (access_privileged()) {
		/* setgid: branch state is written for the group, never for others;
		 * a configuration is only taken from a file only root can change */
		umask(007);
		if (config && !access_trusted_file(config, &err)) {
			fprintf(stderr, "certdesk: --config %s\n", sanitize_arg(err));
			free(err);
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
		if (cmd && !open_to_all(argc - optind, argv + optind) && !access_admin()) {
			refuse(&cli, argc - optind, argv + optind);
			rc = 1;
		} else if (!cmd) {
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
