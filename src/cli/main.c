/* main.c - certdesk(1): option parsing and the sub-command table. */
#include "cli/cmd.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/conf.h"
#include "core/sanitize.h"
#include "core/text.h"
#include "core/util.h"
#include "store/store.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>


static const struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const struct clicmd *help;
} commands[] = {
	{ "config", cmd_config, &cmd_config_cli },     { "user", cmd_user, &cmd_user_cli },
	{ "sync", cmd_sync, &cmd_sync_cli },           { "audit", cmd_audit, &cmd_audit_cli },
	{ "validate", cmd_validate, &cmd_validate_cli }, { "import", cmd_import, &cmd_import_cli },
	{ "export", cmd_export, &cmd_export_cli },     { "attach", cmd_attach, &cmd_attach_cli },
	{ "qr", cmd_qr, &cmd_qr_cli },                 { "print", cmd_print, &cmd_print_cli },
	{ "forms", cmd_forms, &cmd_forms_cli },       { "backup", cmd_backup, &cmd_backup_cli },
	{ "restore", cmd_restore, &cmd_restore_cli },
};

static void list_commands(FILE *f)
{
	fprintf(f, "\n命令 (各命令的选项见 certdesk 命令 --help):\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help->summary);
}

static const struct cliopt main_opts[] = {
	{ "config", 'c', required_argument, "文件", "配置文件 (默认见 certdesk.conf(5))", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct clicmd main_cli = {
	"certdesk",
	(const char *const[]){ "certdesk [--config 文件]", "certdesk [--config 文件] 命令 [参数…]", NULL },
	"不带命令时打开柜台界面; 带命令时执行一项管理任务后退出。",
	main_opts,
	NULL,
	list_commands,
};

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
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)   /* help only answers */
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "--version") ||
		    !strcmp(argv[i], "-V"))
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
		if (store_audit(s, 0, actor, AUDIT_ACCESS_REFUSED, clean, detail))
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
	struct cli cli = { 0 };
	struct cliparse p;
	const char *config = NULL;
	char *err = NULL;
	int c, rc;
	struct rlimit nocore = { 0, 0 };

	/* A core dump of a clerk's process would hold customers' personal data. */
	setrlimit(RLIMIT_CORE, &nocore);
	setlocale(LC_ALL, "");
	cliparse_init(&p, &main_cli, NULL, argc, argv, true);   /* up to the command */
	while ((c = cliparse_next(&p)) >= 0)
		config = optarg;   /* -c */
	if (c == CLIOPT_EXIT)
		return p.rc;
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
		rc = cmd_config_check(&cli, argc - optind - 1, argv + optind + 1);
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
	/* the screens' text catalogue: a missing or broken data/text.txt stops
	 * the terminal before it starts (commands that need no data, such as
	 * `config`, do not read it) */
	if (optind >= argc && !text_load(NULL, &err)) {
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
		int first = optind;

		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (!strcmp(argv[first], commands[i].name))
				cmd = &commands[i];
		if (!cmd) {
			rc = clicmd_usage_error(&main_cli, "未知命令 \"%s\"", sanitize_arg(argv[first]));
		} else if (!open_to_all(argc - first, argv + first) && !access_admin()) {
			refuse(&cli, argc - first, argv + first);
			rc = CLI_FAIL;
		} else
			rc = cmd->run(&cli, argc - first, argv + first);
	}
	store_close(cli.store);
	conf_free(cli.conf);
	free(cli.conf_path);
	return rc;
}
