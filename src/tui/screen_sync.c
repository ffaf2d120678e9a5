/* screen_sync.c - 同步状态: the store-and-forward summary (queue, last run,
 * last success, next retry, last error in plain Chinese), the applications
 * the centre refused, and "s 立即同步", which runs `certdesk sync` (this
 * same binary, same --config) as a background child process: sync_run_once
 * blocks on retries and timeouts, so it never runs on the UI path. The
 * screen's tick (screen.h) reaps the child with waitpid(WNOHANG), reads its
 * output from a pipe and shows the result when it exits. */
#include "core/clock.h"
#include "tui/screens.h"
#include "store/store.h"
#include "tui/list.h"
#include "core/text.h"
#include "core/util.h"
#include "sync/sync.h"
#include "store/workdays.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FAIL_MAX 500          /* refused applications listed */
#define OUT_MAX 4096          /* the child's output kept */

/* The background sync started from this terminal. File scope: leaving the
 * screen does not stop it, and coming back shows it still running (or its
 * result); one at a time. */
static struct {
	pid_t pid;                /* 0: none running */
	int fd;                   /* read end of its stdout+stderr, -1 when closed */
	struct strbuf out;
	time_t started;
	char *result;             /* the last run's outcome (one line) */
	bool ok;
} bg = { 0, -1, { 0 }, 0, NULL, false };

struct syncscr {
	struct sync_summary sum;
	struct sync_failure *fails;
	int nfails;
	struct tui_list list;
	struct tui_rect body;
	struct detail_arg open;
	char *calendar_warning;   /* for supervisors: the holiday calendar ends within 30 days */
};

/* The calendar warning (supervisors and administrators; clerks cannot act on it). */
static void check_calendar(struct tui *t, struct syncscr *s)
{
	xfree(&s->calendar_warning);
	if (t->op.role != ROLE_CLERK)
		s->calendar_warning = workdays_warning(t->store, NULL);
}

/* Lines the warning takes above the summary (with a blank line after it). */
static int warning_rows(const struct syncscr *s)
{
	return s->calendar_warning ? 3 : 0;
}

static void reload(struct tui *t, struct syncscr *s)
{
	struct sync_failure *f = NULL;
	int n;

	sync_summary_release(&s->sum);
	sync_status(t->store, &s->sum);
	n = sync_failures_load(t->store, FAIL_MAX, &f);
	if (n < 0) {
		tui_msg(t, TUI_MSG_ERROR, "无法读取同步出错的申请。");
		n = 0;
	}
	sync_failures_free(s->fails, s->nfails);
	s->fails = f;
	s->nfails = n;
	tui_list_set_count(&s->list, n);
}

/* The last non-empty line the child printed (its report or its error). */
static char *last_line(const char *text)
{
	const char *end = text + strlen(text), *start;

	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	return xasprintf("%.*s", (int)(end - start), start);
}

static void drain(void)
{
	char buf[512];
	ssize_t r;

	while (bg.fd >= 0 && (r = read(bg.fd, buf, sizeof(buf))) > 0)
		if (bg.out.len < OUT_MAX)
			sb_add(&bg.out, buf, (size_t)r);
}

