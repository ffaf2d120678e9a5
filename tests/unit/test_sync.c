/* test_sync.c - the central contract and certdesk sync against a real
 * certdesk-central on 127.0.0.1: lifecycle, idempotency, faults, TLS, lookup. */
#include <sodium.h>

#include "synctest.h"
#include "core/clock.h"
#include "sync/centre.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	long long clerk, sup;
	struct centre ce;
};

static struct fx *fx_new(const char *const *extra)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	f->c = tu_conf(f->dir);
	f->s = tu_store(f->c);
	f->clerk = st_op(f->s, f->c, "clerk1", ROLE_CLERK);
	f->sup = st_op(f->s, f->c, "sup1", ROLE_SUPERVISOR);
	centre_start(&f->ce, f->dir, extra);
	centre_conf(&f->ce, f->c);
	return f;
}

static int setup(void **state)
{
	*state = fx_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	centre_free(&f->ce);
	store_close(f->s);
	conf_free(f->c);
	tu_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static enum sync_rc run(struct fx *f, struct sync_result *res)
{
	sync_result_release(res);
	return sync_run_once(f->c, f->s, res);
}

static char *col(struct fx *f, long long id, const char *c)
{
	return app_get_field(f->s, id, c);
}

static void assert_col(struct fx *f, long long id, const char *c, const char *want)
{
	char *v = col(f, id, c);

	if (!v || !strstr(v, want)) {
		fprintf(stderr, "%s = %s, wanted it to contain %s\n", c, v ? v : "(null)", want);
		fail();
	}
	free(v);
}

static long long pending_outbox(struct fx *f)
{
	return store_get_int(f->s, "SELECT count(*) FROM outbox WHERE done_at IS NULL", NULL, -1);
}

/* ---- the lifecycle through the centre --------------------------------- */

static void accepted_application_is_shipped_with_pin_invoice_and_revocation(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1], *q;
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, true, no);

	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(res.pushed, 1);
	assert_int_equal(res.uploaded, 1);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	assert_col(f, id, "central_ref", "SZCA");
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM attachments"), 1);
	q = xasprintf("SELECT count(*) FROM apps WHERE app_no = '%s' AND status = 'received'", no);
	assert_int_equal(centre_count(&f->ce, q), 1);
	free(q);

	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_ACCEPTED);
	assert_col(f, id, "pin_delivery", "转账附言");
	assert_col(f, id, "pin_delivery", "2345");          /* last 4 of the basic account */
	assert_col(f, id, "invoice_link", "https://");
	assert_col(f, id, "revoked_at", "20");
	/* the lost certificate is revoked at the centre, keyCompromise */
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM certs WHERE serial = '712C1B5A584A1BBE' AND "
					      "status = 'revoked' AND revoke_reason = 'keyCompromise'"), 1);

	assert_int_equal(centre_decide(&f->ce, no, "ship", "顺丰速运", "SF1234567890"), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SHIPPED);
	assert_col(f, id, "carrier", "顺丰速运");
	assert_col(f, id, "tracking_no", "SF1234567890");
	/* every centre change left a history row by "central" with its reason */
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM status_history WHERE actor = 'central' AND "
					     "reason IS NOT NULL", NULL, 0), 5);
	/* nothing is fetched twice */
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(res.pulled, 0);
	sync_result_release(&res);
}

/* The centre's times come in any offset (here Z) and are stored in the
 * branch zone, whatever the host's TZ; what the branch sent carries its
 * offset. */
static void centre_times_are_stored_in_branch_time(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1], *q, *err = NULL;
	long long id;
	sqlite3 *db;

	setenv("TZ", "UTC", 1);
	assert_true(clock_init("Asia/Shanghai", &err));
	id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, true, no);
	assert_int_equal(run(f, &res), SYNC_OK);
	q = xasprintf("SELECT count(*) FROM apps WHERE app_no = '%s' AND coalesce(json_extract(body, '$.application.created_at'), "
		      "json_extract(body, '$.created_at')) "
		      "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+08:00'", no);
	assert_int_equal(centre_count(&f->ce, q), 1);
	free(q);
	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 0);
	assert_int_equal(sqlite3_open(f->ce.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, "UPDATE events SET data = json_set(data, '$.revoked_at', "
					  "'2026-11-24T23:40:05Z') WHERE type = 'revoked'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_ACCEPTED);
	assert_col(f, id, "revoked_at", "2026-11-25T07:40:05+08:00");
	/* the history line says it in branch time */
	assert_true(st_text_has(f->s, "SELECT group_concat(reason) FROM status_history", "keyCompromise, 2026-11-25 07:40)"));
}

static void rejected_application_is_edited_and_resubmitted(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no);

	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(centre_decide(&f->ce, no, "reject", "营业执照扫描件不清晰", NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_REJECTED);
	assert_col(f, id, "central_reason", "营业执照扫描件不清晰");
	/* 编辑: the clerk edits and resubmits; the supervisor approves again */
	st_move(f->s, id, ST_PENDING, f->clerk, "按中心意见修改");
	st_set(f->s, id, "org_address", "深圳市福田区示例路 2 号", f->clerk);
	st_move(f->s, id, ST_APPROVED, f->sup, NULL);
	st_move(f->s, id, ST_QUEUED, f->sup, NULL);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests WHERE kind = 'submit'"), 2);
	assert_int_equal(centre_count(&f->ce, "SELECT submission FROM apps"), 2);
	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_ACCEPTED);
	sync_result_release(&res);
}

