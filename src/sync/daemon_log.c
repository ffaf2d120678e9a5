/* daemon_log.c - what `certdesk sync --daemon` says about its rounds: the
 * changes only (something delivered or received, a new error, the recovery
 * after errors), never a line per idle round. certdesk-deploy(7), LOGS. */
#include "sync/sync.h"

#include "core/log.h"
#include "core/util.h"

#include <stdlib.h>

static bool same_error(const struct sync_log *l, const struct sync_result *res)
{
	return l->last_error && res->error && str_eq(l->last_error, res->error);
}

static void remember_error(struct sync_log *l, const struct sync_result *res)
{
	free(l->last_error);
	l->last_error = res->error ? xstrdup(res->error) : NULL;
}

void sync_log_round(enum sync_rc rc, const struct sync_result *res, void *ud)
{
	struct sync_log *l = ud;
	bool moved = res->pushed || res->uploaded || res->pulled;
	bool first = l->rounds++ == 0;

	if (rc == SYNC_FAILED) {
		/* the same error round after round is said once */
		if (!l->failures || !same_error(l, res))
			log_line(LOG_LVL_ERR, "同步失败: %s (已推送 %ld 份, 接收 %ld 条); 稍后自动重试", res->error ? res->error : "?",
				 res->pushed, res->pulled);
		else if (moved)
			log_line(LOG_LVL_INFO, "同步: 推送 %ld 份, 上传附件 %ld 个, 接收中心动态 %ld 条", res->pushed,
				 res->uploaded, res->pulled);
		l->failures++;
		remember_error(l, res);
		return;
	}
	if (l->failures) {
		log_line(LOG_LVL_INFO, "同步恢复正常 (此前连续失败 %ld 轮)", l->failures);
		l->failures = 0;
		xfree(&l->last_error);
	}
	if (rc == SYNC_PARTIAL) {
		if (moved || !same_error(l, res))
			log_line(LOG_LVL_WARNING, "同步部分完成: %s (已推送 %ld 份, 中心拒收 %ld 份, 接收 %ld 条)",
				 res->error ? res->error : "?", res->pushed, res->refused, res->pulled);
		remember_error(l, res);
		return;
	}
	xfree(&l->last_error);
	if (moved || first)
		log_line(LOG_LVL_INFO, "同步完成: 推送 %ld 份, 上传附件 %ld 个, 接收中心动态 %ld 条", res->pushed,
			 res->uploaded, res->pulled);
	else
		log_line(LOG_LVL_DEBUG, "同步完成: 没有需要推送或接收的内容");
}

void sync_log_release(struct sync_log *l)
{
	xfree(&l->last_error);
}
