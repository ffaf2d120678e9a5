/* tui.c - the screen engine: terminal set-up and restore, locale, the screen
 * stack, the one place that lays out on resize, input (dropping unknown
 * escape sequences), the top bar, message line and key bar. */
#include "tui/tui.h"
#include "core/validate.h"
#include "store/refdata.h"
#include "tui/screens.h"
#include "tui/editor.h"
#include "tui/termsafe.h"
#include "core/conf.h"
#include "core/sanitize.h"
#include "core/utf8.h"
#include "core/util.h"
#include "store/store.h"

#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct tui_frame {
	const struct screen_ops *ops;
	void *state;
};

enum { NAV_NONE, NAV_PUSH, NAV_REPLACE, NAV_RESET };

static bool curses_up;
/* A lone Esc waits this long for a digit (Esc-0 = F10 …) on a terminal
 * without all of F1-F10; 0: Esc acts at once (Esc-digit still works when
 * the digit comes with it, as Alt-digit does). */
static int esc_digit_ms;
#define ESC_DIGIT_WAIT_MS 1000

static void tui_restore(void)
{
	if (curses_up) {
		curses_up = false;
		endwin();
	}
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long tui_now_ms(void)
{
	return now_us() / 1000;
}

/* UTF-8 is required. A C/POSIX locale (no LANG on a server, common over SSH)
 * falls back to C.UTF-8; any other codeset means the terminal really uses
 * another encoding, and certdesk refuses rather than print garbage. */
static bool locale_ensure_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	if (!strcmp(cs, "UTF-8"))
		return true;
	if (!strcmp(cs, "ANSI_X3.4-1968") || !strcmp(cs, "ASCII")) {
		if (setlocale(LC_ALL, "C.UTF-8") && !strcmp(nl_langinfo(CODESET), "UTF-8"))
			return true;
	}
	fprintf(stderr, "certdesk: 柜台界面需要 UTF-8 字符集, 当前为 %s。请设置 LANG=zh_CN.UTF-8 或 "
			"LANG=C.UTF-8 后重试。\n(certdesk needs a UTF-8 locale; the current codeset is %s.)\n",
		cs, cs);
	return false;
}

void tui_push(struct tui *t, const struct screen_ops *ops, void *arg)
{
	t->pending = NAV_PUSH;
	t->pending_ops = ops;
	t->pending_arg = arg;
}

void tui_replace(struct tui *t, const struct screen_ops *ops, void *arg)
{
	t->pending = NAV_REPLACE;
	t->pending_ops = ops;
	t->pending_arg = arg;
}

void tui_reset(struct tui *t, const struct screen_ops *ops, void *arg)
{
	t->pending = NAV_RESET;
	t->pending_ops = ops;
	t->pending_arg = arg;
}

void tui_msg(struct tui *t, enum tui_msg_kind kind, const char *fmt, ...)
{
	va_list ap;

	free(t->msg);
	va_start(ap, fmt);
	t->msg = xvasprintf(fmt, ap);
	va_end(ap);
	t->msg_kind = kind;
}

void tui_cursor(struct tui *t, int y, int x)
{
	t->cur_y = y;
	t->cur_x = x;
}

void tui_logout(struct tui *t)
{
	if (t->logged_in) {
		store_audit(t->store, t->op.id, t->op.login, AUDIT_SESSION_LOGOUT, t->op.login, NULL);
		operator_release(&t->op);
		t->logged_in = false;
	}
	tui_reset(t, &screen_login_ops, NULL);
}

static struct tui_frame *top(struct tui *t)
{
	return t->depth ? &t->stack[t->depth - 1] : NULL;
}

static void frame_close(struct tui *t)
{
	struct tui_frame *f = top(t);

	if (!f)
		return;
	if (f->ops->done)
		f->ops->done(t, f->state);
	t->depth--;
}

static bool frame_open(struct tui *t, const struct screen_ops *ops, void *arg)
{
	void *state = NULL;

	if (ops->init && !ops->init(t, arg, &state))
		return false;
	if (t->depth == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->stack = xrealloc(t->stack, (size_t)t->cap * sizeof(*t->stack));
	}
	t->stack[t->depth].ops = ops;
	t->stack[t->depth].state = state;
	t->depth++;
	if (ops->resize)
		ops->resize(t, state, &t->body);
	return true;
}