static void financial_authentication_compares_account_name_with_organisation(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", true, false, no);

	assert_int_equal(run(f, &res), SYNC_OK);
	/* the reviewer accepts, but the bank check fails: 基本户名称 ≠ 机构名称 */
	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_FINAUTH_FAILED);
	assert_col(f, id, "central_reason", "基本户名称「深圳市另一家公司」与机构名称「深圳市示例科技有限公司」不一致");
	/* 金融认证: only the bank information is entered again */
	st_set(f->s, id, "bank_account_name", "深圳市示例科技有限公司", f->clerk);
	st_move(f->s, id, ST_QUEUED, f->clerk, "重新提交金融认证");
	assert_true(st_text_has(f->s, "SELECT kind FROM outbox ORDER BY id DESC LIMIT 1", "finauth"));
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_ACCEPTED);
	sync_result_release(&res);
}

static void refund_request_travels_and_refund_comes_back(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no);
	char *q;

	assert_int_equal(run(f, &res), SYNC_OK);
	st_move(f->s, id, ST_REFUND_REQUESTED, f->clerk, "客户找到了原介质");
	assert_int_equal(run(f, &res), SYNC_OK);
	q = xasprintf("SELECT count(*) FROM apps WHERE app_no = '%s' AND status = 'refund_requested'", no);
	assert_int_equal(centre_count(&f->ce, q), 1);
	free(q);
	assert_int_equal(centre_decide(&f->ce, no, "refund", NULL, NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_REFUNDED);
	sync_result_release(&res);
}

/* A feed event of a type this version does not know is not dropped: the
 * feed moves on, the event is kept whole (feed_unhandled), audited, and
 * counted where the sync status is shown; known events around it apply. */
static void unknown_feed_event_is_kept_not_dropped(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	struct sync_summary sum;
	char no[APPNO_LEN + 1], *body;
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no);

	assert_int_equal(run(f, &res), SYNC_OK);
	body = xasprintf("{\"app_no\":\"%s\",\"type\":\"recalled\",\"data\":{\"note\":\"召回\"}}", no);
	assert_int_equal(centre_admin(&f->ce, "POST", "/admin/v1/events", body, NULL), 200);
	free(body);
	assert_int_equal(centre_decide(&f->ce, no, "reject", "资料不全", NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(res.pulled, 2);
	assert_int_equal(app_status(f->s, id), ST_REJECTED);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM feed_unhandled WHERE type = 'recalled' AND "
				       "json_extract(event, '$.note') = '召回' AND json_extract(event, '$.app_no') = ?", no, -1), 1);
	assert_true(st_text_has(f->s, "SELECT group_concat(detail) FROM audit_log WHERE action = 'sync.feed_unknown'",
				"未知的中心动态类型 recalled"));
	assert_true(sync_status(f->s, &sum));
	assert_int_equal(sum.unhandled, 1);
	sync_summary_release(&sum);
	/* the cursor moved past it: the next run does not keep it twice */
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM feed_unhandled", NULL, -1), 1);
	sync_result_release(&res);
}

/* ---- idempotency ------------------------------------------------------ */

