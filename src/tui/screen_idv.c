/* screen_idv.c - 身份核验, step kind identity of the replacement journey: asks the
 * centre for an identity-verification session (centre_idv_start) and draws
 * its QR code (qrterm: half blocks, or ASCII with [ui] qr_ascii, light on
 * dark), then polls it every POLL_MS from its tick (screen_ops.tick, passed
 * on by the journey's host) with a visible countdown to its expiry; s stops
 * / resumes, n makes a new code. Passed, failed (the centre's reason and the
 * FAQ's advice for 实名电信认证无法通过) or expired are recorded
 * (steps_idv_record). o: the clerk checks the agent's original ID card and
 * re-types its number (steps_idv_in_person). The next step is refused until
 * passed. The arg is the journey's struct journey * (not owned). */
#include "core/clock.h"
#include "tui/field.h"
#include "tui/journey.h"
#include "tui/screens.h"
#include "store/store.h"
#include "core/conf.h"
#include "core/qrterm.h"
#include "core/text.h"
#include "core/util.h"
#include "store/app.h"
#include "store/steps.h"
#include "sync/centre.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLL_MS 2000

enum idv_mode {
	IDV_NONE,        /* no session (the centre could not be reached) */
	IDV_POLLING,     /* the code is shown, polling */
	IDV_STOPPED,     /* the code is shown, polling stopped (s) */
	IDV_PASSED,
	IDV_FAILED,
	IDV_EXPIRED,
};

struct idvscr {
	struct journey *j;
	enum idv_mode mode;
	long long next_poll_ms;      /* IDV_POLLING: when to ask the centre again (tui_now_ms) */
	struct idv_session sess;
	bool have_sess;
	struct qrterm qr;
	bool have_qr;
	time_t expires;              /* 0 unknown */
	char *error;                 /* the centre's error, or the QR's */
	char *reason, *advice;       /* failed */
	char *intro, *in_person_hint;
	char *passed_line;           /* how and when it passed */
	bool typing;                 /* o: re-typing the ID number */
	struct editor id;
	char *id_err;
};

static void forget_session(struct idvscr *s)
{
	if (s->have_sess)
		idv_session_release(&s->sess);
	if (s->have_qr)
		qrterm_release(&s->qr);
	s->have_sess = s->have_qr = false;
	xfree(&s->reason);
	xfree(&s->advice);
	xfree(&s->error);
}

static void load_passed(struct tui *t, struct idvscr *s)
{
	char *m = app_get_field(t->store, s->j->app_id, "idv_method");
	char *at = app_get_field(t->store, s->j->app_id, "idv_at");

	char shown[32];

	clock_show(at, false, shown, sizeof(shown));
	xfree(&s->passed_line);
	s->passed_line = xasprintf("经办人身份核验已通过 (%s, %s)。按 PgDn 进入支付。",
				   str_eq(m, IDV_METHOD_IN_PERSON) ? "柜台核验身份证原件" : "微信扫码实名认证", shown);
	free(m);
	free(at);
}

static void record(struct tui *t, struct idvscr *s, const char *status)
{
	char *err = NULL;

	if (!steps_idv_record(t->store, s->j->app_id, IDV_METHOD_QR, status, s->sess.id, t->op.id, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "%s", err);
		free(err);
	}
}

/* The session's state from the centre's answer. */
static void apply(struct tui *t, struct idvscr *s)
{
	const char *st = s->sess.status;

	if (str_eq(st, "passed")) {
		s->mode = IDV_PASSED;
		record(t, s, "passed");
		load_passed(t, s);
		tui_msg(t, TUI_MSG_OK, "经办人身份核验已通过");
	} else if (str_eq(st, "failed")) {
		s->mode = IDV_FAILED;
		record(t, s, "failed");
		xfree(&s->reason);
		s->reason = xstrdup(s->sess.reason ? s->sess.reason : "未说明原因");
		xfree(&s->advice);
		if (strstr(s->reason, "实名") || strstr(s->reason, "电信"))
			s->advice = steps_faq_answer("实名电信认证无法通过");
	} else if (str_eq(st, "expired")) {
		s->mode = IDV_EXPIRED;
		record(t, s, "expired");
	}
}

static void start(struct tui *t, struct idvscr *s)
{
	char *err = NULL, *name = app_get_field(t->store, s->j->app_id, "agent_name");

	forget_session(s);
	s->mode = IDV_NONE;
	store_flush(t->store);   /* no write lock held while the centre answers */
	s->have_sess = centre_idv_start(t->conf, s->j->appno, name ? name : "", &s->sess, &err);
	free(name);
	if (!s->have_sess) {
		s->error = xasprintf("无法向中心申请核验二维码: %s (按 n 重试, 或按 o 核验身份证原件)", err ? err : "");
		free(err);
		return;
	}
	s->have_qr = qrterm_render(s->sess.qr_payload ? s->sess.qr_payload : "",
				   s->sess.qr_payload ? strlen(s->sess.qr_payload) : 0,
				   conf_bool(t->conf, "ui.qr_ascii"), &s->qr, &err);
	if (!s->have_qr) {
		s->error = err;
		err = NULL;
	}
	s->expires = 0;
	if (s->sess.expires_at && !clock_parse(s->sess.expires_at, &s->expires))
		s->expires = 0;
	record(t, s, "pending");
	s->mode = IDV_POLLING;
	s->next_poll_ms = tui_now_ms() + POLL_MS;
	apply(t, s);
}

