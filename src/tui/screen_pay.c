/* screen_pay.c - 支付, step kind payment of the replacement journey: the order as
 * in the guide (订单编号, 业务服务, 业务描述, 补办费用 from data/fees.tsv),
 * the methods 微信支付 / 支付宝 (the centre's payment order drawn as a QR
 * code, polled from its tick until paid or [ui] pay_wait_seconds) and
 * 对公账号付款 (the receiving account, amount and reference from the centre;
 * 待到账 until the centre confirms). A zero fee skips payment. The guide's
 * PIN-delivery rule for the method and certificate type is shown and stored
 * (pin_delivery) with pay_method, pay_status, pay_order_no, paid_at
 * (steps_pay_record). The arg is the journey's struct journey * (not owned). */
#include "core/clock.h"
#include "tui/journey.h"
#include "tui/screens.h"
#include "store/store.h"
#include "core/conf.h"
#include "core/fees.h"
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

struct payscr {
	struct journey *j;
	long fee;
	bool fee_ok;
	char *type_code;
	char *method;                /* wechat | alipay | transfer | none; NULL not chosen */
	char *status;                /* pay_status as recorded */
	char *order_no, *paid_at;
	char *pin;                   /* the PIN-delivery rule shown */
	struct pay_order order;
	bool have_order;
	struct qrterm qr;
	bool have_qr;
	bool polling, timed_out;
	long long next_poll_ms;      /* polling: when to ask the centre again (tui_now_ms) */
	time_t wait_until;           /* 0 no limit */
	char *error;
};

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

static void save(struct tui *t, struct payscr *p)
{
	struct steps_pay sp = { .method = p->method, .status = p->status, .order_no = p->order_no,
				.paid_at = p->paid_at, .fee_cents = p->fee, .pin_delivery = p->pin };
	char *err = NULL;

	if (!steps_pay_record(t->store, p->j->app_id, &sp, t->op.id, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "%s", err);
		free(err);
	}
}

static void set_pin(struct payscr *p)
{
	xfree(&p->pin);
	p->pin = steps_pin_rule(p->method ? p->method : "none", p->type_code);
}

static void stop_polling(struct payscr *p)
{
	p->polling = false;
}

static void start_polling(struct tui *t, struct payscr *p)
{
	long wait = conf_int(t->conf, "ui.pay_wait_seconds");

	p->polling = true;
	p->timed_out = false;
	p->wait_until = wait > 0 && !str_eq(p->method, "transfer") ? clock_now() + wait : 0;
	p->next_poll_ms = tui_now_ms() + POLL_MS;
}

static bool settled(const char *status)
{
	return str_eq(status, PAY_PAID) || str_eq(status, PAY_CONFIRMED) || str_eq(status, PAY_FREE);
}

/* Take the centre's answer in p->order. */
static void apply(struct tui *t, struct payscr *p)
{
	bool changed = !str_eq(p->status, p->order.status);

	set_str(&p->status, p->order.status);
	set_str(&p->order_no, p->order.order_no);
	set_str(&p->paid_at, p->order.paid_at);
	if (changed)
		save(t, p);
	if (settled(p->status)) {
		stop_polling(p);
		if (changed)
			tui_msg(t, TUI_MSG_OK, "%s: %s", steps_pay_method_name(p->method),
				steps_pay_status_name(p->status));
	}
}

static void choose(struct tui *t, struct payscr *p, const char *method)
{
	char *err = NULL;

	if (settled(p->status)) {
		tui_msg(t, TUI_MSG_INFO, "本订单%s, 无需再次支付", steps_pay_status_name(p->status));
		return;
	}
	stop_polling(p);
	if (p->have_order)
		pay_order_release(&p->order);
	if (p->have_qr)
		qrterm_release(&p->qr);
	p->have_order = p->have_qr = false;
	xfree(&p->error);
	set_str(&p->method, method);
	set_pin(p);
	store_flush(t->store);   /* no write lock held while the centre answers */
	p->have_order = centre_pay_create(t->conf, p->j->appno, method, p->fee, &p->order, &err);
	if (!p->have_order) {
		p->error = xasprintf("无法向中心创建支付订单: %s", err ? err : "");
		free(err);
		return;
	}
	if (p->order.qr_payload) {
		p->have_qr = qrterm_render(p->order.qr_payload, strlen(p->order.qr_payload),
					   conf_bool(t->conf, "ui.qr_ascii"), &p->qr, &err);
		if (!p->have_qr) {
			p->error = err;
			err = NULL;
		}
	}
	xfree(&p->status);   /* record the first answer */
	apply(t, p);
	if (!settled(p->status))
		start_polling(t, p);
}