static void resend_returns_the_first_result_and_another_body_is_409(void **state)
{
	struct fx *f = *state;
	struct http_client hc;
	struct http_result a, b, d;
	char *err = NULL, no[APPNO_LEN + 1], *body1, *body2;

	assert_true(appno_format("261125", "0001", 777, no));
	body1 = xasprintf("{\"app_no\":\"%s\",\"submission\":1,\"application\":{\"org_name\":\"甲\"},\"attachments\":[]}", no);
	body2 = xasprintf("{\"app_no\":\"%s\",\"submission\":1,\"application\":{\"org_name\":\"乙\"},\"attachments\":[]}", no);
	assert_true(http_init(&hc, f->c, 0, &err));
	assert_int_equal(http_call(&hc, "POST", "/v1/applications", NULL, body1, strlen(body1), &a), HTTP_OK);
	assert_int_equal(a.status, 201);
	/* the same key and body, even with other whitespace: the first result */
	{
		char *spaced = xasprintf("{ \"submission\": 1, \"app_no\": \"%s\", \"attachments\": [], "
					 "\"application\": { \"org_name\": \"甲\" } }", no);
		assert_int_equal(http_call(&hc, "POST", "/v1/applications", NULL, spaced, strlen(spaced), &b), HTTP_OK);
		free(spaced);
	}
	assert_int_equal(b.status, 200);
	assert_true(json_is_true(json_object_get(b.body, "replayed")));
	assert_string_equal(json_string_value(json_object_get(a.body, "central_ref")),
			    json_string_value(json_object_get(b.body, "central_ref")));
	assert_string_equal(json_string_value(json_object_get(a.body, "received_at")),
			    json_string_value(json_object_get(b.body, "received_at")));
	/* the same key with another body: 409 with an error body, never retried */
	assert_int_equal(http_call(&hc, "POST", "/v1/applications", NULL, body2, strlen(body2), &d), HTTP_REFUSED);
	assert_int_equal(d.status, 409);
	assert_string_equal(d.error_code, "idempotency_conflict");
	assert_non_null(strstr(d.error, "不同内容"));
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 1);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests"), 1);
	http_result_release(&a);
	http_result_release(&b);
	http_result_release(&d);
	http_release(&hc);
	free(body1);
	free(body2);
}

static void key_reuse_with_changed_data_is_recorded_on_the_application(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no);

	assert_int_equal(run(f, &res), SYNC_OK);
	/* as if the send was lost and the data changed behind the outbox's back */
	assert_true(store_exec(f->s, "UPDATE outbox SET done_at = NULL; UPDATE applications SET status = 'queued',"
				     " org_address = '别处'"));
	assert_int_equal(run(f, &res), SYNC_PARTIAL);
	assert_int_equal(res.refused, 1);
	assert_col(f, id, "sync_error", "HTTP 409");
	assert_col(f, id, "sync_error", "不同内容");
	assert_int_equal(pending_outbox(f), 1);
	assert_true(st_text_has(f->s, "SELECT last_error FROM outbox", "409"));
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests"), 1);
	sync_result_release(&res);
}

static void commit_then_drop_gets_the_first_result_on_resend(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no);

	centre_fault(&f->ce, "commit_drop", 1, "/v1/applications");
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	assert_col(f, id, "central_ref", "SZCA");
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 1);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests WHERE kind = 'submit'"), 1);
	/* now with the retries exhausted inside the run: the next run completes */
	{
		char no2[APPNO_LEN + 1];
		long long id2 = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no2);
		centre_fault(&f->ce, "commit_drop", -1, "/v1/applications");
		assert_int_equal(run(f, &res), SYNC_FAILED);
		assert_int_equal(app_status(f->s, id2), ST_QUEUED);
		centre_clear(&f->ce);
		assert_int_equal(run(f, &res), SYNC_OK);
		assert_int_equal(app_status(f->s, id2), ST_SYNCED);
		assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 2);
		assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests WHERE kind = 'submit'"), 2);
	}
	sync_result_release(&res);
}

/* ---- faults: nothing lost, the error visible, the next run completes --- */

static void fault_case(struct fx *f, const char *mode, const char *path, const char *expect)
{
	struct sync_result res = { 0 };
	struct sync_summary sum;
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, true, no);
	enum sync_rc rc;

	centre_fault(&f->ce, mode, -1, path);
	rc = run(f, &res);
	if (rc == SYNC_OK || !res.error || !strstr(res.error, expect)) {
		fprintf(stderr, "%s: rc %d, error %s; wanted %s\n", mode, rc, res.error ? res.error : "(none)", expect);
		fail();
	}
	sync_status(f->s, &sum);
	assert_non_null(sum.last_error);
	assert_non_null(strstr(sum.last_error, expect));
	assert_true(sum.queued >= 0);
	sync_summary_release(&sum);
	if (!strcmp(path, "/v1/applications"))
		assert_int_equal(app_status(f->s, id), ST_QUEUED);
	centre_clear(&f->ce);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	{
		char *e = col(f, id, "sync_error");
		assert_null(e);
	}
	assert_int_equal(pending_outbox(f), 0);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 1);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM attachments"), 1);
	sync_status(f->s, &sum);
	assert_null(sum.last_error);
	assert_true(*sum.last_success);
	assert_int_equal(sum.queued, 0);
	sync_summary_release(&sum);
	sync_result_release(&res);
}

static void fault_500(void **state) { fault_case(*state, "http500", "/v1/applications", "HTTP 500"); }
static void fault_503(void **state) { fault_case(*state, "http503", "/v1/", "暂时不可用"); }
static void fault_429(void **state) { fault_case(*state, "http429", "/v1/applications", "限流"); }
static void fault_reset(void **state) { fault_case(*state, "reset", "/v1/applications", "中断"); }
static void fault_truncated(void **state) { fault_case(*state, "truncated", "/v1/applications", "不是完整有效的 JSON"); }
static void fault_invalid(void **state) { fault_case(*state, "invalid", "/v1/feed", "不是完整有效的 JSON"); }

