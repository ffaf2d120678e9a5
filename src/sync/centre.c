/* centre.c - identity-verification sessions and payment orders at the centre. */
#include "core/centreapi.h"
#include "sync/centre.h"
#include "core/clock.h"
#include "sync/http.h"
#include "core/conf.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static char *dup_field(json_t *o, const char *key)
{
	return xstrdup(json_string_value(json_object_get(o, key)));
}

/* A time of the centre's (any offset) in the stored form, or NULL. */
static char *dup_time(json_t *o, const char *key)
{
	char t[CLOCK_TEXT];

	return clock_normalize(json_string_value(json_object_get(o, key)), t) ? xstrdup(t) : NULL;
}

/* One short call; the JSON body on success (caller decrefs), else NULL and *err. */
static json_t *call(const struct conf *c, const char *method, const char *path, json_t *req, char **err)
{
	struct http_client hc;
	struct http_result r;
	char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_t *out = NULL;

	*err = NULL;
	if (!http_init(&hc, c, conf_int(c, "central.lookup_timeout"), err)) {
		free(body);
		return NULL;
	}
	hc.retries = 0;
	if (http_call(&hc, method, path, NULL, body, body ? strlen(body) : 0, &r) == HTTP_OK)
		out = json_incref(r.body);
	else
		*err = xstrdup(r.error ? r.error : "中心响应格式错误");
	http_result_release(&r);
	http_release(&hc);
	free(body);
	return out;
}

static bool fill_idv(json_t *o, struct idv_session *s, char **err)
{
	memset(s, 0, sizeof(*s));
	if (!o)
		return false;
	if (!json_is_string(json_object_get(o, "session_id")) || !json_is_string(json_object_get(o, "status"))) {
		*err = xstrdup("中心响应缺少 session_id 或 status");
		json_decref(o);
		return false;
	}
	s->id = dup_field(o, "session_id");
	s->status = dup_field(o, "status");
	s->reason = dup_field(o, "reason");
	s->qr_payload = dup_field(o, "qr_payload");
	s->expires_at = dup_time(o, "expires_at");
	json_decref(o);
	return true;
}

bool centre_idv_start(const struct conf *c, const char *app_no, const char *name, struct idv_session *out,
		      char **err)
{
	json_t *req = json_pack("{s:s}", "name", name ? name : "");
	json_t *o;

	if (app_no)
		json_object_set_new(req, "app_no", json_string(app_no));
	o = call(c, centre_method(CE_IDV), CENTRE_PATH_IDV, req, err);
	json_decref(req);
	return fill_idv(o, out, err);
}

bool centre_idv_poll(const struct conf *c, const char *id, struct idv_session *out, char **err)
{
	char *path = xasprintf(CENTRE_PATH_IDV_ONE, id);
	json_t *o = call(c, centre_method(CE_IDV_ONE), path, NULL, err);

	free(path);
	return fill_idv(o, out, err);
}

void idv_session_release(struct idv_session *s)
{
	free(s->id);
	free(s->status);
	free(s->reason);
	free(s->qr_payload);
	free(s->expires_at);
	memset(s, 0, sizeof(*s));
}

static bool fill_pay(json_t *o, struct pay_order *p, char **err)
{
	json_t *t;

	memset(p, 0, sizeof(*p));
	if (!o)
		return false;
	if (!json_is_string(json_object_get(o, "order_no")) || !json_is_string(json_object_get(o, "status"))) {
		*err = xstrdup("中心响应缺少 order_no 或 status");
		json_decref(o);
		return false;
	}
	p->order_no = dup_field(o, "order_no");
	p->method = dup_field(o, "method");
	p->status = dup_field(o, "status");
	p->amount_cents = (long)json_integer_value(json_object_get(o, "amount_cents"));
	p->qr_payload = dup_field(o, "qr_payload");
	p->paid_at = dup_time(o, "paid_at");
	if ((t = json_object_get(o, "transfer"))) {
		p->to_account_name = dup_field(t, "account_name");
		p->to_bank = dup_field(t, "bank");
		p->to_account = dup_field(t, "account");
		p->to_amount = dup_field(t, "amount");
		p->memo = dup_field(t, "memo");
	}
	json_decref(o);
	return true;
}

bool centre_pay_create(const struct conf *c, const char *app_no, const char *method, long amount_cents,
		       struct pay_order *out, char **err)
{
	json_t *req = json_pack("{s:s,s:s,s:I}", "app_no", app_no ? app_no : "", "method", method ? method : "",
				"amount_cents", (json_int_t)amount_cents);
	json_t *o = call(c, centre_method(CE_PAYMENTS), CENTRE_PATH_PAYMENTS, req, err);

	json_decref(req);
	return fill_pay(o, out, err);
}

bool centre_pay_poll(const struct conf *c, const char *order_no, struct pay_order *out, char **err)
{
	char *path = xasprintf(CENTRE_PATH_PAYMENT_ONE, order_no);
	json_t *o = call(c, centre_method(CE_PAYMENT_ONE), path, NULL, err);

	free(path);
	return fill_pay(o, out, err);
}

void pay_order_release(struct pay_order *o)
{
	free(o->order_no);
	free(o->method);
	free(o->status);
	free(o->qr_payload);
	free(o->paid_at);
	free(o->to_account_name);
	free(o->to_bank);
	free(o->to_account);
	free(o->to_amount);
	free(o->memo);
	memset(o, 0, sizeof(*o));
}
