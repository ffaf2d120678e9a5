/* cmd_audit.c - certdesk audit verify|show: check the hash chain, print the trail. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/appno.h"
#include "core/util.h"
#include "store/app.h"
#include "store/audit.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cliopt audit_opts[] = {
	{ "anchor", 'a', required_argument, "ID:HASH", "同时核对记录 ID 的哈希仍为 HASH (audit verify 末行所示)", "verify" },
	{ "from", 'f', required_argument, "日期", "不早于该时间 (YYYY-MM-DD 或 \"YYYY-MM-DD HH:MM[:SS]\")", "show" },
	{ "to", 't', required_argument, "日期", "不晚于该时间 (只写日期时含当天)", "show" },
	{ "operator", 'o', required_argument, "登录名", "操作员登录名或执行者", "show" },
	{ "action", 'a', required_argument, "动作", "动作或动作组 (见 certdesk-security(7))", "show" },
	{ "object", 'O', required_argument, "对象", "对象 (登录名、app:行号, 或 18 位申请单号)", "show" },
	{ "limit", 'n', required_argument, "N", "只显示最新的 N 条", "show" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_audit_cli = {
	"certdesk audit",
	(const char *const[]){ "certdesk audit verify [--anchor ID:HASH]",
			       "certdesk audit show [--from 日期] [--to 日期] [--operator 登录名] [--action 动作] "
			       "[--object 对象] [--limit N]",
			       NULL },
	"校验审计记录的哈希链 (verify), 或按条件查看审计记录 (show)。",
	audit_opts,
	NULL,
	NULL,
};

static int audit_verify_cmd(struct cli *cli, int argc, char **argv)
{
	struct audit_anchor anchor;
	bool have_anchor = false;
	struct audit_report r;
	struct cliparse p;
	int c;

	cliparse_init(&p, &cmd_audit_cli, "verify", argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0) {
		if (!audit_anchor_parse(optarg, &anchor)) {
			fprintf(stderr, "certdesk: 锚点应写作 ID:HASH (HASH 为 64 位十六进制), 如 "
					"certdesk audit verify 末行所示\n");
			return 2;
		}
		have_anchor = true;
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind < argc)
		return clicmd_extra_arg(&cmd_audit_cli, argv[optind]);
	if (!audit_verify(cli_store(cli), have_anchor ? &anchor : NULL, &r)) {
		fprintf(stderr, "certdesk: 审计记录校验失败: %s\n", r.message);
		if (r.records && r.bad_id > 0)
			fprintf(stderr, "certdesk: 此前的 %lld 条记录 (#1 至 #%lld) 完好\n", r.records, r.last_id);
		audit_report_release(&r);
		return 1;
	}
	printf("审计记录完好: 共 %lld 条\n", r.records);
	if (r.records)
		printf("链头: %lld:%s\n", r.last_id, r.last_hash);
	audit_report_release(&r);
	return 0;
}

static void print_record(const struct audit_record *rec, void *ud)
{
	char *line = audit_format(rec);

	(void)ud;
	puts(line);
	free(line);
}

static int audit_show_cmd(struct cli *cli, int argc, char **argv)
{
	struct audit_filter f = { 0 };
	char *object = NULL, *err = NULL, *end;
	struct cliparse p;
	long n;
	int c;

	cliparse_init(&p, &cmd_audit_cli, "show", argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0) {
		switch (c) {
		case 'f':
			f.from = optarg;
			break;
		case 't':
			f.to = optarg;
			break;
		case 'o':
			f.operator_login = optarg;
			break;
		case 'a':
			f.action = optarg;
			break;
		case 'O':
			f.object = optarg;
			break;
		case 'n':
			f.limit = strtol(optarg, &end, 10);
			if (*end || end == optarg || f.limit <= 0) {
				fprintf(stderr, "certdesk: --limit 应为正整数\n");
				return 2;
			}
			break;
		}
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind < argc)
		return clicmd_extra_arg(&cmd_audit_cli, argv[optind]);
	if ((f.from && !audit_time_ok(f.from)) || (f.to && !audit_time_ok(f.to))) {
		fprintf(stderr, "certdesk: 日期应写作 YYYY-MM-DD 或 \"YYYY-MM-DD HH:MM[:SS]\"\n");
		return 2;
	}
	if (f.action && !audit_action_pattern_ok(f.action)) {
		fprintf(stderr, "certdesk: 未知的审计动作 \"%s\"; 动作见 certdesk-security(7)\n", sanitize_arg(f.action));
		return 2;
	}
	cli_store(cli);
	if (f.object) {
		/* an application number stands for its record's object "app:ROW" */
		char no[APPNO_LEN + 1];
		long long id;

		if (!appno_check(f.object, no) && (id = app_id_by_no(cli->store, no)) > 0) {
			object = xasprintf("app:%lld", id);
			f.object = object;
		}
	}
	n = audit_query(cli->store, &f, print_record, NULL, &err);
	free(object);
	if (n < 0) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		return 1;
	}
	if (n == 0)
		fprintf(stderr, "没有符合条件的审计记录\n");
	return 0;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const char *const subs[] = { "verify", "show", NULL };
	int which, rc;

	if (!clicmd_pick(&cmd_audit_cli, argc, argv, subs, &which, &rc))
		return rc;
	return which == 0 ? audit_verify_cmd(cli, argc - 1, argv + 1) : audit_show_cmd(cli, argc - 1, argv + 1);
}