static void fault_huge_json_is_capped(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	conf_set(f->c, "sync.max_response", "65536", &err);
	fault_case(f, "huge", "/v1/feed", "超过 65536 字节");
}

static void fault_no_response_times_out(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	conf_set(f->c, "central.timeout", "1", &err);
	conf_set(f->c, "sync.retries", "0", &err);
	fault_case(f, "hang", "/v1/applications", "超时");
}

static void retry_after_is_honoured(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no);
	double t0;

	centre_fault(&f->ce, "http429", 1, "/v1/applications");   /* Retry-After: 1 */
	t0 = st_now();
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_true(st_now() - t0 >= 0.95);                        /* backoff alone would be ~20 ms */
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	sync_result_release(&res);
}

static void centre_down_then_back(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	struct sync_summary sum;
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, true, no);

	centre_stop(&f->ce);
	assert_int_equal(run(f, &res), SYNC_FAILED);
	assert_non_null(strstr(res.error, "无法连接中心端点"));
	sync_status(f->s, &sum);
	assert_int_equal(sum.queued, 1);
	assert_non_null(strstr(sum.last_error, "无法连接"));
	assert_true(*sum.next_retry);
	assert_false(sum.running);
	sync_summary_release(&sum);
	assert_true(st_text_has(f->s, "SELECT last_error FROM outbox", "无法连接"));
	assert_int_equal(app_status(f->s, id), ST_QUEUED);
	centre_start(&f->ce, f->dir, NULL);     /* same port, same database */
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	sync_result_release(&res);
}

static void checksum_rejected_attachment(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1];
	long long id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, true, no);

	centre_fault(&f->ce, "checksum", -1, "/v1/applications/");
	assert_int_equal(run(f, &res), SYNC_PARTIAL);
	assert_int_equal(res.refused, 1);
	assert_col(f, id, "sync_error", "附件校验失败");
	assert_int_equal(app_status(f->s, id), ST_QUEUED);
	assert_int_equal(pending_outbox(f), 1);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM attachments"), 0);
	centre_clear(&f->ce);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	{
		char *e = col(f, id, "sync_error");
		assert_null(e);
	}
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM attachments"), 1);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests WHERE kind = 'submit'"), 1);
	sync_result_release(&res);
}

static void bad_token_is_refused_readably(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char *err = NULL;

	conf_set(f->c, "central.token", "wrong", &err);
	assert_int_equal(run(f, &res), SYNC_FAILED);
	assert_non_null(strstr(res.error, "网点凭据"));
	sync_result_release(&res);
}

static void plain_http_only_on_loopback(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char *err = NULL;

	conf_set(f->c, "central.url", "http://ca.example.cn/", &err);
	assert_int_equal(run(f, &res), SYNC_FAILED);
	assert_non_null(strstr(res.error, "必须以 https:// 开头"));
	sync_result_release(&res);
}

/* ---- TLS -------------------------------------------------------------- */

static void tls_case(void **state, bool require_client)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1], *err = NULL, *p[8];
	const char *args[12];
	int n = 0;
	long long id;

	f->dir = tu_tmpdir();
	st_make_certs(f->dir);
	p[0] = xasprintf("%s/srv.pem", f->dir);
	p[1] = xasprintf("%s/srv.key", f->dir);
	p[2] = xasprintf("%s/ca.pem", f->dir);
	p[3] = xasprintf("%s/other.pem", f->dir);
	p[4] = xasprintf("%s/cli.pem", f->dir);
	p[5] = xasprintf("%s/cli.key", f->dir);
	p[6] = xasprintf("%s/rogue.pem", f->dir);
	p[7] = xasprintf("%s/rogue.key", f->dir);
	args[n++] = "--tls-cert";
	args[n++] = p[0];
	args[n++] = "--tls-key";
	args[n++] = p[1];
	if (require_client) {
		args[n++] = "--client-ca";
		args[n++] = p[2];
		args[n++] = "--require-client-cert";
	}
	args[n] = NULL;
	f->c = tu_conf(f->dir);
	f->s = tu_store(f->c);
	f->clerk = st_op(f->s, f->c, "clerk1", ROLE_CLERK);
	f->sup = st_op(f->s, f->c, "sup1", ROLE_SUPERVISOR);
	f->ce.tls = true;
	centre_start(&f->ce, f->dir, args);
	centre_conf(&f->ce, f->c);
	*state = f;
	id = st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, true, no);

	/* a CA that did not sign the centre's certificate: refused, nothing sent */
	conf_set(f->c, "central.ca_file", p[3], &err);
	if (require_client) {
		conf_set(f->c, "central.client_cert", p[4], &err);
		conf_set(f->c, "central.client_key", p[5], &err);
	}
	assert_int_equal(run(f, &res), SYNC_FAILED);
	assert_non_null(strstr(res.error, "TLS 证书验证失败"));
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 0);
	conf_set(f->c, "central.ca_file", p[2], &err);
	if (require_client) {
		/* no client certificate: the centre really refuses */
		conf_set(f->c, "central.client_cert", "", &err);
		conf_set(f->c, "central.client_key", "", &err);
		assert_int_not_equal(run(f, &res), SYNC_OK);
		assert_non_null(res.error);
		assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 0);
		assert_int_equal(app_status(f->s, id), ST_QUEUED);
		/* a certificate from an unrelated CA: refused too */
		conf_set(f->c, "central.client_cert", p[6], &err);
		conf_set(f->c, "central.client_key", p[7], &err);
		assert_int_not_equal(run(f, &res), SYNC_OK);
		assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 0);
		conf_set(f->c, "central.client_cert", p[4], &err);
		conf_set(f->c, "central.client_key", p[5], &err);
	}
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(app_status(f->s, id), ST_SYNCED);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), 1);
	for (int i = 0; i < 8; i++)
		free(p[i]);
	sync_result_release(&res);
}