static void apply_navigation(struct tui *t, enum tui_outcome out)
{
	int nav = t->pending;
	const struct screen_ops *ops = t->pending_ops;
	void *arg = t->pending_arg;

	t->pending = NAV_NONE;
	if (out == TUI_QUIT) {
		t->quit = true;
		return;
	}
	if (out == TUI_LEAVE && nav == NAV_NONE) {
		frame_close(t);
		if (top(t) && top(t)->ops->resume)
			top(t)->ops->resume(t, top(t)->state);
		return;
	}
	switch (nav) {
	case NAV_PUSH:
		frame_open(t, ops, arg);
		break;
	case NAV_REPLACE:
		frame_close(t);
		if (!frame_open(t, ops, arg) && top(t) && top(t)->ops->resume)
			top(t)->ops->resume(t, top(t)->state);
		break;
	case NAV_RESET:
		while (t->depth)
			frame_close(t);
		frame_open(t, ops, arg);
		break;
	}
	if (!t->depth)
		t->quit = true;
}

/* The one place that lays the terminal out: at start and on KEY_RESIZE. */
static void layout(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	t->too_small = t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS;
	t->body = (struct tui_rect){ .y = 1, .x = 0, .h = t->rows - 3, .w = t->cols };
	if (t->too_small)
		return;
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops->resize)
			t->stack[i].ops->resize(t, t->stack[i].state, &t->body);
}

static void draw_too_small(struct tui *t)
{
	char *need = xasprintf("至少需要 %d×%d, 当前 %d×%d。", TUI_MIN_COLS, TUI_MIN_ROWS, t->cols, t->rows);
	const char *lines[] = { "窗口太小", "请把终端窗口调大", need, "调大后界面自动恢复。" };
	int y0 = t->rows / 2 - 2;

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		int y = y0 + (int)i;
		if (y < 0 || y >= t->rows)
			continue;
		tui_draw_center(stdscr, y, 0, t->cols, lines[i], i == 0 ? tui_style(STYLE_ERROR) : A_NORMAL);
	}
	free(need);
}

/* A key bar's "F7" on a terminal without F7 reads "Esc-7" (read_key). */
static char *fkey_label(char *key)
{
	char *end;
	long n;

	if (key[0] != 'F' || !(n = strtol(key + 1, &end, 10)) || *end || n > 10 || tui_has_fkey((int)n))
		return key;
	free(key);
	return xasprintf("Esc-%ld", n % 10);
}

static void draw_keybar(struct tui *t, unsigned mask)
{
	const char *items[32];
	size_t n = keymap_bar(mask, items, ARRAY_SIZE(items));
	int x = 0, y = t->rows - 1;

	tui_draw_fill(stdscr, y, 0, "", t->cols, tui_style(STYLE_KEYBAR));
	for (size_t i = 0; i < n; i++) {
		const char *sp = strchr(items[i], ' ');
		size_t klen = sp ? (size_t)(sp - items[i]) : strlen(items[i]);
		char *key = fkey_label(xstrndup(items[i], klen));
		const char *desc = sp ? sp + 1 : "";
		int need = (int)(utf8_cols(key) + 1 + utf8_cols(desc)) + 2;

		if (x + need > t->cols) {
			free(key);
			break;
		}
		x += tui_draw_text(stdscr, y, x, key, t->cols - x, tui_style(STYLE_KEY));
		x += tui_draw_text(stdscr, y, x, " ", t->cols - x, tui_style(STYLE_KEYBAR));
		x += tui_draw_text(stdscr, y, x, desc, t->cols - x, tui_style(STYLE_KEYBAR));
		x += tui_draw_text(stdscr, y, x, "  ", t->cols - x, tui_style(STYLE_KEYBAR));
		free(key);
	}
}

/* Top bar: branch on the left, the screen's title centred, the operator on
 * the right; each part is cut to its own space so none overwrites (and
 * splits) another's characters. */
static void draw_topbar(struct tui *t, const struct screen_ops *ops)
{
	char *left = xasprintf(" certdesk · %s", conf_str(t->conf, "branch.name"));
	char *right = t->logged_in ? xasprintf("%s (%s) ", t->op.display_name, role_name(t->op.role))
				   : xstrdup("");
	char *title = sanitize_text(ops->title, 0);
	int tcols = (int)utf8_cols(title), rcols = (int)utf8_cols(right);
	int tx = (t->cols - tcols) / 2;
	attr_t a = tui_style(STYLE_TITLE);

	if (rcols > tx - 1)
		rcols = tx - 1 > 0 ? tx - 1 : 0;
	tui_draw_fill(stdscr, 0, 0, "", t->cols, a);
	tui_draw_text(stdscr, 0, 0, left, tx - 1, a);
	tui_draw_text(stdscr, 0, tx, title, tcols, a);
	if (rcols > 0)
		tui_draw_text(stdscr, 0, t->cols - rcols, right, rcols, a);
	free(left);
	free(right);
	free(title);
}

