/* cmd_config.c - certdesk config: the effective configuration, for administrators. */
#include "cli/cmd.h"
#include "cli/confcheck.h"
#include "core/sanitize.h"
#include "core/conf.h"
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

int cmd_config(struct cli *cli, int argc, char **argv)
{
	const char *last = NULL;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "用法: certdesk config [check]\n");
		return 2;
	}
	printf("# 配置文件: %s\n", cli->conf_path ? cli->conf_path : "(无, 使用默认值)");
	printf("# 数据目录: %s\n", paths_datadir());
	printf("# SQLite: %s, 日志模式: %s\n", sqlite3_libversion(),
	       !strcmp(conf_str(cli->conf, "store.journal"), "auto")
		       ? (store_wal_safe() ? "WAL (auto)" : "DELETE (auto: 此版本 SQLite 有 WAL-reset 缺陷)")
		       : conf_str(cli->conf, "store.journal"));
	conf_each(cli->conf, print_key, &last);
	return 0;
}

/* certdesk config check: every problem, one per line, FILE:LINE first; exit
 * 0 when there is none, 1 otherwise. */
int cmd_config_check(struct cli *cli, int argc, char **argv)
{
	struct conf_problems p = { 0 };
	size_t n;

	(void)argv;
	if (argc != 2) {
		fprintf(stderr, "用法: certdesk config check\n");
		return 2;
	}
	if (!cli->conf_path) {
		fprintf(stdout, "找不到配置文件 (--config, $CERTDESK_CONF 或 /etc/certdesk/certdesk.conf)\n");
		return 1;
	}
	n = confcheck_run(cli->conf_path, NULL, &p);
	for (size_t i = 0; i < p.n; i++) {
		/* the messages quote the file: no control character reaches the terminal */
		char *clean = sanitize_text(p.v[i].message, 0);
		printf("%s\n", clean);
		free(clean);
	}
	if (n)
		printf("配置检查: %s 有 %zu 个问题\n", cli->conf_path, n);
	else
		printf("配置检查: %s 没有发现问题\n", cli->conf_path);
	conf_problems_release(&p);
	return n ? 1 : 0;
}