/* Has the child ended? Then record its result. True when something changed. */
static bool reap(void)
{
	int status;
	pid_t r;

	if (!bg.pid)
		return false;
	drain();
	r = waitpid(bg.pid, &status, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return false;
	drain();
	if (bg.fd >= 0)
		close(bg.fd);
	bg.fd = -1;
	bg.pid = 0;
	free(bg.result);
	bg.ok = r > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	{
		char *line = last_line(bg.out.s ? bg.out.s : "");
		/* "certdesk: " and the time stamp are the command line's, not news */
		const char *p = line;

		if (!strncmp(p, "certdesk: ", 10))
			p += 10;
		{
			const char *sp = strchr(p, ' ');
			char stamp[CLOCK_TEXT + 8];
			time_t t;

			if (sp && (size_t)(sp - p) < sizeof(stamp)) {
				snprintf(stamp, sizeof(stamp), "%.*s", (int)(sp - p), p);
				if (clock_parse(stamp, &t))
					p = sp + 1;
			}
		}
		if (*p)
			bg.result = xstrdup(p);
		else if (r > 0 && WIFSIGNALED(status))
			bg.result = xasprintf("同步进程被信号 %d 终止", WTERMSIG(status));
		else
			bg.result = xstrdup(bg.ok ? "同步完成" : "同步失败 (没有输出)");
		free(line);
	}
	sb_reset(&bg.out);
	return true;
}

/* Start `certdesk sync` in the background: stdin from /dev/null, stdout and
 * stderr into a pipe (never onto the terminal the TUI owns). */
static bool start(struct tui *t, char **err)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0) {
		*err = xasprintf("%s%s", text("msg.sync_start_failed"), strerror(errno));
		return false;
	}
	store_flush(t->store);   /* the child reads and writes the same database */
	pid = fork();
	if (pid < 0) {
		*err = xasprintf("%s%s", text("msg.sync_start_failed"), strerror(errno));
		close(p[0]);
		close(p[1]);
		return false;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		char *argv[5];
		int n = 0;

		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		close(p[0]);
		close(p[1]);
		/* its last line must not kill it when this terminal is gone first */
		signal(SIGPIPE, SIG_IGN);
		argv[n++] = "certdesk";
		if (t->conf_path) {
			argv[n++] = "--config";
			argv[n++] = (char *)t->conf_path;
		}
		argv[n++] = "sync";
		argv[n] = NULL;
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	bg.pid = pid;
	bg.fd = p[0];
	bg.started = clock_now();
	sb_reset(&bg.out);
	xfree(&bg.result);
	return true;
}

static bool sync_init(struct tui *t, void *arg, void **state)
{
	struct syncscr *s = xcalloc(1, sizeof(*s));

	(void)arg;
	if (!bg.out.s)
		sb_init(&bg.out);
	tui_list_init(&s->list, 0);
	reap();
	reload(t, s);
	check_calendar(t, s);
	*state = s;
	return true;
}

static void row(void *ud, int index, int y, int x, int width, bool selected)
{
	struct syncscr *s = ud;
	const struct sync_failure *f = &s->fails[index];
	const char *cells[3] = { f->app_no, f->subject, f->error };
	int subj = width >= 100 ? 24 : 16;
	int widths[3] = { 18, subj, width - 2 - 18 - subj - 2 };
	attr_t a = selected ? tui_style(STYLE_SELECTED) : A_NORMAL;

	tui_draw_fill(stdscr, y, x, "", width, a);
	tui_draw_columns(y, x + 1, cells, widths, 3, a);
}

static void line(int y, int x, int w, const char *label, const char *value, attr_t a)
{
	int c = tui_draw_text(stdscr, y, x, label, 16, tui_style(STYLE_LABEL));

	for (; c < 16; c++)
		mvwaddch(stdscr, y, x + c, ' ');
	tui_draw_text(stdscr, y, x + 16, value, w - 16, a);
}