static void draw(struct tui *t)
{
	struct tui_frame *f = top(t);

	werase(stdscr);
	t->cur_y = t->cur_x = -1;
	if (t->too_small) {
		draw_too_small(t);
	} else if (f) {
		draw_topbar(t, f->ops);
		f->ops->draw(t, f->state, &t->body);
		if (t->msg) {
			enum tui_style s = t->msg_kind == TUI_MSG_ERROR ? STYLE_ERROR
					 : t->msg_kind == TUI_MSG_OK  ? STYLE_OK
								      : STYLE_NORMAL;
			tui_draw_text(stdscr, t->rows - 2, 1, t->msg, t->cols - 2, tui_style(s));
		}
		draw_keybar(t, f->ops->keyctx);
	}
	if (t->cur_y >= 0) {
		curs_set(1);
		wmove(stdscr, t->cur_y, t->cur_x);
	} else {
		curs_set(0);
	}
	wrefresh(stdscr);
}

enum read_result { READ_NONE, READ_KEY, READ_RESIZE };

static enum read_result esc_digit(struct tui_key *k, wint_t digit)
{
	k->key = TUI_KEY_FN(KEY_F(digit == L'0' ? 10 : (int)(digit - L'0')));
	k->ch = 0;
	return READ_KEY;
}

/* The keys of the xterm / VT220 / Linux console sequences, for a TERM whose
 * terminfo does not name them (a modern terminal or tmux under TERM=vt100). */
static int esc_sequence_key(const char *seq)
{
	static const struct {
		const char *seq;
		int key;
	} known[] = {
		{ "[5~", KEY_PPAGE }, { "[6~", KEY_NPAGE }, { "[3~", KEY_DC },     { "[2~", KEY_IC },
		{ "[1~", KEY_HOME },  { "[7~", KEY_HOME },  { "[H", KEY_HOME },    { "OH", KEY_HOME },
		{ "[4~", KEY_END },   { "[8~", KEY_END },   { "[F", KEY_END },     { "OF", KEY_END },
		{ "[Z", KEY_BTAB },   { "[A", KEY_UP },     { "[B", KEY_DOWN },    { "[C", KEY_RIGHT },
		{ "[D", KEY_LEFT },   { "OP", KEY_F(1) },   { "OQ", KEY_F(2) },    { "OR", KEY_F(3) },
		{ "OS", KEY_F(4) },   { "[11~", KEY_F(1) }, { "[12~", KEY_F(2) },  { "[13~", KEY_F(3) },
		{ "[14~", KEY_F(4) }, { "[15~", KEY_F(5) }, { "[17~", KEY_F(6) },  { "[18~", KEY_F(7) },
		{ "[19~", KEY_F(8) }, { "[20~", KEY_F(9) }, { "[21~", KEY_F(10) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(seq, known[i].seq))
			return TUI_KEY_FN(known[i].key);
	return 0;
}

/* One key. ESC followed at once by more input is an escape sequence curses
 * did not recognise (or an Alt-key): it is swallowed whole. */
static enum read_result read_key(struct tui *t, struct tui_key *k, int timeout_ms)
{
	wint_t ch;
	int rc;

	long long start = tui_now_ms();

	wtimeout(stdscr, timeout_ms);
	rc = wget_wch(stdscr, &ch);
	if (rc == ERR) {
		/* A closed terminal (SSH gone, SIGHUP ignored) makes every read fail
		 * at once: stop instead of spinning. Drafts are saved per field. */
		if (timeout_ms != 0 && tui_now_ms() - start < 2) {
			if (++t->read_errors > 1000)
				t->quit = true;
		} else if (timeout_ms != 0) {
			t->read_errors = 0;
		}
		return READ_NONE;
	}
	t->read_errors = 0;
	t->last_input_ms = tui_now_ms();
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_RESIZE)
			return READ_RESIZE;
		k->key = TUI_KEY_FN((int)ch);
		k->ch = 0;
	} else if (ch == 0x1b) {
		wint_t next;
		int nrc;
		struct editor_esc q;
		char seq[16];
		size_t n = 0;

		wtimeout(stdscr, 0);
		nrc = wget_wch(stdscr, &next);
		if (nrc == OK && next >= L'0' && next <= L'9')
			return esc_digit(k, next);   /* Esc-digit together (Alt-digit) */
		if (nrc != ERR) {
			/* a sequence curses does not know for this TERM: the common
			 * ones are keys all the same, the rest is swallowed whole */
			editor_esc_start(&q);
			for (;;) {
				if (nrc == OK && n < sizeof(seq) - 1 && next < 0x80)
					seq[n++] = (char)next;
				if (nrc != OK || editor_esc_feed(&q, next))
					break;
				wtimeout(stdscr, 20);
				if ((nrc = wget_wch(stdscr, &next)) == ERR)
					break;
			}
			seq[n] = '\0';
			return (k->key = esc_sequence_key(seq)) ? (k->ch = 0, READ_KEY) : READ_NONE;
		}
		if (esc_digit_ms) {
			/* no F-keys: Esc, then a digit typed within the wait; Esc Esc
			 * (or another key) is Esc at once, the other key kept */
			wtimeout(stdscr, esc_digit_ms);
			nrc = wget_wch(stdscr, &next);
			if (nrc == OK && next >= L'0' && next <= L'9')
				return esc_digit(k, next);
			if (nrc == KEY_CODE_YES)
				ungetch((int)next);
			else if (nrc == OK && next != 0x1b)
				unget_wch(next);
		}
		k->key = 0x1b;
		k->ch = 0;
	} else {
		k->key = (int)ch;
		k->ch = ch;
	}
	return READ_KEY;
}

