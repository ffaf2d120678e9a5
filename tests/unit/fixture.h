/* fixture.h - a store with a clerk, two supervisors and an admin, and helpers
 * to make applications in a given state (shared by test_review, test_orders,
 * test_export). */
#ifndef CERTDESK_FIXTURE_H
#define CERTDESK_FIXTURE_H

#include "testutil.h"

#include "store/app.h"
#include "store/operator.h"
#include "store/review.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	long long clerk, clerk2, sup, sup2, admin;
};

static inline long long fx_op(struct fx *f, const char *login, const char *name, enum role r)
{
	char *err = NULL;
	struct operator op;
	long long id;

	assert_true(operator_add(f->s, f->c, login, name, r, "passw0rd1", &err));
	assert_true(operator_find(f->s, login, &op));
	id = op.id;
	operator_release(&op);
	return id;
}

static inline int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	f->c = tu_conf(f->dir);
	f->s = tu_store(f->c);
	f->clerk = fx_op(f, "clerk1", "张柜员", ROLE_CLERK);
	f->clerk2 = fx_op(f, "clerk2", "李柜员", ROLE_CLERK);
	f->sup = fx_op(f, "sup1", "王主管", ROLE_SUPERVISOR);
	f->sup2 = fx_op(f, "sup2", "赵主管", ROLE_SUPERVISOR);
	f->admin = fx_op(f, "admin1", "管理员", ROLE_ADMIN);
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->s);
	conf_free(f->c);
	tu_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static inline void fx_set(struct fx *f, long long id, const char *col, const char *val, long long op)
{
	char *err = NULL;

	if (!app_set_field(f->s, id, col, val, op, &err)) {
		fprintf(stderr, "app_set_field %s: %s\n", col, err);
		fail();
	}
}

/* A filled-in draft entered by OP. */
static inline long long fx_draft(struct fx *f, long long op, const char *org, const char *serial)
{
	char no[APPNO_LEN + 1], *err = NULL;
	long long id = app_create_draft(f->s, f->c, op, no, &err);

	assert_true(id > 0);
	fx_set(f, id, "org_name", org, op);
	fx_set(f, id, "org_doc_no", "91440300MA5EXAMPLE", op);
	fx_set(f, id, "cert_serial", serial, op);
	fx_set(f, id, "agent_name", "陈经办", op);
	fx_set(f, id, "agent_id", "110105199001010022", op);
	fx_set(f, id, "agent_mobile", "13812341234", op);
	fx_set(f, id, "bank_account_name", org, op);
	fx_set(f, id, "bank_name", "中国工商银行深圳分行", op);
	fx_set(f, id, "bank_account", "4000022309200123456", op);
	fx_set(f, id, "mail_address", "深圳市福田区深南大道 1 号", op);
	fx_set(f, id, "fee_cents", "48000", op);
	return id;
}

static inline void fx_ok(bool ok, char *err)
{
	if (!ok) {
		fprintf(stderr, "unexpected refusal: %s\n", err ? err : "?");
		free(err);
		fail();
	}
}

/* Pending review: entered by clerk1 and submitted. */
static inline long long fx_pending(struct fx *f, const char *org, const char *serial)
{
	char *err = NULL;
	long long id = fx_draft(f, f->clerk, org, serial);

	fx_ok(review_submit(f->s, id, f->clerk, &err), err);
	return id;
}

static inline long long fx_count(struct fx *f, const char *sql, long long id)
{
	char idbuf[32];

	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	return store_get_int(f->s, sql, idbuf, -1);
}

#endif