/* Ask the centre for the order's state now (unless the wait is over). */
static bool pay_poll(struct tui *t, struct payscr *p)
{
	struct pay_order now;
	char *err = NULL;

	if (!p->polling || !p->have_order)
		return false;
	if (p->wait_until && clock_now() >= p->wait_until) {
		stop_polling(p);
		p->timed_out = true;
		tui_msg(t, TUI_MSG_ERROR, "支付超时: 订单 %s 仍未支付", p->order_no ? p->order_no : "");
		return true;
	}
	if (!centre_pay_poll(t->conf, p->order.order_no, &now, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "查询支付状态失败: %s (稍后自动重试)", err ? err : "");
		free(err);
		return true;
	}
	/* keep the instructions and the code; take the state */
	free(p->order.status);
	p->order.status = now.status;
	now.status = NULL;
	free(p->order.paid_at);
	p->order.paid_at = now.paid_at;
	now.paid_at = NULL;
	pay_order_release(&now);
	apply(t, p);
	return true;
}

/* While polling: the centre every POLL_MS (the engine calls this about every
 * TUI_TICK_MS). */
static bool pay_tick(struct tui *t, void *state)
{
	struct payscr *p = state;

	if (!p->polling || tui_now_ms() < p->next_poll_ms)
		return false;
	p->next_poll_ms = tui_now_ms() + POLL_MS;
	return pay_poll(t, p);
}

static bool pay_init(struct tui *t, void *arg, void **state)
{
	struct payscr *p = xcalloc(1, sizeof(*p));
	char *err = NULL;

	p->j = arg;
	*state = p;
	p->fee_ok = steps_fee(t->store, p->j->app_id, &p->fee, &p->type_code, &err);
	if (!p->fee_ok) {
		p->error = err;
		return true;
	}
	p->method = app_get_field(t->store, p->j->app_id, "pay_method");
	p->status = app_get_field(t->store, p->j->app_id, "pay_status");
	p->order_no = app_get_field(t->store, p->j->app_id, "pay_order_no");
	p->paid_at = app_get_field(t->store, p->j->app_id, "paid_at");
	if (p->fee == 0) {
		set_str(&p->method, "none");
		set_pin(p);
		if (!str_eq(p->status, PAY_FREE)) {
			set_str(&p->status, PAY_FREE);
			xfree(&p->order_no);
			xfree(&p->paid_at);
			save(t, p);
		}
		return true;
	}
	if (str_eq(p->method, "none") || str_eq(p->status, PAY_FREE)) {
		/* the fee table changed since: pay after all */
		xfree(&p->method);
		xfree(&p->status);
	}
	set_pin(p);
	if (p->method && !settled(p->status))
		choose(t, p, p->method);     /* the same order again from the centre */
	return true;
}

static void pay_done(struct tui *t, void *state)
{
	struct payscr *p = state;

	(void)t;
	if (p->have_order)
		pay_order_release(&p->order);
	if (p->have_qr)
		qrterm_release(&p->qr);
	free(p->type_code);
	free(p->method);
	free(p->status);
	free(p->order_no);
	free(p->paid_at);
	free(p->pin);
	free(p->error);
	free(p);
}

static int draw_lines(int y, int x, int w, int max, const char *text, enum tui_style st)
{
	return text ? tui_draw_wrapped(stdscr, y, x, w, text, 0, max, tui_style(st)) : 0;
}