static void handle_key(struct tui *t, struct tui_key *k)
{
	struct tui_frame *f = top(t);
	enum tui_outcome out;

	xfree(&t->msg);
	k->act = keymap_lookup(k->key, f->ops->keyctx);
	if (k->act != ACT_NONE)
		k->ch = 0;               /* a bound key is never typed text */
	out = f->ops->key(t, f->state, k);
	if (out == TUI_UNHANDLED && !t->pending) {
		switch (k->act) {
		case ACT_HELP:
			if (f->ops != &screen_help_ops)
				tui_push(t, &screen_help_ops, NULL);
			break;
		case ACT_BACK:
			out = t->depth > 1 ? TUI_LEAVE : TUI_QUIT;
			break;
		case ACT_QUIT:
			out = TUI_QUIT;
			break;
		case ACT_REDRAW:
			clearok(curscr, TRUE);
			break;
		default:
			break;
		}
	}
	apply_navigation(t, out);
}

long tui_idle_lock_seconds(const struct tui *t)
{
	long seconds = conf_int(t->conf, "security.idle_lock_seconds");
	long minutes = conf_int(t->conf, "security.idle_lock_minutes");

	if (seconds > 0)
		return seconds;
	return minutes > 0 ? minutes * 60 : 0;
}

/* Idle lock: after tui_idle_lock_seconds without a key, a logged-in
 * terminal shows the lock screen. */
static int idle_timeout(struct tui *t)
{
	long seconds = tui_idle_lock_seconds(t);
	long long left;

	if (seconds <= 0 || !t->logged_in)
		return -1;
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops == &screen_lock_ops)
			return -1;
	left = t->last_input_ms + seconds * 1000LL - tui_now_ms();
	return left > 0 ? (int)(left < 60000 ? left : 60000) : 0;
}

/* A deferred commit (store_defer) failed: what the screen showed is not in
 * the database. The store's watchers reloaded their copies; the screen is
 * told (resume) and the clerk is told. True when there was one. */
static bool report_lost(struct tui *t)
{
	char *why = store_take_lost(t->store);
	struct tui_frame *f = top(t);

	if (!why)
		return false;
	if (f && f->ops->resume)
		f->ops->resume(t, f->state);
	tui_msg(t, TUI_MSG_ERROR, "未能写入数据库 (%s): 刚才的修改已撤回, 请重新填写", why);
	free(why);
	return true;
}