static void tls_wrong_ca_fails(void **state) { tls_case(state, false); }
static void tls_client_certificate_is_enforced(void **state) { tls_case(state, true); }

/* ---- lookup, identity sessions, payments ------------------------------- */

static void lookup_is_case_sensitive_cached_and_offline(void **state)
{
	struct fx *f = *state;
	struct cert_info *ci = NULL;
	bool offline = true;
	char *err = NULL;
	int n;

	n = cert_lookup(f->c, f->s, "712C1B5A584A1BBE", &ci, &offline, &err);
	assert_int_equal(n, 1);
	assert_false(offline);
	assert_string_equal(ci[0].holder, "深圳市示例科技有限公司");
	assert_string_equal(ci[0].cert_type, "机构证书");
	cert_info_free(ci, n);
	n = cert_lookup(f->c, f->s, "712c1b5a584a1bbe", &ci, &offline, &err);
	assert_int_equal(n, 1);
	assert_string_equal(ci[0].holder, "深圳市小写示例有限公司");
	cert_info_free(ci, n);
	n = cert_lookup(f->c, f->s, "712C1B5A584A1BBF", &ci, &offline, &err);
	assert_int_equal(n, 0);
	assert_false(offline);
	n = cert_lookup(f->c, f->s, "5E3A9C0D71B24F86", &ci, &offline, &err);
	assert_string_equal(ci[0].status, "已过期");
	cert_info_free(ci, n);

	centre_stop(&f->ce);
	n = cert_lookup(f->c, f->s, "712C1B5A584A1BBE", &ci, &offline, &err);
	assert_true(offline);
	assert_int_equal(n, 1);
	assert_string_equal(ci[0].holder, "深圳市示例科技有限公司");
	assert_non_null(err);
	free(err);
	err = NULL;
	cert_info_free(ci, n);
	n = cert_lookup(f->c, f->s, "3F9E8D7C6B5A4938", &ci, &offline, &err);
	assert_true(offline);
	assert_int_equal(n, 0);
	free(err);
}

static json_t *call(struct fx *f, const char *method, const char *path, const char *body, long *status)
{
	struct http_client hc;
	struct http_result r;
	char *err = NULL;
	json_t *out;

	assert_true(http_init(&hc, f->c, 0, &err));
	http_call(&hc, method, path, NULL, body, body ? strlen(body) : 0, &r);
	*status = r.status;
	out = json_incref(r.body);
	http_result_release(&r);
	http_release(&hc);
	return out;
}

