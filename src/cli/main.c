/* main.c - certdesk(1): option parsing and the sub-command table. */
#include "cli/cmd.h"
#include "core/clock.h"
#include "core/conf.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "store/store.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>


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
	{ "forms", cmd_forms, &cmd_forms_cli },
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
	cli.conf_path = conf_locate(config);
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
		int first = optind;

		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (!strcmp(argv[first], commands[i].name))
				cmd = &commands[i];
		if (!cmd)
			rc = clicmd_usage_error(&main_cli, "未知命令 \"%s\"", sanitize_arg(argv[first]));
		else
			rc = cmd->run(&cli, argc - first, argv + first);
	}
	store_close(cli.store);
	conf_free(cli.conf);
	free(cli.conf_path);
	return rc;
}
