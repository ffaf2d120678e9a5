/* cmd_audit.c - certdesk audit verify|show: check the hash chain, print the trail. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/appno.h"
#include "core/util.h"
#include "store/app.h"
#include "store/audit.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int audit_usage(void)
{
	fprintf(stderr, "用法:\n"
			"  certdesk audit verify [--anchor ID:HASH]\n"
			"  certdesk audit show [--from 日期] [--to 日期] [--operator 登录名] [--action 动作]\n"
			"                      [--object 对象] [--limit N]\n"
			"日期写作 YYYY-MM-DD 或 \"YYYY-MM-DD HH:MM[:SS]\"; 动作见 certdesk-security(7)。\n");
	return 2;
}

static int audit_verify_cmd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "anchor", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_anchor anchor;
	bool have_anchor = false;
	struct audit_report r;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "a:", opts, NULL)) != -1) {
		if (c != 'a')
			return audit_usage();
		if (!audit_anchor_parse(optarg, &anchor)) {
			fprintf(stderr, "certdesk: 锚点应写作 ID:HASH (HASH 为 64 位十六进制), 如 "
					"certdesk audit verify 末行所示\n");
			return 2;
		}
		have_anchor = true;
	}
	if (optind < argc)
		return audit_usage();
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
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "operator", required_argument, NULL, 'o' },
		{ "action", required_argument, NULL, 'a' },
		{ "object", required_argument, NULL, 'O' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_filter f = { 0 };
	char *object = NULL, *err = NULL, *end;
	long n;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:t:o:a:O:n:", opts, NULL)) != -1) {
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
		default:
			return audit_usage();
		}
	}
	if (optind < argc)
		return audit_usage();
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
	if (argc < 2)
		return audit_usage();
	if (!strcmp(argv[1], "verify"))
		return audit_verify_cmd(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return audit_show_cmd(cli, argc - 1, argv + 1);
	return audit_usage();
}