static void identity_sessions_pass_fail_and_expire(void **state)
{
	struct fx *f = *state;
	long st;
	json_t *a, *b;
	char *path, *adm;
	const char *args[] = { "--set", "server.idv_ttl=1", NULL };

	centre_free(&f->ce);
	centre_start(&f->ce, f->dir, args);
	centre_conf(&f->ce, f->c);
	a = call(f, "POST", "/v1/idv/sessions", "{\"name\":\"李四\"}", &st);
	assert_int_equal(st, 201);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "pending");
	assert_non_null(strstr(json_string_value(json_object_get(a, "qr_payload")), "https://"));
	path = xasprintf("/v1/idv/sessions/%s", json_string_value(json_object_get(a, "session_id")));
	adm = xasprintf("/admin/v1/idv/%s", json_string_value(json_object_get(a, "session_id")));
	b = call(f, "GET", path, NULL, &st);
	assert_string_equal(json_string_value(json_object_get(b, "status")), "pending");
	json_decref(b);
	assert_int_equal(centre_admin(&f->ce, "POST", adm, "{\"result\":\"fail\",\"reason\":\"活体检测未通过\"}", NULL), 200);
	b = call(f, "GET", path, NULL, &st);
	assert_string_equal(json_string_value(json_object_get(b, "status")), "failed");
	assert_string_equal(json_string_value(json_object_get(b, "reason")), "活体检测未通过");
	json_decref(b);
	json_decref(a);
	free(path);
	free(adm);

	a = call(f, "POST", "/v1/idv/sessions", "{\"name\":\"李四\"}", &st);
	path = xasprintf("/v1/idv/sessions/%s", json_string_value(json_object_get(a, "session_id")));
	adm = xasprintf("/admin/v1/idv/%s", json_string_value(json_object_get(a, "session_id")));
	assert_int_equal(centre_admin(&f->ce, "POST", adm, "{\"result\":\"pass\"}", NULL), 200);
	b = call(f, "GET", path, NULL, &st);
	assert_string_equal(json_string_value(json_object_get(b, "status")), "passed");
	json_decref(b);
	json_decref(a);
	free(path);
	free(adm);

	a = call(f, "POST", "/v1/idv/sessions", "{\"name\":\"李四\"}", &st);
	path = xasprintf("/v1/idv/sessions/%s", json_string_value(json_object_get(a, "session_id")));
	usleep(1100000);
	b = call(f, "GET", path, NULL, &st);
	assert_string_equal(json_string_value(json_object_get(b, "status")), "expired");
	json_decref(b);
	json_decref(a);
	free(path);
	b = call(f, "GET", "/v1/idv/sessions/nosuch", NULL, &st);
	assert_int_equal(st, 404);
	json_decref(b);
}

static void payment_orders_qr_and_transfer(void **state)
{
	struct fx *f = *state;
	long st;
	json_t *a, *b;
	char no[APPNO_LEN + 1], *body, *path, *adm;

	assert_true(appno_format("261125", "0001", 5, no));
	body = xasprintf("{\"app_no\":\"%s\",\"method\":\"wechat\",\"amount_cents\":20000}", no);
	a = call(f, "POST", "/v1/payments", body, &st);
	assert_int_equal(st, 201);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "unpaid");
	assert_true(str_startswith(json_string_value(json_object_get(a, "qr_payload")), "weixin://"));
	b = call(f, "POST", "/v1/payments", body, &st);          /* the same order again */
	assert_int_equal(st, 200);
	assert_string_equal(json_string_value(json_object_get(a, "order_no")), json_string_value(json_object_get(b, "order_no")));
	json_decref(b);
	path = xasprintf("/v1/payments/%s", json_string_value(json_object_get(a, "order_no")));
	adm = xasprintf("/admin/v1/payments/%s", json_string_value(json_object_get(a, "order_no")));
	assert_int_equal(centre_admin(&f->ce, "POST", adm, "{\"result\":\"paid\"}", NULL), 200);
	b = call(f, "GET", path, NULL, &st);
	assert_string_equal(json_string_value(json_object_get(b, "status")), "paid");
	json_decref(b);
	json_decref(a);
	free(body);
	free(path);
	free(adm);

	body = xasprintf("{\"app_no\":\"%s\",\"method\":\"transfer\",\"amount_cents\":20000}", no);
	a = call(f, "POST", "/v1/payments", body, &st);
	assert_int_equal(st, 201);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "pending_transfer");
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "transfer"), "amount")), "200.00");
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "transfer"), "memo")),
			    json_string_value(json_object_get(a, "order_no")));
	adm = xasprintf("/admin/v1/payments/%s", json_string_value(json_object_get(a, "order_no")));
	path = xasprintf("/v1/payments/%s", json_string_value(json_object_get(a, "order_no")));
	assert_int_equal(centre_admin(&f->ce, "POST", adm, "{\"result\":\"confirm\"}", NULL), 200);
	b = call(f, "GET", path, NULL, &st);
	assert_string_equal(json_string_value(json_object_get(b, "status")), "confirmed");
	json_decref(b);
	json_decref(a);
	free(body);
	free(path);
	free(adm);
	/* another branch's number is refused */
	b = call(f, "POST", "/v1/payments", "{\"app_no\":\"261125000200000050\",\"method\":\"wechat\",\"amount_cents\":1}", &st);
	assert_true(st == 403 || st == 422);
	json_decref(b);
}

static void centre_log_holds_no_personal_data(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char no[APPNO_LEN + 1], *log;
	size_t len;
	static const char *const personal[] = { "13800138000", "440301198506152345", "110105199001011234",
						"4000021109200012345", "李四", "张三", "示例路", "lisi@" };

	centre_free(&f->ce);
	f->ce.log = xasprintf("%s/central.log", f->dir);
	centre_start(&f->ce, f->dir, NULL);
	centre_conf(&f->ce, f->c);
	st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", true, true, no);
	centre_fault(&f->ce, "checksum", 1, "/v1/applications/");
	assert_int_equal(run(f, &res), SYNC_PARTIAL);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 0);
	assert_int_equal(run(f, &res), SYNC_OK);
	centre_stop(&f->ce);
	log = file_read_all(f->ce.log, &len);
	assert_non_null(log);
	assert_non_null(strstr(log, no));              /* it does log, by number */
	assert_non_null(strstr(log, "138****8000"));   /* and the agent only masked */
	for (size_t i = 0; i < sizeof(personal) / sizeof(personal[0]); i++)
		if (strstr(log, personal[i])) {
			fprintf(stderr, "the centre's log holds %s:\n%s\n", personal[i], log);
			fail();
		}
	free(log);
	sync_result_release(&res);
}