/* Ask the centre for the session's state now. */
static bool idv_poll(struct tui *t, struct idvscr *s)
{
	struct idv_session now;
	char *err = NULL;

	if (s->mode != IDV_POLLING || !s->have_sess)
		return false;
	if (!centre_idv_poll(t->conf, s->sess.id, &now, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "查询核验结果失败: %s (稍后自动重试)", err ? err : "");
		free(err);
		return true;
	}
	/* keep the code of the session; take its new state */
	free(s->sess.status);
	s->sess.status = now.status;
	now.status = NULL;
	free(s->sess.reason);
	s->sess.reason = now.reason;
	now.reason = NULL;
	idv_session_release(&now);
	apply(t, s);
	return true;
}

/* While polling: the centre every POLL_MS (the engine calls this about every
 * TUI_TICK_MS). */
static bool idv_tick(struct tui *t, void *state)
{
	struct idvscr *s = state;

	if (s->mode != IDV_POLLING || tui_now_ms() < s->next_poll_ms)
		return false;
	s->next_poll_ms = tui_now_ms() + POLL_MS;
	return idv_poll(t, s);
}

static bool idv_init(struct tui *t, void *arg, void **state)
{
	struct idvscr *s = xcalloc(1, sizeof(*s));
	char *st;

	s->j = arg;
	s->intro = steps_text("idv.intro");
	s->in_person_hint = steps_text("idv.in_person");
	editor_init(&s->id, 18, editor_filter_id);
	*state = s;
	st = app_get_field(t->store, s->j->app_id, "idv_status");
	if (str_eq(st, "passed")) {
		s->mode = IDV_PASSED;
		load_passed(t, s);
	} else {
		start(t, s);
	}
	free(st);
	return true;
}

static void idv_done(struct tui *t, void *state)
{
	struct idvscr *s = state;

	(void)t;
	forget_session(s);
	free(s->intro);
	free(s->in_person_hint);
	free(s->passed_line);
	free(s->id_err);
	editor_release(&s->id);
	free(s);
}

static void idv_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct idvscr *s = state;
	int x = b->x + 2, w = b->w - 4, y = b->y, bottom = b->y + b->h, tx, tw;
	char *line;

	y += journey_crumbs(t, s->j, y);
	if (s->typing) {
		y += tui_draw_wrapped(stdscr, y, x, w, s->in_person_hint ? s->in_person_hint : "", 0, 3,
				      tui_style(STYLE_HINT)) + 1;
		tui_draw_text(stdscr, y, x, "经办人身份证号码:", 18, tui_style(STYLE_LABEL));
		tui_field_draw(t, y, x + 18, 24, &s->id, true, false);
		y += 2;
		if (s->id_err)
			tui_draw_wrapped(stdscr, y, x, w, s->id_err, 0, 2, tui_style(STYLE_ERROR));
		tui_draw_text(stdscr, bottom - 1, x, "Enter 确认核验  Esc 取消", w, tui_style(STYLE_HINT));
		return;
	}
	if (s->mode == IDV_PASSED) {
		tui_draw_wrapped(stdscr, y + 1, x, w, s->passed_line, 0, 3, tui_style(STYLE_OK));
		return;
	}
	if (s->mode == IDV_NONE) {
		tui_draw_wrapped(stdscr, y + 1, x, w, s->error ? s->error : "", 0, 4, tui_style(STYLE_ERROR));
		return;
	}
	/* the code on the left, the text on the right */
	tx = x;
	if (s->have_qr && (s->mode == IDV_POLLING || s->mode == IDV_STOPPED)) {
		if (!qrterm_fits(&s->qr, w, bottom - y)) {
			/* without the breadcrumb */
			y = b->y;
			move(y, 0);
			clrtobot();
		}
		if (!qrterm_fits(&s->qr, w, bottom - y)) {
			tui_draw_text(stdscr, y, x, QRTERM_TOO_SMALL, w, tui_style(STYLE_ERROR));
			y += 2;
		} else {
			tui_draw_qr(stdscr, y, x, &s->qr);
			tx = x + s->qr.cols + 2;
		}
	} else if (s->error) {
		tui_draw_wrapped(stdscr, y, x, w, s->error, 0, 2, tui_style(STYLE_ERROR));
		y += 2;
	}
	tw = x + w - tx;
	if (tw < 20)
		return;
	switch (s->mode) {
	case IDV_POLLING:
	case IDV_STOPPED: {
		long left = s->expires ? (long)(s->expires - clock_now()) : -1;

		y += tui_draw_wrapped(stdscr, y, tx, tw, s->intro ? s->intro : "", 0, 6, tui_style(STYLE_HINT)) + 1;
		if (s->mode == IDV_STOPPED)
			line = xstrdup("已停止查询 (按 s 继续)");
		else if (left >= 0)
			line = xasprintf("等待认证结果… 二维码 %ld:%02ld 后过期", left / 60, left % 60);
		else
			line = xstrdup("等待认证结果…");
		tui_draw_text(stdscr, y++, tx, line, tw, tui_style(STYLE_HEADING));
		free(line);
		line = xasprintf("会话 %s", s->sess.id ? s->sess.id : "");
		tui_draw_text(stdscr, y++, tx, line, tw, tui_style(STYLE_LABEL));
		free(line);
		y++;
		tui_draw_wrapped(stdscr, y, tx, tw, "s 停止查询  n 新二维码  o 核验身份证原件", 0, 2,
				 tui_style(STYLE_HINT));
		break;
	}
	case IDV_FAILED:
		line = xasprintf("核验未通过: %s", s->reason ? s->reason : "");
		y += tui_draw_wrapped(stdscr, y, tx, tw, line, 0, 4, tui_style(STYLE_ERROR)) + 1;
		free(line);
		if (s->advice)
			y += tui_draw_wrapped(stdscr, y, tx, tw, s->advice, 0, 8, tui_style(STYLE_HINT)) + 1;
		tui_draw_wrapped(stdscr, y, tx, tw, "n 重新生成二维码  o 核验身份证原件", 0, 2, tui_style(STYLE_HINT));
		break;
	case IDV_EXPIRED:
		y += tui_draw_wrapped(stdscr, y, tx, tw, "二维码已过期, 请按 n 生成新的二维码。", 0, 2,
				      tui_style(STYLE_ERROR)) + 1;
		tui_draw_wrapped(stdscr, y, tx, tw, "o 核验身份证原件", 0, 2, tui_style(STYLE_HINT));
		break;
	default:
		break;
	}
}

