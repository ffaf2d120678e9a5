/* cmd_config.c - certdesk config: the effective configuration, for administrators. */
#include "cli/cmd.h"
#include "cli/confcheck.h"
#include "core/conf.h"
#include "core/sanitize.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
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
	(const char *const[]){ "certdesk config", "certdesk config check", NULL },
	"显示生效的配置: 配置文件、数据目录、SQLite 版本与日志模式, 以及每个配置项的值和含义。",
	NULL,
	"config check: 检查配置文件及其所指的文件、目录、打印机、数据库和节假日日历, 一次列出全部问题 (文件:行号)。",
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
		return clicmd_extra_arg(&cmd_config_cli, argv[optind]);
	printf("# 配置文件: %s\n", cli->conf_path ? cli->conf_path : "(无, 使用默认值)");
	printf("# 数据目录: %s\n", paths_datadir());
	printf("# SQLite: %s, 日志模式: %s\n", store_sqlite_version(),
	       !strcmp(conf_str(cli->conf, "store.journal"), "auto")
		       ? (store_wal_safe() ? "WAL (auto)" : "DELETE (auto: 此版本 SQLite 有 WAL-reset 缺陷)")
		       : conf_str(cli->conf, "store.journal"));
	conf_each(cli->conf, print_key, &last);
	return 0;
}

/* certdesk config check (argv[0] is "check"): every problem, one per line,
 * FILE:LINE first; exit 0 when there is none, 1 otherwise. */
int cmd_config_check(struct cli *cli, int argc, char **argv)
{
	struct conf_problems pr = { 0 };
	struct cliparse p;
	size_t n;
	int c;

	cliparse_init(&p, &cmd_config_cli, "check", argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0)
		;
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind < argc)
		return clicmd_extra_arg(&cmd_config_cli, argv[optind]);
	if (!cli->conf_path) {
		printf("找不到配置文件 (--config, $CERTDESK_CONF 或 /etc/certdesk/certdesk.conf)\n");
		return CLI_FAIL;
	}
	n = confcheck_run(cli->conf_path, NULL, &pr);
	for (size_t i = 0; i < pr.n; i++) {
		/* the messages quote the file: no control character reaches the terminal */
		char *clean = sanitize_text(pr.v[i].message, 0);
		printf("%s\n", clean);
		free(clean);
	}
	if (n)
		printf("配置检查: %s 有 %zu 个问题\n", cli->conf_path, n);
	else
		printf("配置检查: %s 没有发现问题\n", cli->conf_path);
	conf_problems_release(&pr);
	return n ? CLI_FAIL : CLI_OK;
}