static void screen_helpers_for_identity_and_payment(void **state)
{
	struct fx *f = *state;
	struct idv_session is, polled;
	struct pay_order po, again;
	char *err = NULL, *adm, no[APPNO_LEN + 1];

	assert_true(centre_idv_start(f->c, NULL, "李四", &is, &err));
	assert_string_equal(is.status, "pending");
	assert_non_null(is.qr_payload);
	adm = xasprintf("/admin/v1/idv/%s", is.id);
	assert_int_equal(centre_admin(&f->ce, "POST", adm, "{\"result\":\"fail\",\"reason\":\"身份证照片不清晰\"}", NULL), 200);
	assert_true(centre_idv_poll(f->c, is.id, &polled, &err));
	assert_string_equal(polled.status, "failed");
	assert_string_equal(polled.reason, "身份证照片不清晰");
	idv_session_release(&polled);
	assert_false(centre_idv_poll(f->c, "nosuch", &polled, &err));
	assert_non_null(strstr(err, "HTTP 404"));
	xfree(&err);
	idv_session_release(&is);
	free(adm);

	assert_true(appno_format("261125", "0001", 9, no));
	assert_true(centre_pay_create(f->c, no, "transfer", 20000, &po, &err));
	assert_string_equal(po.status, "pending_transfer");
	assert_null(po.qr_payload);
	assert_string_equal(po.to_amount, "200.00");
	assert_string_equal(po.memo, po.order_no);
	assert_true(centre_pay_poll(f->c, po.order_no, &again, &err));
	assert_string_equal(again.order_no, po.order_no);
	pay_order_release(&again);
	pay_order_release(&po);
	centre_stop(&f->ce);
	assert_false(centre_pay_create(f->c, no, "wechat", 20000, &po, &err));
	assert_non_null(strstr(err, "无法连接"));
	free(err);
}

/* Every refusal of the contract: status, code, and a Chinese message. */
static void expect(struct http_client *hc, const char *method, const char *path, const char *body, long status,
		   const char *code)
{
	struct http_result r;

	http_call(hc, method, path, NULL, body, body ? strlen(body) : 0, &r);
	if (r.status != status || (code && !str_eq(r.error_code, code)) ||
	    (code && !http_error_message(r.body))) {
		fprintf(stderr, "%s %s: %ld %s, wanted %ld %s\n", method, path, r.status,
			r.error_code ? r.error_code : "-", status, code ? code : "-");
		fail();
	}
	http_result_release(&r);
}