static enum tui_outcome typing_key(struct tui *t, struct idvscr *s, const struct tui_key *k)
{
	enum tui_outcome out;

	if (k->act == ACT_BACK) {
		s->typing = false;
		return TUI_REDRAW;
	}
	if (k->act == ACT_OK || k->key == '\n' || k->key == '\r' || k->key == TUI_KEY_FN(KEY_ENTER)) {
		char *typed = editor_text(&s->id), *err = NULL;

		xfree(&s->id_err);
		if (steps_idv_in_person(t->store, s->j->app_id, typed, t->op.id, &err)) {
			s->typing = false;
			forget_session(s);
			s->mode = IDV_PASSED;
			load_passed(t, s);
			tui_msg(t, TUI_MSG_OK, "已记录: 柜台核验经办人身份证原件 (操作员 %s)", t->op.login);
		} else {
			s->id_err = err;
		}
		free(typed);
		return TUI_REDRAW;
	}
	out = tui_field_key(&s->id, k);
	return out == TUI_UNHANDLED || out == TUI_NEXT_FIELD || out == TUI_PREV_FIELD ? TUI_HANDLED : out;
}

static enum tui_outcome idv_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct idvscr *s = state;

	if (s->typing)
		return typing_key(t, s, k);
	switch (k->act) {
	case ACT_NEXT_SCREEN: {
		char *why = steps_idv_missing(t->store, s->j->app_id);

		if (why) {
			tui_msg(t, TUI_MSG_ERROR, "%s%s", why, text("msg.cannot_advance"));
			free(why);
			return TUI_REDRAW;
		}
		journey_next(t, s->j);
		return TUI_REDRAW;
	}
	case ACT_NEW_CODE:
		if (s->mode == IDV_PASSED)
			return TUI_HANDLED;
		start(t, s);
		return TUI_REDRAW;
	case ACT_STOP:
		if (s->mode == IDV_POLLING) {
			s->mode = IDV_STOPPED;
		} else if (s->mode == IDV_STOPPED) {
			s->mode = IDV_POLLING;
			s->next_poll_ms = tui_now_ms() + POLL_MS;
			idv_poll(t, s);
		}
		return TUI_REDRAW;
	case ACT_IN_PERSON:
		if (s->mode == IDV_PASSED)
			return TUI_HANDLED;
		s->typing = true;
		editor_set(&s->id, "");
		xfree(&s->id_err);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

const struct screen_ops screen_idv_ops = {
	.name = "idv",
	.keyctx = KC_FORM | KC_IDV | KC_EDIT,
	.init = idv_init,
	.draw = idv_draw,
	.key = idv_key,
	.done = idv_done,
	.tick = idv_tick,
};