static void sync_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct syncscr *s = state;
	const struct sync_summary *m = &s->sum;
	int x = b->x + 2, w = b->w - 4, y = b->y;
	char buf[160];
	char *running;
	struct tui_rect lr;
	const char *hdr[3] = { text("col.app_no"), text("col.subject"), "错误" };
	int subj = b->w - 2 >= 100 ? 24 : 16;
	int hw[3] = { 18, subj, b->w - 2 - 18 - subj - 2 };

	(void)t;
	s->body = *b;
	if (s->calendar_warning) {
		tui_draw_text(stdscr, y, x, s->calendar_warning, w, tui_style(STYLE_ERROR));
		tui_draw_text(stdscr, y + 1, x, WORKDAYS_HOWTO, w, tui_style(STYLE_HINT));
		y += warning_rows(s);
	}
	snprintf(buf, sizeof(buf), "%ld 份", m->queued);
	line(y++, x, w, "待同步:", buf, m->queued ? tui_style(STYLE_HEADING) : A_NORMAL);
	snprintf(buf, sizeof(buf), "%ld 笔", m->failed);
	line(y++, x, w, "同步出错的申请:", buf, m->failed ? tui_style(STYLE_ERROR) : A_NORMAL);
	line(y++, x, w, "最近一次同步:", *m->last_run ? m->last_run : text("sync.never"), A_NORMAL);
	line(y++, x, w, "最近一次成功:", *m->last_success ? m->last_success : text("sync.never"), A_NORMAL);
	line(y++, x, w, "下次重试:", *m->next_retry ? m->next_retry : "-", A_NORMAL);
	if (bg.pid)
		running = xasprintf("正在同步 (本终端发起, 已用 %ld 秒)…", (long)(clock_now() - bg.started));
	else
		running = xstrdup(m->running ? "运行中 (后台同步进程)" : "未运行");
	line(y++, x, w, "同步进程:", running, bg.pid ? tui_style(STYLE_HEADING) : A_NORMAL);
	free(running);
	line(y++, x, w, "最近错误:", m->last_error ? m->last_error : "无",
	     m->last_error ? tui_style(STYLE_ERROR) : A_NORMAL);
	if (bg.result)
		line(y, x, w, "立即同步结果:", bg.result, bg.ok ? tui_style(STYLE_OK) : tui_style(STYLE_ERROR));
	y += 2;
	snprintf(buf, sizeof(buf), "中心拒收的申请 (%d 笔, 改正后重新提交即再次发送):", s->nfails);
	tui_draw_text(stdscr, y++, x, buf, w, tui_style(STYLE_HEADING));
	tui_draw_fill(stdscr, y, b->x, "", b->w, tui_style(STYLE_LABEL));
	tui_draw_columns(y++, b->x + 1, hdr, hw, 3, tui_style(STYLE_LABEL));
	lr = (struct tui_rect){ y, b->x, b->y + b->h - y, b->w };
	tui_list_draw(&s->list, &lr, row, s, "没有同步出错的申请。");
}

static int list_rows(const struct syncscr *s)
{
	int n = s->body.h - 11 - warning_rows(s);

	return n > 1 ? n : 1;
}

static enum tui_outcome sync_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct syncscr *s = state;
	enum tui_outcome out = tui_list_key(&s->list, k, list_rows(s));
	char *err = NULL;

	if (out != TUI_UNHANDLED)
		return out;
	switch (k->act) {
	case ACT_SYNC_NOW:
		reap();
		if (bg.pid) {
			tui_msg(t, TUI_MSG_INFO, "同步正在进行, 请稍候。");
			return TUI_REDRAW;
		}
		if (!start(t, &err)) {
			tui_msg(t, TUI_MSG_ERROR, "%s", err);
			free(err);
			return TUI_REDRAW;
		}
		tui_msg(t, TUI_MSG_INFO, "已开始同步 (在后台进行, 可以继续操作)。");
		return TUI_REDRAW;
	case ACT_RELOAD:
		reload(t, s);
		check_calendar(t, s);
		tui_msg(t, TUI_MSG_INFO, "已刷新。");
		return TUI_REDRAW;
	case ACT_OK:
		if (s->list.sel < 0)
			return TUI_HANDLED;
		s->open.app_id = s->fails[s->list.sel].id;
		tui_push(t, &screen_detail_ops, &s->open);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

/* While a sync runs: the queue shrinking, then its result. */
static bool sync_tick(struct tui *t, void *state)
{
	struct syncscr *s = state;
	static time_t last;
	bool ended;

	if (!bg.pid)
		return false;
	ended = reap();
	if (ended) {
		reload(t, s);
		tui_msg(t, bg.ok ? TUI_MSG_OK : TUI_MSG_ERROR, "立即同步%s。", bg.ok ? "已完成" : "未成功, 原因见上方");
		return true;
	}
	if (clock_now() != last) {     /* the elapsed seconds and the queue, once a second */
		last = clock_now();
		reload(t, s);
		return true;
	}
	return false;
}

static void sync_resume(struct tui *t, void *state)
{
	reap();
	reload(t, state);
	check_calendar(t, state);
}

static void sync_done(struct tui *t, void *state)
{
	struct syncscr *s = state;

	(void)t;
	sync_summary_release(&s->sum);
	sync_failures_free(s->fails, s->nfails);
	free(s->calendar_warning);
	free(s);
}

const struct screen_ops screen_sync_ops = {
	.name = "sync",
	.title = "同步状态",
	.keyctx = KC_LIST | KC_SYNC,
	.init = sync_init,
	.draw = sync_draw,
	.key = sync_key,
	.resume = sync_resume,
	.done = sync_done,
	.tick = sync_tick,
};