static void pay_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct payscr *p = state;
	int x = b->x + 2, w = b->w - 4, y = b->y, bottom = b->y + b->h, tx = x, tw = w;
	char *fee = fees_yuan(p->fee), *line;
	static const char *const methods[][2] = { { "wechat", "1 微信支付" }, { "alipay", "2 支付宝" },
						  { "transfer", "3 对公账号付款" } };

	y += journey_crumbs(t, p->j, y);
	if (p->have_qr && !settled(p->status)) {
		if (!qrterm_fits(&p->qr, w / 2 + 10, bottom - y)) {
			y = b->y;
			move(y, 0);
			clrtobot();
		}
		if (qrterm_fits(&p->qr, w / 2 + 10, bottom - y)) {
			tui_draw_qr(stdscr, y, x, &p->qr);
			tx = x + p->qr.cols + 2;
			tw = x + w - tx;
		} else {
			tui_draw_text(stdscr, y, x, QRTERM_TOO_SMALL, w, tui_style(STYLE_ERROR));
			y++;
		}
	}
	tui_draw_text(stdscr, y++, tx, "订单信息", tw, tui_style(STYLE_HEADING));
	line = xasprintf("订单编号: %s", p->order_no ? p->order_no : "(选择支付方式后生成)");
	tui_draw_text(stdscr, y++, tx, line, tw, A_NORMAL);
	free(line);
	tui_draw_text(stdscr, y++, tx, "业务服务: 证书遗失补办", tw, A_NORMAL);
	tui_draw_text(stdscr, y++, tx, "业务描述: 证书遗失补办", tw, A_NORMAL);
	line = xasprintf("补办费用: %s元", p->fee_ok ? fee : "?");
	tui_draw_text(stdscr, y++, tx, line, tw, tui_style(STYLE_LABEL) | A_BOLD);
	free(line);
	free(fee);
	y++;
	if (p->error)
		y += draw_lines(y, tx, tw, 3, p->error, STYLE_ERROR);
	if (!p->fee_ok)
		return;
	if (p->fee == 0) {
		char *note = steps_text("pay.free");

		y += draw_lines(y, tx, tw, 2, note, STYLE_OK) + 1;
		free(note);
		draw_lines(y, tx, tw, bottom - y, p->pin, STYLE_HINT);
		return;
	}
	if (!p->have_qr || settled(p->status)) {
		int mx = tx;

		tui_draw_text(stdscr, y, tx, "支付方式:", 10, tui_style(STYLE_LABEL));
		mx += 10;
		for (size_t i = 0; i < ARRAY_SIZE(methods); i++) {
			bool sel = str_eq(p->method, methods[i][0]);

			mx += tui_draw_text(stdscr, y, mx, methods[i][1], tw - (mx - tx),
					    tui_style(sel ? STYLE_SELECTED : STYLE_NORMAL)) + 2;
		}
		y += 2;
	} else {
		line = xasprintf(settled(p->status) ? "支付方式: %s" : "支付方式: %s (1/2/3 更换)", steps_pay_method_name(p->method));
		tui_draw_text(stdscr, y++, tx, line, tw, tui_style(STYLE_LABEL));
		free(line);
	}
	if (p->status) {
		char paid[CLOCK_SHOWN];

		line = xasprintf("支付状态: %s%s%s%s", steps_pay_status_name(p->status), p->paid_at ? " (" : "",
				 clock_show(p->paid_at, false, paid, sizeof(paid)), p->paid_at ? ")" : "");
		tui_draw_text(stdscr, y++, tx, line, tw, tui_style(settled(p->status) ? STYLE_OK : STYLE_HEADING));
		free(line);
		if (p->polling)
			tui_draw_text(stdscr, y++, tx,
				      str_eq(p->method, "transfer") ? "正在等待中心确认到账… (s 停止查询)"
								    : "请用手机扫码付款, 正在查询… (s 停止查询)",
				      tw, tui_style(STYLE_HINT));
		else if (p->timed_out)
			tui_draw_text(stdscr, y++, tx, "支付超时, 订单仍未支付: s 继续查询, 或选择其他支付方式", tw,
				      tui_style(STYLE_ERROR));
	}
	if (str_eq(p->method, "transfer") && p->have_order) {
		char *intro = steps_text("pay.transfer");

		y += draw_lines(y, tx, tw, 3, intro, STYLE_HINT);
		free(intro);
		line = xasprintf("户名: %s\n开户行: %s\n账号: %s\n金额: %s元\n付款参考号 (附言): %s",
				 p->order.to_account_name ? p->order.to_account_name : "",
				 p->order.to_bank ? p->order.to_bank : "", p->order.to_account ? p->order.to_account : "",
				 p->order.to_amount ? p->order.to_amount : "", p->order.memo ? p->order.memo : "");
		y += draw_lines(y, tx, tw, 6, line, STYLE_NORMAL);
		free(line);
	}
	y++;
	if (y < bottom)
		draw_lines(y, tx, tw, bottom - y, p->pin, STYLE_HINT);
}

static enum tui_outcome pay_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct payscr *p = state;

	switch (k->act) {
	case ACT_NEXT_SCREEN: {
		char *why = steps_pay_missing(t->store, p->j->app_id);

		if (why) {
			tui_msg(t, TUI_MSG_ERROR, "%s%s", why, text("msg.cannot_advance"));
			free(why);
			return TUI_REDRAW;
		}
		journey_next(t, p->j);
		return TUI_REDRAW;
	}
	case ACT_PAY_WECHAT:
	case ACT_PAY_ALIPAY:
	case ACT_PAY_TRANSFER:
		if (!p->fee_ok || p->fee == 0)
			return TUI_HANDLED;
		choose(t, p, k->act == ACT_PAY_WECHAT ? "wechat" : k->act == ACT_PAY_ALIPAY ? "alipay" : "transfer");
		return TUI_REDRAW;
	case ACT_STOP:
		if (p->polling)
			stop_polling(p);
		else if (p->have_order && !settled(p->status))
			start_polling(t, p);
		return TUI_REDRAW;
	case ACT_RELOAD:
		if (p->have_order && !settled(p->status)) {
			bool was = p->polling;

			p->polling = true;
			pay_poll(t, p);
			p->polling = was && !settled(p->status);
		}
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

const struct screen_ops screen_pay_ops = {
	.name = "pay",
	.keyctx = KC_FORM | KC_PAY,
	.init = pay_init,
	.draw = pay_draw,
	.key = pay_key,
	.done = pay_done,
	.tick = pay_tick,
};
