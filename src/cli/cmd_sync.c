/* cmd_sync.c - certdesk sync: one store-and-forward run, or --daemon. */
#include "cli/cmd.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/util.h"
#include "store/store.h"
#include "store/workdays.h"
#include "sync/sync.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	stop_flag = sig;
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
	if (sum.unhandled)
		printf("未能处理的中心动态: %ld (已保存, 本版本不能处理; 见 certdesk-api(7))\n", sum.unhandled);
	sync_summary_release(&sum);
	return 0;
}

static const struct cliopt sync_opts[] = {
	{ "daemon", 'd', no_argument, NULL, "持续运行: 每隔 [sync] interval 秒同步一轮, 直到 SIGTERM/SIGINT", NULL },
	{ "status", 's', no_argument, NULL, "显示同步状态 (待同步、出错、最近一次同步…), 不同步", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_sync_cli = {
	"certdesk sync",
	(const char *const[]){ "certdesk sync [--daemon | --status]", NULL },
	"与中心端点同步: 推送待同步的申请, 接收中心动态。",
	sync_opts,
	NULL,
	NULL,
};

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	bool daemon = false, status = false;
	struct store *s;
	struct cliparse p;
	int c;

	cliparse_init(&p, &cmd_sync_cli, NULL, argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0) {
		switch (c) {
		case 'd':
			daemon = true;
			break;
		case 's':
			status = true;
			break;
		}
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind < argc)
		return clicmd_extra_arg(&cmd_sync_cli, argv[optind]);
	if (daemon && status)
		return clicmd_usage_error(&cmd_sync_cli, "--daemon 与 --status 不能同时使用");
	s = cli_store(cli);
	if (status)
		return show_status(s);
	if (daemon)
		log_setup(stderr, true, LOG_LVL_INFO);   /* certdesk-deploy(7), LOGS */
	{
		char *w = workdays_warning(s, NULL);   /* once, before the run: the journal shows it */

		if (w && daemon)
			log_line(LOG_LVL_WARNING, "警告: %s%s", w, WORKDAYS_HOWTO);
		else if (w)
			fprintf(stderr, "certdesk: 警告: %s%s\n", w, WORKDAYS_HOWTO);
		free(w);
	}
	if (daemon) {
		struct sigaction sa = { 0 };
		struct sync_log lg = { 0 };
		enum sync_rc rc;

		sa.sa_handler = on_signal;
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		log_line(LOG_LVL_INFO, "同步进程启动: 网点 %s, 每 %ld 秒同步一轮", conf_str(cli->conf, "branch.code"),
			 conf_int(cli->conf, "sync.interval"));
		rc = sync_daemon(cli->conf, s, &stop_flag, sync_log_round, &lg);
		sync_log_release(&lg);
		if (rc != SYNC_OK) {
			log_line(LOG_LVL_ERR, rc == SYNC_BUSY ? "另一个同步进程正在运行 (每个网点只运行一个)"
							      : "无法创建同步锁文件, 同步进程退出");
			return 1;
		}
		/* the request under way was finished and recorded: nothing to resend */
		log_line(LOG_LVL_INFO, "同步进程已停止 (%s)", stop_flag == SIGINT ? "SIGINT" : "SIGTERM");
		return 0;
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
