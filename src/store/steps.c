/* steps.c - the 身份核验 and 支付 steps' records and texts (see steps.h). */
#include "store/steps.h"
#include "core/clock.h"
#include "core/faq.h"
#include "core/fees.h"
#include "core/paths.h"
#include "core/tabfile.h"
#include "core/util.h"
#include "store/app.h"
#include "store/store.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool app_exists(struct store *s, long long id)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", id);
	return store_get_int(s, "SELECT count(*) FROM applications WHERE id = ?", buf, 0) > 0;
}

bool steps_idv_record(struct store *s, long long app_id, const char *method, const char *status,
		      const char *session, long long operator_id, char **err)
{
	char now[32], detail[128], object[32];
	sqlite3_stmt *st;
	bool ok;

	*err = NULL;
	if (!app_exists(s, app_id)) {
		*err = xstrdup("申请不存在");
		return false;
	}
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 请稍后再试: %s", store_errmsg(s));
		return false;
	}
	st = store_prepare(s, "UPDATE applications SET idv_method = ?, idv_status = ?, idv_session = ?,"
			      " idv_at = ?, idv_by = ? WHERE id = ?");
	sqlite3_bind_text(st, 1, method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	if (session)
		sqlite3_bind_text(st, 3, session, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, operator_id);
	sqlite3_bind_int64(st, 6, app_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	snprintf(object, sizeof(object), "app:%lld", app_id);
	snprintf(detail, sizeof(detail), "method=%s status=%s", method, status);
	if (ok)
		ok = store_audit(s, operator_id, NULL, AUDIT_APP_IDV, object, detail);
	if (!ok || !store_commit(s)) {
		*err = xasprintf("无法记录身份核验结果: %s", store_errmsg(s));
		store_rollback(s);
		return false;
	}
	return true;
}

/* upper case, no white space */
static char *id_norm(const char *v)
{
	char *out = xstrdup(v ? v : ""), *w = out;

	for (const char *p = out; *p; p++)
		if (!isspace((unsigned char)*p))
			*w++ = (char)toupper((unsigned char)*p);
	*w = '\0';
	return out;
}

bool steps_idv_in_person(struct store *s, long long app_id, const char *typed_id, long long operator_id,
			 char **err)
{
	char *want = app_get_field(s, app_id, "agent_id");
	char *a = id_norm(want), *b = id_norm(typed_id);
	bool match = *a && !strcmp(a, b);

	*err = NULL;
	free(want);
	if (!*a)
		*err = xstrdup("申请表中还没有经办人身份证号码, 请先在录入信息中填写");
	else if (!*b)
		*err = xstrdup("请输入经办人身份证原件上的号码");
	else if (!match)
		*err = xstrdup("输入的号码与申请表中经办人的身份证号码不一致, 请核对原件");
	free(a);
	free(b);
	if (*err)
		return false;
	return steps_idv_record(s, app_id, IDV_METHOD_IN_PERSON, "passed", NULL, operator_id, err);
}

char *steps_idv_missing(struct store *s, long long app_id)
{
	char *st = app_get_field(s, app_id, "idv_status");
	char *why = NULL;

	if (!str_eq(st, "passed"))
		why = xstrdup(str_eq(st, "failed")	  ? "经办人身份核验未通过, 请重新核验或核验身份证原件"
			      : str_eq(st, "expired") ? "二维码已过期, 请生成新的二维码"
						      : "请先完成经办人身份核验");
	free(st);
	return why;
}

bool steps_pay_record(struct store *s, long long app_id, const struct steps_pay *p, long long operator_id,
		      char **err)
{
	char detail[256], object[32];
	sqlite3_stmt *st;
	bool ok;

	*err = NULL;
	if (!app_exists(s, app_id)) {
		*err = xstrdup("申请不存在");
		return false;
	}
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 请稍后再试: %s", store_errmsg(s));
		return false;
	}
	st = store_prepare(s, "UPDATE applications SET pay_method = ?, pay_status = ?, pay_order_no = ?,"
			      " paid_at = ?, fee_cents = ?, pin_delivery = ? WHERE id = ?");
	sqlite3_bind_text(st, 1, p->method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->status, -1, SQLITE_STATIC);
	if (p->order_no)
		sqlite3_bind_text(st, 3, p->order_no, -1, SQLITE_STATIC);
	if (p->paid_at)
		sqlite3_bind_text(st, 4, p->paid_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, p->fee_cents);
	if (p->pin_delivery)
		sqlite3_bind_text(st, 6, p->pin_delivery, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, app_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	snprintf(object, sizeof(object), "app:%lld", app_id);
	snprintf(detail, sizeof(detail), "method=%s status=%s order=%s fee=%ld", p->method, p->status,
		 p->order_no ? p->order_no : "", p->fee_cents);
	if (ok)
		ok = store_audit(s, operator_id, NULL, AUDIT_APP_PAY, object, detail);
	if (!ok || !store_commit(s)) {
		*err = xasprintf("无法记录支付状态: %s", store_errmsg(s));
		store_rollback(s);
		return false;
	}
	return true;
}

char *steps_pay_missing(struct store *s, long long app_id)
{
	char *st = app_get_field(s, app_id, "pay_status");
	char *why = NULL;

	if (!str_eq(st, PAY_PAID) && !str_eq(st, PAY_CONFIRMED) && !str_eq(st, PAY_FREE) &&
	    !str_eq(st, PAY_PENDING))
		why = xstrdup(str_eq(st, PAY_UNPAID) ? "尚未支付: 请等待支付完成, 或选择其他支付方式"
						     : "请先选择支付方式并完成支付");
	free(st);
	return why;
}

const char *steps_pay_status_name(const char *status)
{
	static const char *const names[][2] = {
		{ PAY_UNPAID, "待支付" },      { PAY_PAID, "已支付" }, { PAY_PENDING, "待到账" },
		{ PAY_CONFIRMED, "已到账" },   { PAY_FREE, "免支付" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (str_eq(status, names[i][0]))
			return names[i][1];
	return status ? status : "";
}

const char *steps_pay_method_name(const char *method)
{
	static const char *const names[][2] = {
		{ "wechat", "微信支付" }, { "alipay", "支付宝" }, { "transfer", "对公账号付款" }, { "none", "无需支付" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (str_eq(method, names[i][0]))
			return names[i][1];
	return method ? method : "";
}

/* The identity-verification codes in Chinese, as the supervisor reads them. */
static const char *idv_word(const char *column, const char *v)
{
	static const char *const methods[][2] = {
		{ IDV_METHOD_QR, "微信扫码实名认证" }, { IDV_METHOD_IN_PERSON, "柜台核验身份证原件" },
	};
	static const char *const results[][2] = {
		{ "pending", "核验中" }, { "passed", "通过" }, { "failed", "未通过" }, { "expired", "二维码已过期" },
	};
	bool method = !strcmp(column, "idv_method");
	size_t n = method ? ARRAY_SIZE(methods) : ARRAY_SIZE(results);

	for (size_t i = 0; i < n; i++)
		if (str_eq(v, (method ? methods : results)[i][0]))
			return (method ? methods : results)[i][1];
	return v;
}

const char *steps_value_name(const char *column, const char *value)
{
	if (!value)
		return NULL;
	if (!strcmp(column, "pay_status"))
		return steps_pay_status_name(value);
	if (!strcmp(column, "pay_method"))
		return steps_pay_method_name(value);
	if (!strcmp(column, "idv_method") || !strcmp(column, "idv_status"))
		return idv_word(column, value);
	return value;
}

bool steps_fee(struct store *s, long long app_id, long *cents, char **type_code, char **err)
{
	struct fees f;
	char *type = app_get_field(s, app_id, "cert_type");
	const struct fee *row;
	bool ok = false;

	*err = NULL;
	if (type_code)
		*type_code = NULL;
	if (!fees_load(NULL, &f, err)) {
		free(type);
		return false;
	}
	row = fees_find(&f, type ? type : "");
	if (!row) {
		*err = xasprintf("收费表 (data/fees.tsv) 中没有证书类型「%s」", type ? type : "");
	} else {
		*cents = row->cert_cents + row->media_cents;
		if (type_code)
			*type_code = xstrdup(row->code);
		ok = true;
	}
	fees_release(&f);
	free(type);
	return ok;
}

char *steps_text_in(const char *path, const char *key)
{
	struct tabfile t;
	char *err = NULL, *found = NULL;

	if (!tabfile_open(&t, path, &err)) {
		free(err);
		return NULL;
	}
	tabfile_plain(&t);
	while (!found && tabfile_next(&t) == 1) {
		struct strbuf sb;

		if (t.nfields < 2 || strcmp(t.fields[0], key))
			continue;                /* a line without a tab has no text */
		sb_init(&sb);
		for (int i = 1; i < t.nfields; i++) {
			if (i > 1)
				sb_addc(&sb, '\t');  /* a tab inside the text stays */
			sb_adds(&sb, t.fields[i]);
		}
		found = sb_detach(&sb);
		/* "\n" in the file is a line break */
		for (char *r = found, *w = found; ; r++, w++) {
			if (r[0] == '\\' && r[1] == 'n') {
				*w = '\n';
				r++;
			} else {
				*w = *r;
			}
			if (!*r)
				break;
		}
	}
	tabfile_release(&t);
	return found;
}

char *steps_text(const char *key)
{
	char *path = paths_file("data/steps.tsv"), *found = steps_text_in(path, key);

	free(path);
	return found;
}

char *steps_pin_rule(const char *method, const char *type_code)
{
	char key[64];
	char *t;

	snprintf(key, sizeof(key), "pin.%s.%s", method ? method : "none", type_code ? type_code : "");
	t = steps_text(key);
	if (!t) {
		snprintf(key, sizeof(key), "pin.%s", method ? method : "none");
		t = steps_text(key);
	}
	return t;
}

char *steps_faq_answer(const char *topic)
{
	struct faq f;
	char *found;

	if (!faq_load(&f, NULL, NULL))
		return NULL;
	found = faq_answer(&f, topic);
	faq_release(&f);
	return found;
}

char *steps_summary(struct store *s, long long app_id)
{
	struct strbuf sb;
	char id[32], shown[CLOCK_SHOWN];
	char *m = app_get_field(s, app_id, "idv_method"), *st = app_get_field(s, app_id, "idv_status");
	char *at = app_get_field(s, app_id, "idv_at");
	char *pm = app_get_field(s, app_id, "pay_method"), *ps = app_get_field(s, app_id, "pay_status");
	char *po = app_get_field(s, app_id, "pay_order_no"), *fee = app_get_field(s, app_id, "fee_cents");
	char *pin = app_get_field(s, app_id, "pin_delivery");
	char *yuan = fee ? fees_yuan(atol(fee)) : NULL;
	long long prints, scans;

	snprintf(id, sizeof(id), "%lld", app_id);
	prints = store_get_int(s, "SELECT count(*) FROM prints WHERE app_id = ?", id, 0);
	scans = store_get_int(s, "SELECT count(*) FROM attachments WHERE app_id = ? AND superseded_at IS NULL", id, 0);
	sb_init(&sb);
	sb_adds(&sb, "■ 打印、上传资料、身份核验与支付\n");
	sb_addf(&sb, "  申请表              %s\n", prints ? "已打印" : "未打印");
	if (prints > 1)
		sb_addf(&sb, "                      (共打印 %lld 次)\n", prints);
	sb_addf(&sb, "  上传资料            %lld / 2 份\n", scans);
	sb_addf(&sb, "  身份核验            %s%s%s%s%s\n",
		!st ? "未核验" : str_eq(st, "passed") ? "已通过" : str_eq(st, "failed") ? "未通过"
		 : str_eq(st, "expired") ? "二维码已过期" : "等待结果",
		m ? " (" : "", m ? (str_eq(m, IDV_METHOD_IN_PERSON) ? "柜台核验身份证原件" : "微信扫码实名认证") : "",
		m ? ") " : "", clock_show(at, false, shown, sizeof(shown)));
	sb_addf(&sb, "  支付                %s %s%s%s%s\n", pm ? steps_pay_method_name(pm) : "未选择",
		ps ? steps_pay_status_name(ps) : "", yuan ? "  " : "", yuan ? yuan : "", yuan ? "元" : "");
	if (po)
		sb_addf(&sb, "  订单编号            %s\n", po);
	if (pin)
		sb_addf(&sb, "  证书PIN码           %s\n", pin);
	free(m);
	free(st);
	free(at);
	free(pm);
	free(ps);
	free(po);
	free(fee);
	free(pin);
	free(yuan);
	return sb.s;
}