static void contract_refusals(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	struct http_client hc;
	struct http_result r;
	char no[APPNO_LEN + 1], other[APPNO_LEN + 1], *err = NULL, *p, *b;

	st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, false, no);
	assert_int_equal(run(f, &res), SYNC_OK);
	assert_true(http_init(&hc, f->c, 0, &err));
	hc.retries = 0;

	p = xasprintf("/v1/applications/%s", no);
	assert_int_equal(http_call(&hc, "GET", p, NULL, NULL, 0, &r), HTTP_OK);
	assert_string_equal(json_string_value(json_object_get(r.body, "status")), "received");
	assert_int_equal(json_integer_value(json_object_get(r.body, "submission")), 1);
	http_result_release(&r);
	free(p);
	assert_true(appno_format("261125", "0001", 4242, other));
	p = xasprintf("/v1/applications/%s", other);
	expect(&hc, "GET", p, NULL, 404, "not_found");
	free(p);

	b = xasprintf("{\"app_no\":\"%s\",\"submission\":2,\"application\":{}}", no);
	expect(&hc, "POST", "/v1/applications", b, 409, "not_resubmittable");
	free(b);
	b = xasprintf("{\"app_no\":\"%s\",\"submission\":0,\"application\":{}}", no);
	expect(&hc, "POST", "/v1/applications", b, 422, "invalid_request");
	free(b);
	expect(&hc, "POST", "/v1/applications", "{\"app_no\":\"261125000100000018\",\"submission\":1,\"application\":{}}",
	       422, "invalid_app_no");
	expect(&hc, "POST", "/v1/applications", "{not json", 400, "invalid_json");

	p = xasprintf("/v1/applications/%s/attachments/%064d?kind=form_scan", no, 0);
	expect(&hc, "PUT", p, "x", 422, "checksum_mismatch");
	free(p);
	p = xasprintf("/v1/applications/%s/attachments/2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
		      "?kind=form_scan", no);           /* sha256("x"), never declared */
	expect(&hc, "PUT", p, "x", 409, "unexpected_attachment");
	free(p);
	p = xasprintf("/v1/applications/%s/attachments/2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
		      "?kind=form_scan", other);
	expect(&hc, "PUT", p, "x", 404, "not_found");
	free(p);

	p = xasprintf("/v1/applications/%s/finauth", no);
	expect(&hc, "POST", p, "{\"attempt\":1,\"bank_account_name\":\"甲\",\"bank_name\":\"乙\",\"bank_account\":\"1\"}",
	       409, "not_finauth_failed");
	expect(&hc, "POST", p, "{\"attempt\":1}", 422, "invalid_request");
	free(p);

	expect(&hc, "GET", "/v1/feed?after=abc", NULL, 422, "invalid_cursor");
	expect(&hc, "GET", "/v1/certificates", NULL, 422, "invalid_serial");
	expect(&hc, "GET", "/v1/nothing", NULL, 404, "not_found");
	expect(&hc, "GET", "/certificates", NULL, 404, "not_found");

	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 0);
	assert_int_equal(centre_decide(&f->ce, no, "ship", "顺丰速运", "SF1"), 0);
	p = xasprintf("/v1/applications/%s/refund", no);
	expect(&hc, "POST", p, "{\"request_id\":\"r1\",\"reason\":\"不要了\"}", 409, "not_refundable");
	free(p);
	/* decisions the reviewer cannot make */
	assert_int_equal(centre_decide(&f->ce, no, "accept", NULL, NULL), 1);
	assert_int_equal(centre_decide(&f->ce, no, "reject", NULL, NULL), 1);
	assert_int_equal(centre_decide(&f->ce, other, "accept", NULL, NULL), 1);
	http_release(&hc);

	/* no token, wrong token */
	{
		char *e2 = NULL;
		conf_set(f->c, "central.token", "", &e2);
		assert_true(http_init(&hc, f->c, 0, &err));
		expect(&hc, "GET", "/v1/feed", NULL, 401, "unauthorized");
		http_release(&hc);
	}
	sync_result_release(&res);
}

static void one_sync_per_branch(void **state)
{
	struct fx *f = *state;
	struct sync_result res = { 0 };
	char *lock = xasprintf("%s.sync.lock", store_path(f->s));
	int fd = open(lock, O_RDWR | O_CREAT, 0600);

	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(run(f, &res), SYNC_BUSY);
	assert_non_null(strstr(res.error, "另一个同步进程"));
	close(fd);
	assert_int_equal(run(f, &res), SYNC_OK);
	free(lock);
	sync_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(accepted_application_is_shipped_with_pin_invoice_and_revocation, setup, teardown),
		cmocka_unit_test_setup_teardown(centre_times_are_stored_in_branch_time, setup, teardown),
		cmocka_unit_test_setup_teardown(rejected_application_is_edited_and_resubmitted, setup, teardown),
		cmocka_unit_test_setup_teardown(financial_authentication_compares_account_name_with_organisation, setup, teardown),
		cmocka_unit_test_setup_teardown(refund_request_travels_and_refund_comes_back, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_feed_event_is_kept_not_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(resend_returns_the_first_result_and_another_body_is_409, setup, teardown),
		cmocka_unit_test_setup_teardown(key_reuse_with_changed_data_is_recorded_on_the_application, setup, teardown),
		cmocka_unit_test_setup_teardown(commit_then_drop_gets_the_first_result_on_resend, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_500, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_503, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_429, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_huge_json_is_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_no_response_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(retry_after_is_honoured, setup, teardown),
		cmocka_unit_test_setup_teardown(centre_down_then_back, setup, teardown),
		cmocka_unit_test_setup_teardown(checksum_rejected_attachment, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_token_is_refused_readably, setup, teardown),
		cmocka_unit_test_setup_teardown(plain_http_only_on_loopback, setup, teardown),
		cmocka_unit_test_teardown(tls_wrong_ca_fails, teardown),
		cmocka_unit_test_teardown(tls_client_certificate_is_enforced, teardown),
		cmocka_unit_test_setup_teardown(lookup_is_case_sensitive_cached_and_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(identity_sessions_pass_fail_and_expire, setup, teardown),
		cmocka_unit_test_setup_teardown(payment_orders_qr_and_transfer, setup, teardown),
		cmocka_unit_test_setup_teardown(centre_log_holds_no_personal_data, setup, teardown),
		cmocka_unit_test_setup_teardown(screen_helpers_for_identity_and_payment, setup, teardown),
		cmocka_unit_test_setup_teardown(contract_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(one_sync_per_branch, setup, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
