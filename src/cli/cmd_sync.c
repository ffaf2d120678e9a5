/* cmd_sync.c - certdesk sync: one store-and-forward run, or --daemon. */
#include "cli/cmd.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "core/conf.h"
#include "core/util.h"
#include "store/store.h"
#include "store/workdays.h"
#include "sync/sync.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void report(enum sync_rc rc, const struct sync_result *res, void *ud)
{
	char now[32];

	(void)ud;
	clock_now_text(now);
	if (rc == SYNC_OK)
		printf("%s 同步完成: 推送 %ld 份, 上传附件 %ld 个, 接收中心动态 %ld 条\n", now, res->pushed, res->uploaded,
		       res->pulled);
	else
		fprintf(stderr, "%s 同步%s: %s (已推送 %ld 份, 接收 %ld 条)\n", now, rc == SYNC_PARTIAL ? "部分完成" : "失败",
			sanitize_arg(res->error ? res->error : "?"), res->pushed, res->pulled);
	fflush(stdout);
}

static int show_status(struct store *s)
{
	struct sync_summary sum;

	sync_status(s, &sum);
	printf("待同步: %ld\n同步出错的申请: %ld\n最近一次同步: %s\n最近一次成功: %s\n下次重试: %s\n最近错误: %s\n"
	       "同步进程: %s\n",
	       sum.queued, sum.failed, *sum.last_run ? sum.last_run : "从未", *sum.last_success ? sum.last_success : "从未",
	       *sum.next_retry ? sum.next_retry : "-", sanitize_arg(sum.last_error ? sum.last_error : "无"),
	       sum.running ? "运行中" : "未运行");
	sync_summary_release(&sum);
	return 0;
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "daemon", no_argument, NULL, 'd' },
		{ "status", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool daemon = false, status = false;
	struct store *s;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "dsh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			daemon = true;
			break;
		case 's':
			status = true;
			break;
		case 'h':
			printf("用法: certdesk sync [--daemon | --status]\n");
			return 0;
		default:
			fprintf(stderr, "用法: certdesk sync [--daemon | --status]\n");
			return 2;
		}
	}
	if (optind < argc || (daemon && status)) {
		fprintf(stderr, "用法: certdesk sync [--daemon | --status]\n");
		return 2;
	}
	s = cli_store(cli);
	if (status)
		return show_status(s);
	{
		char *w = workdays_warning(s, NULL);   /* once, before the run: the journal shows it */

		if (w)
			fprintf(stderr, "certdesk: 警告: %s%s\n", w, WORKDAYS_HOWTO);
		free(w);
	}
	if (daemon) {
		struct sigaction sa = { 0 };
		enum sync_rc rc;

		sa.sa_handler = on_signal;
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		rc = sync_daemon(cli->conf, s, &stop_flag, report, NULL);
		if (rc == SYNC_BUSY) {
			fprintf(stderr, "certdesk: 另一个同步进程正在运行 (每个网点只运行一个)\n");
			return 1;
		}
		return rc == SYNC_OK ? 0 : 1;
	}
	{
		struct sync_result res;
		enum sync_rc rc = sync_run_once(cli->conf, s, &res);

		if (rc == SYNC_BUSY)
			fprintf(stderr, "certdesk: %s\n", res.error);
		else
			report(rc, &res, NULL);
		sync_result_release(&res);
		return rc == SYNC_OK ? 0 : 1;
	}
}
