/* cmd_backup.c - certdesk backup [--keep N] DEST | backup --check GEN |
 * restore [--yes] GEN|DEST: verified copies of the branch state. */
#include "cli/cmd.h"
#include "core/access.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "store/backup.h"
#include "store/store.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cliopt backup_opts[] = {
	{ "keep", 'k', required_argument, "N", "只保留最近 N 份备份 (1 到 10000; 默认全部保留)", NULL },
	{ "check", 'C', no_argument, NULL, "不备份, 校验给出的一份备份 (完整性、审计链、每个文件的 SHA-256)", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_backup_cli = {
	"certdesk backup",
	(const char *const[]){ "certdesk backup [--keep N] 目录", "certdesk backup --check 备份", NULL },
	"在目录下建一份新的备份 (数据库与打印过的申请表), 校验后才算数; 备份不对其他用户开放。",
	backup_opts,
	"详见 certdesk(1) 的 BACKUP 一节。",
	NULL,
};

static const struct cliopt restore_opts[] = {
	{ "yes", 'y', no_argument, NULL, "不再询问 (非交互运行时必需)", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_restore_cli = {
	"certdesk restore",
	(const char *const[]){ "certdesk restore [--yes] 备份|目录", NULL },
	"从一份备份 (或目录下最新的一份) 恢复数据库和申请表; 先停止各终端和 certdesk-sync 服务。",
	restore_opts,
	NULL,
	NULL,
};

static void print_report(const char *what, const struct backup_report *r)
{
	char *p = sanitize_text(r->path ? r->path : "", 0);

	printf("%s: %s\n", what, p);
	printf("  申请 %lld 笔, 审计记录 %lld 条, 申请表 %lld 份\n", r->applications, r->audit_records, r->files);
	free(p);
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	struct backup_report r;
	struct cliparse p;
	bool check = false;
	long keep = 0;
	char *err = NULL, *actor, *end;
	int c;

	cliparse_init(&p, &cmd_backup_cli, NULL, argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0) {
		if (c == 'C') {
			check = true;
		} else if (c == 'k') {
			keep = strtol(optarg, &end, 10);
			if (*end || keep < 1 || keep > 10000)
				return clicmd_usage_error(&cmd_backup_cli, "--keep 应为 1 到 10000 的整数");
		}
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind >= argc)
		return clicmd_usage_error(&cmd_backup_cli, "缺少%s", check ? "要校验的备份" : "备份目录");
	if (optind != argc - 1)
		return clicmd_extra_arg(&cmd_backup_cli, argv[optind + 1]);
	if (check) {
		bool ok = backup_verify(argv[optind], &r, &err);
		if (!ok) {
			fprintf(stderr, "certdesk backup: 备份校验失败: %s\n", sanitize_arg(err));
			free(err);
			backup_report_release(&r);
			return 1;
		}
		print_report("备份完好", &r);
		backup_report_release(&r);
		return 0;
	}
	actor = xasprintf("shell:%s", access_account());
	if (!backup_make(cli_store(cli), argv[optind], (int)keep, actor, &r, &err)) {
		fprintf(stderr, "certdesk backup: %s\n", sanitize_arg(err));
		free(err);
		free(actor);
		return 1;
	}
	print_report("已备份并校验", &r);
	if (r.removed)
		printf("  按 --keep %ld 删除了较早的 %lld 份\n", keep, r.removed);
	backup_report_release(&r);
	free(actor);
	return 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	struct backup_report r;
	struct cliparse p;
	bool yes = false, ok;
	char *err = NULL, *gen, *actor, *shown;
	struct stat st;
	int c;

	cliparse_init(&p, &cmd_restore_cli, NULL, argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0)
		yes = yes || c == 'y';
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind >= argc)
		return clicmd_usage_error(&cmd_restore_cli, "缺少备份或备份目录");
	if (optind != argc - 1)
		return clicmd_extra_arg(&cmd_restore_cli, argv[optind + 1]);
	/* a generation, or a directory of them: its newest */
	gen = xstrdup(argv[optind]);
	{
		char *m = xasprintf("%s/" BACKUP_MANIFEST, gen);
		if (stat(m, &st) != 0) {
			char *latest = backup_latest(gen);
			if (latest) {
				free(gen);
				gen = latest;
			}
		}
		free(m);
	}
	shown = sanitize_text(gen, 0);
	if (!yes) {
		char line[16];

		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, "certdesk restore: 恢复会替换当前数据库的全部内容; 非交互运行时请加 --yes\n");
			free(shown);
			free(gen);
			return CLI_USAGE;
		}
		printf("将用备份 %s 替换当前数据库的全部内容 (先停止各终端和 certdesk-sync 服务)。\n"
		       "确认请输入 yes: ", shown);
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin) || strcmp(line, "yes\n")) {
			printf("未恢复。\n");
			free(shown);
			free(gen);
			return 1;
		}
	}
	actor = xasprintf("shell:%s", access_account());
	ok = backup_restore(cli_store(cli), gen, actor, &r, &err);
	free(actor);
	free(gen);
	if (!ok) {
		fprintf(stderr, "certdesk restore: %s\n", sanitize_arg(err));
		free(err);
		free(shown);
		backup_report_release(&r);
		return 1;
	}
	print_report("已从备份恢复", &r);
	if (r.kept_aside)
		printf("  与备份不同的 %lld 个现有文件已改名为 *.before-restore\n", r.kept_aside);
	backup_report_release(&r);
	free(shown);
	return 0;
}
