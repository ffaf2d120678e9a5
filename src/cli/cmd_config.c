/* cmd_config.c - certdesk config: the effective configuration, for administrators. */
#include "cli/cmd.h"
#include "core/conf.h"
#include "core/sanitize.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static void print_key(const char *section, const char *key, const char *value, const char *help, void *ud)
{
	const char **last = ud;

	if (!*last || strcmp(*last, section)) {
		printf("\n[%s]\n", section);
		*last = section;
	}
	/* The branch credential is a secret: show only whether it is set. */
	if (!strcmp(section, "central") && !strcmp(key, "token") && *value)
		value = "(已设置)";
	printf("%s = %s\t# %s\n", key, value, help);
}

const struct clicmd cmd_config_cli = {
	"certdesk config",
	(const char *const[]){ "certdesk config", NULL },
	"显示生效的配置: 配置文件、数据目录、SQLite 版本与日志模式, 以及每个配置项的值和含义。",
	NULL,
	NULL,
	NULL,
};

int cmd_config(struct cli *cli, int argc, char **argv)
{
	const char *last = NULL;
	struct cliparse p;
	int c;

	cliparse_init(&p, &cmd_config_cli, NULL, argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0)
		;
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind < argc)
		return clicmd_usage_error(&cmd_config_cli, "多余的参数 \"%s\"", sanitize_arg(argv[optind]));
	printf("# 配置文件: %s\n", cli->conf_path ? cli->conf_path : "(无, 使用默认值)");
	printf("# 数据目录: %s\n", paths_datadir());
	printf("# SQLite: %s, 日志模式: %s\n", sqlite3_libversion(),
	       !strcmp(conf_str(cli->conf, "store.journal"), "auto")
		       ? (store_wal_safe() ? "WAL (auto)" : "DELETE (auto: 此版本 SQLite 有 WAL-reset 缺陷)")
		       : conf_str(cli->conf, "store.journal"));
	conf_each(cli->conf, print_key, &last);
	return 0;
}