static void run(struct tui *t)
{
	struct tui_key k;
	/* $CERTDESK_KEYSTATS: a file that gets one line per burst of keys, the
	 * microseconds from reading its first key to the screen updated, the
	 * number of keys, and the microseconds of the commit after the screen
	 * (0: nothing to commit) (make bench: processing time per keystroke). */
	const char *stats_path = secure_getenv("CERTDESK_KEYSTATS");
	FILE *stats = !str_empty(stats_path) ? fopen(stats_path, "a") : NULL;
	long long t0 = 0;
	int nkeys = 0;
	bool quiet = false;    /* a tick with nothing new: no need to draw */

	while (!t->quit && t->depth) {
		int timeout = idle_timeout(t);
		enum read_result r;

		if (timeout == 0) {
			xfree(&t->msg);        /* nothing of the session stays on the screen */
			tui_push(t, &screen_lock_ops, NULL);
			apply_navigation(t, TUI_REDRAW);
			quiet = false;
			continue;
		}
		if (!quiet)
			draw(t);
		quiet = false;
		{
			/* the screen first, then the disk: the saves of these keys (or
			 * of a tick) are committed before the next key is read */
			long long t1 = now_us();
			bool saved = store_pending(t->store);

			store_flush(t->store);
			if (stats && nkeys) {
				fprintf(stats, "%lld %d %lld\n", t1 - t0, nkeys, saved ? now_us() - t1 : 0);
				fflush(stats);
			}
		}
		nkeys = 0;
		if (report_lost(t))
			continue;
		if (top(t)->ops->tick && (timeout < 0 || timeout > TUI_TICK_MS))
			timeout = TUI_TICK_MS;
		r = read_key(t, &k, timeout);
		if (r == READ_NONE) {
			/* no key: the top screen's background work (screen.h) */
			struct tui_frame *f = top(t);

			quiet = !(f->ops->tick && f->ops->tick(t, f->state));
			continue;
		}
		t0 = now_us();
		/* Handle everything already typed (a paste, a fast typist over SSH)
		 * before drawing again: one screen update per burst. */
		for (int burst = 0; (r != READ_NONE || burst == 0) && !t->quit; burst++) {
			if (r == READ_RESIZE) {
				layout(t);
			} else if (r == READ_KEY && !t->too_small) {
				handle_key(t, &k);
				nkeys++;
			}
			if (t->quit || !t->depth || burst > 4096)
				break;
			r = read_key(t, &k, 0);
		}
	}
	if (stats)
		fclose(stats);
}

bool tui_ready(void)
{
	const char *why;

	if (!locale_ensure_utf8())
		return false;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "certdesk: 柜台界面需要在终端中运行 (管理命令见 certdesk --help)\n");
		return false;
	}
	if (!tui_term_usable(&why)) {
		fprintf(stderr, "certdesk: 无法显示柜台界面: %s (TERM=%s)。\n"
				"请在完整的终端中运行 (如 TERM=xterm-256color、linux 或 vt100); "
				"管理命令见 certdesk --help。\n",
			why, sanitize_arg(getenv("TERM") ? getenv("TERM") : ""));
		return false;
	}
	return true;
}

int tui_main(const struct tui_setup *setup)
{
	struct tui t = { 0 };

	t.conf_path = setup->conf_path;
	t.conf = setup->conf;
	t.store = setup->store;
	{
		/* Divisions and banks come from data/ the first time (and after an upgrade). */
		char *err = NULL;

		if (!refdata_ensure(t.store, &err)) {
			fprintf(stderr, "certdesk: %s\n", err);
			free(err);
			return 1;
		}
		validate_set_region_lookup(division_known, t.store);
	}
	store_defer(t.store, true);   /* field saves: the screen first, the fsync after (run) */
	t.last_input_ms = tui_now_ms();

	tui_term_save();
	if (!initscr()) {
		fprintf(stderr, "certdesk: 无法初始化终端 (TERM=%s)\n", sanitize_arg(getenv("TERM")));
		return 1;
	}
	curses_up = true;
	die_set_hook(tui_restore);
	raw();               /* Ctrl-C, Ctrl-Z, Ctrl-S reach us as keys, not signals */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	tui_term_guard();   /* a crash from here on still gives the terminal back */
	for (int n = 1; n <= 10; n++)
		if (!tui_has_fkey(n))
			esc_digit_ms = ESC_DIGIT_WAIT_MS;
	tui_style_init();
	layout(&t);
	frame_open(&t, &screen_login_ops, NULL);
	run(&t);

	while (t.depth)
		frame_close(&t);
	if (t.logged_in) {
		store_audit(t.store, t.op.id, t.op.login, AUDIT_SESSION_LOGOUT, t.op.login, NULL);
		operator_release(&t.op);
	}
	store_defer(t.store, false);
	free(t.stack);
	free(t.msg);
	die_set_hook(NULL);
	tui_term_unguard();
	tui_restore();
	{
		char *why = store_take_lost(t.store);

		if (why) {
			fprintf(stderr, "certdesk: 退出时未能写入数据库 (%s): 最后离开的字段未保存\n", why);
			free(why);
			return 1;
		}
	}
	return 0;
}
