/* test_audit.c - the audit trail: vocabulary and coverage, verification of the
 * hash chain against thousands of random tamperings, queries, masked output. */
#include "testutil.h"
#include "core/clock.h"

#include <time.h>

#include "core/status.h"
#include "store/app.h"
#include "store/audit.h"
#include "store/orders.h"
#include "store/operator.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	tu_open(&f->dir, &f->c, &f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_close(f->dir, f->c, f->s);
	free(f);
	return 0;
}

static long long add_op(struct fx *f, const char *login, enum role r)
{
	return tu_operator(f->s, f->c, login, r);
}

static void expect_intact(struct store *s)
{
	struct audit_report r;
	bool ok = audit_verify(s, NULL, &r);

	if (!ok)
		fprintf(stderr, "verify: %s\n", r.message);
	assert_true(ok);
	assert_int_equal(r.problem, AUDIT_INTACT);
	assert_null(r.message);
	audit_report_release(&r);
}

static void seed(struct fx *f, int n)
{
	static const char *const actors[] = { "clerk1", "sup1", "sync", "admin" };
	static const char *const details[] = { NULL, "", "draft -> pending", "原因: 资料不清晰 请重新扫描",
					       "x\x1fy", "110105********002X" };

	for (int i = 0; i < n; i++) {
		char obj[32];

		snprintf(obj, sizeof(obj), "app:%d", i % 7);
		assert_true(store_audit(f->s, i % 5 ? i % 3 + 1 : 0, actors[i % 4],
					(enum audit_action)(i % AUDIT__COUNT),
					i % 6 ? obj : NULL, details[i % 6]));
	}
}

/* ---- vocabulary and coverage ------------------------------------------ */

static void vocabulary_round_trips_and_groups(void **state)
{
	(void)state;
	for (int i = 0; i < AUDIT__COUNT; i++) {
		assert_int_equal(audit_action_parse(audit_action_code((enum audit_action)i)), i);
		assert_true(strlen(audit_action_name((enum audit_action)i)) > 0);
	}
	assert_int_equal(audit_action_parse("login.ok"), AUDIT_LOGIN_OK);
	assert_int_equal(audit_action_parse("login"), -1);
	assert_true(audit_action_pattern_ok("login"));
	assert_true(audit_action_pattern_ok("operator"));
	assert_true(audit_action_pattern_ok("app.status"));
	assert_false(audit_action_pattern_ok("log"));
	assert_false(audit_action_pattern_ok("login."));
	assert_false(audit_action_pattern_ok(""));
}

static void logins_locks_operators_and_status_changes_are_audited(void **state)
{
	struct fx *f = *state;
	struct operator op;
	char no[APPNO_LEN + 1], *err = NULL;
	long long clerk = add_op(f, "clerk1", ROLE_CLERK), sup = add_op(f, "sup1", ROLE_SUPERVISOR), app;
	sqlite3_stmt *st;
	int seen[AUDIT__COUNT] = { 0 };

	assert_int_equal(operator_login(f->s, f->c, "clerk1", "passw0rd1", &op), LOGIN_OK);
	operator_release(&op);
	assert_int_equal(operator_login(f->s, f->c, "nosuch", "passw0rd1", &op), LOGIN_BAD);
	for (int i = 0; i < 5; i++)
		operator_login(f->s, f->c, "sup1", "wrong-pass1", &op);
	assert_int_equal(operator_login(f->s, f->c, "sup1", "passw0rd1", &op), LOGIN_LOCKED);
	assert_true(operator_set_locked(f->s, "sup1", false, &err));
	assert_true(operator_passwd(f->s, f->c, "clerk1", "newpassw0rd", true, &err));
	app = app_create_draft(f->s, f->c, clerk, no, &err);
	assert_true(app > 0);
	assert_true(app_transition(f->s, app, ST_PENDING, clerk, "clerk1", NULL, &err));
	assert_true(app_transition(f->s, app, ST_RETURNED, sup, "sup1", "经办人身份证号 110105194912310021 校验码不对",
				   &err));
	{
		const char *cols[] = { "agent_mobile" };
		char **v = NULL;

		assert_false(orders_unmask(f->s, app, clerk, cols, 1, &v, &err));   /* supervisors only */
		assert_non_null(strstr(err, "主管"));
		free(err);
		assert_true(orders_unmask(f->s, app, sup, cols, 1, &v, &err));
		free(v[0]);
		free(v);
	}
	/* every action written is in the vocabulary, every kind listed happened */
	st = store_prepare(f->s, "SELECT action FROM audit_log");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int a = audit_action_parse((const char *)sqlite3_column_text(st, 0));
		if (a < 0)
			fprintf(stderr, "not in the vocabulary: %s\n", sqlite3_column_text(st, 0));
		assert_true(a >= 0);
		seen[a]++;
	}
	sqlite3_finalize(st);
	{
		/* what this scenario drives; the other actions have their modules' tests */
		static const enum audit_action driven[] = {
			AUDIT_LOGIN_OK, AUDIT_LOGIN_FAIL, AUDIT_LOGIN_LOCKED, AUDIT_OPERATOR_ADD,
			AUDIT_OPERATOR_PASSWD, AUDIT_OPERATOR_LOCK, AUDIT_OPERATOR_UNLOCK, AUDIT_APP_STATUS,
		};
		for (size_t i = 0; i < ARRAY_SIZE(driven); i++) {
			if (!seen[driven[i]])
				fprintf(stderr, "never audited: %s\n", audit_action_code(driven[i]));
			assert_true(seen[driven[i]] > 0);
		}
	}
	assert_int_equal(seen[AUDIT_LOGIN_FAIL], 6);
	/* the reason typed with a full ID number is stored masked */
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%110105194912310021%'",
				       NULL, -1), 0);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%110105********0021%'",
				       NULL, -1), 1);
	expect_intact(f->s);
}

/* ---- verification ------------------------------------------------------ */

static void empty_and_seeded_logs_verify(void **state)
{
	struct fx *f = *state;
	struct audit_report r;

	expect_intact(f->s);
	seed(f, 40);
	assert_true(audit_verify(f->s, NULL, &r));
	assert_int_equal(r.records, 40);
	assert_int_equal(r.last_id, 40);
	assert_int_equal(strlen(r.last_hash), 64);
	audit_report_release(&r);
}

static void appends_refuse_to_extend_a_log_without_head(void **state)
{
	struct fx *f = *state;

	seed(f, 3);
	assert_false(store_exec(f->s, "DELETE FROM audit_head"));       /* guarded */
	assert_false(store_exec(f->s, "UPDATE audit_head SET count = 2")); /* only follows appends */
	assert_false(store_exec(f->s, "INSERT INTO audit_log(id, at, actor, action, prev_hash, hash) "
				      "VALUES (9, 'x', 'x', 'x', '', '')"));  /* not after the head */
	assert_true(store_exec(f->s, "DROP TRIGGER audit_head_no_delete; DELETE FROM audit_head"));
	assert_false(store_audit(f->s, 0, "test", AUDIT_LOGIN_OK, "x", NULL));
	{
		struct audit_report r;
		assert_false(audit_verify(f->s, NULL, &r));
		assert_int_equal(r.problem, AUDIT_HEAD_MISSING);
		audit_report_release(&r);
	}
}

static void dropped_triggers_alone_are_reported(void **state)
{
	struct fx *f = *state;
	struct audit_report r;

	seed(f, 5);
	assert_true(store_exec(f->s, "DROP TRIGGER audit_log_no_update"));
	assert_false(audit_verify(f->s, NULL, &r));
	assert_int_equal(r.problem, AUDIT_PROTECTION_MISSING);
	assert_non_null(strstr(r.message, "audit_log_no_update"));
	audit_report_release(&r);
	/* a same-named trigger that no longer refuses anything */
	assert_true(store_exec(f->s, "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END"));
	assert_false(audit_verify(f->s, NULL, &r));
	assert_int_equal(r.problem, AUDIT_PROTECTION_MISSING);
	audit_report_release(&r);
}

static void messages_name_the_first_bad_record(void **state)
{
	struct fx *f = *state;
	struct audit_report r;

	seed(f, 10);
	assert_true(store_exec(f->s, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
				     "UPDATE audit_log SET detail = 'changed' WHERE id = 7;"
				     "DELETE FROM audit_log WHERE id = 4"));
	assert_false(audit_verify(f->s, NULL, &r));
	assert_int_equal(r.problem, AUDIT_MISSING_RECORD);
	assert_int_equal(r.bad_id, 4);
	assert_non_null(strstr(r.message, "#4 缺失"));
	assert_int_equal(r.records, 3);
	audit_report_release(&r);
}

static void a_recomputed_rewrite_is_caught_by_an_anchor(void **state)
{
	struct fx *f = *state;
	struct audit_report r;
	struct audit_anchor anchor;
	sqlite3_stmt *st;
	char prev[65] = "", h[65], *text;

	seed(f, 8);
	assert_true(audit_verify(f->s, NULL, &r));
	text = xasprintf("%lld:%s", r.last_id, r.last_hash);
	audit_report_release(&r);
	assert_true(audit_anchor_parse(text, &anchor));
	free(text);
	/* The attacker who knows the scheme rewrites record 3 and recomputes every
	 * later hash and the head: only an anchor kept outside the file shows it. */
	assert_true(store_exec(f->s, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_head_forward_only;"
				     "UPDATE audit_log SET detail = 'rewritten' WHERE id = 3"));
	st = store_prepare(f->s, "SELECT id, at, COALESCE(operator_id, 0), actor, action, object, detail "
				 "FROM audit_log ORDER BY id");
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *sql;
		store_audit_hash(prev, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
				 sqlite3_column_int64(st, 2), (const char *)sqlite3_column_text(st, 3),
				 (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
				 (const char *)sqlite3_column_text(st, 6), h);
		sql = xasprintf("UPDATE audit_log SET prev_hash = '%s', hash = '%s' WHERE id = %lld", prev, h,
				(long long)sqlite3_column_int64(st, 0));
		assert_true(store_exec(f->s, sql));
		free(sql);
		memcpy(prev, h, sizeof(prev));
	}
	sqlite3_finalize(st);
	text = xasprintf("UPDATE audit_head SET hash = '%s'", prev);
	assert_true(store_exec(f->s, text));
	free(text);
	assert_true(store_exec(f->s, "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
				     "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
				     "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head"
				     "  BEGIN SELECT RAISE(ABORT, 'x'); END;"));
	assert_true(audit_verify(f->s, NULL, &r));
	audit_report_release(&r);
	assert_false(audit_verify(f->s, &anchor, &r));
	assert_int_equal(r.problem, AUDIT_ANCHOR_MISMATCH);
	assert_int_equal(r.bad_id, 8);
	audit_report_release(&r);
	anchor.id = 99;
	assert_false(audit_verify(f->s, &anchor, &r));
	assert_int_equal(r.problem, AUDIT_ANCHOR_MISMATCH);
	audit_report_release(&r);
}

static void anchors_parse(void **state)
{
	struct audit_anchor a;
	char ok[128];

	(void)state;
	snprintf(ok, sizeof(ok), "12:%064d", 0);
	assert_true(audit_anchor_parse(ok, &a));
	assert_int_equal(a.id, 12);
	snprintf(ok, sizeof(ok), "#12:%064d", 0);
	assert_true(audit_anchor_parse(ok, &a));
	snprintf(ok, sizeof(ok), "0:%064d", 0);
	assert_false(audit_anchor_parse(ok, &a));
	snprintf(ok, sizeof(ok), "12:%063d", 0);
	assert_false(audit_anchor_parse(ok, &a));
	snprintf(ok, sizeof(ok), "12:%063dG", 0);
	assert_false(audit_anchor_parse(ok, &a));
	assert_false(audit_anchor_parse("12", &a));
	assert_false(audit_anchor_parse(":abc", &a));
	assert_false(audit_anchor_parse(NULL, &a));
}

/* ---- random tampering --------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the printed seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static long long rnd_in(long long lo, long long hi) /* inclusive */
{
	return lo + (long long)(rnd() % (uint64_t)(hi - lo + 1));
}

static const char *const columns[] = { "id", "at", "operator_id", "actor", "action", "object", "detail",
				       "prev_hash", "hash" };

static bool exec_ok(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* Change one byte of one column of record ID (an integer column gets one digit
 * changed, a NULL column gets a value). false when the change is impossible
 * (e.g. the new id is taken): the caller draws another tampering. */
static bool tamper_byte(sqlite3 *db, const char *table, const char *col, const char *key, long long id)
{
	char *sql = xasprintf("SELECT %s, typeof(%s) FROM %s WHERE %s = %lld", col, col, table, key, id);
	sqlite3_stmt *st;
	int type;
	unsigned char *bytes = NULL;
	int n = 0;
	bool ok;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	free(sql);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return false;
	}
	type = sqlite3_column_type(st, 0);
	if (type != SQLITE_NULL) {
		n = sqlite3_column_bytes(st, 0);
		bytes = xmalloc((size_t)n + 1);
		if (n > 0) /* a zero-length value's pointer may be NULL */
			memcpy(bytes, type == SQLITE_INTEGER ? sqlite3_column_text(st, 0)
							     : sqlite3_column_blob(st, 0), (size_t)n);
	}
	sqlite3_finalize(st);
	sql = xasprintf("UPDATE %s SET %s = ? WHERE %s = %lld", table, col, key, id);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	free(sql);
	if (type == SQLITE_NULL) {
		if (rnd() & 1)
			sqlite3_bind_int64(st, 1, rnd_in(1, 3));
		else
			sqlite3_bind_text(st, 1, "forged", -1, SQLITE_STATIC);
	} else if (type == SQLITE_INTEGER) {
		int pos = (int)rnd_in(0, n - 1);
		char d = (char)('0' + rnd_in(0, 9));

		if (bytes[pos] == '-' || bytes[pos] == d)
			d = bytes[pos] == '9' ? '8' : '9';
		bytes[pos] = (unsigned char)d;
		bytes[n] = '\0';
		sqlite3_bind_int64(st, 1, strtoll((char *)bytes, NULL, 10));
	} else if (n == 0) {
		sqlite3_bind_text(st, 1, "x", 1, SQLITE_STATIC);
	} else {
		int pos = (int)rnd_in(0, n - 1);

		bytes[pos] ^= (unsigned char)rnd_in(1, 255);
		/* mostly as text; sometimes the same bytes as a blob (only the type differs) */
		if (rnd() % 8 == 0) {
			sqlite3_bind_blob(st, 1, bytes, n, SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_text(st, 1, (char *)bytes, n, SQLITE_TRANSIENT);
		}
	}
	ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1;
	sqlite3_finalize(st);
	free(bytes);
	return ok;
}

/* Append (or put at position AT, shifting the later ids up) a forged record.
 * With a correct hash chained from the record before it, when good_hash. */
static bool forge_row(sqlite3 *db, long long n, long long at, bool good_hash)
{
	char prev[65] = "", hash[65], when[32], *sql;
	sqlite3_stmt *st;
	bool ok;

	if (at > 1) {
		sql = xasprintf("SELECT hash FROM audit_log WHERE id = %lld", at - 1);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		free(sql);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (at <= n) {
		sql = xasprintf("UPDATE audit_log SET id = id + 1000000 WHERE id >= %lld;"
				"UPDATE audit_log SET id = id - 999999 WHERE id >= 1000000", at);
		ok = exec_ok(db, sql);
		free(sql);
		if (!ok)
			return false;
	}
	clock_now_text(when);
	if (good_hash)
		store_audit_hash(prev, at, when, 1, "clerk1", "login.ok", "clerk1", NULL, hash);
	else
		snprintf(hash, sizeof(hash), "%064llx", (unsigned long long)rnd());
	sql = xasprintf("INSERT INTO audit_log(id, at, operator_id, actor, action, object, detail, prev_hash, hash) "
			"VALUES (%lld, '%s', 1, 'clerk1', 'login.ok', 'clerk1', NULL, '%s', '%s')",
			at, when, prev, hash);
	ok = exec_ok(db, sql);
	free(sql);
	return ok;
}

static bool swap_rows(sqlite3 *db, long long a, long long b)
{
	char *sql = xasprintf(
		"CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE id IN (%lld, %lld);"
		"UPDATE audit_log SET (at, operator_id, actor, action, object, detail, prev_hash, hash) = "
		"(SELECT at, operator_id, actor, action, object, detail, prev_hash, hash FROM t "
		" WHERE t.id = CASE audit_log.id WHEN %lld THEN %lld ELSE %lld END) WHERE id IN (%lld, %lld);"
		"DROP TABLE t;", a, b, a, b, a, a, b);
	bool ok = exec_ok(db, sql);

	free(sql);
	return ok;
}

enum tamper { T_BYTE, T_BYTE_LAST, T_DROP, T_DROP_LAST, T_TRUNCATE, T_SWAP, T_FORGE_END, T_FORGE_MIDDLE,
	      T_HEAD_BYTE, T__COUNT };

/* Apply one random tampering; returns the lowest record id it touched (the
 * first bad record verification must name at the latest), -1 to redraw. */
static long long tamper(sqlite3 *db, long long n, enum tamper kind)
{
	long long k = rnd_in(1, n), j;
	char *sql;
	bool ok;

	switch (kind) {
	case T_BYTE_LAST:
		k = n;
		/* fall through */
	case T_BYTE:
		return tamper_byte(db, "audit_log", columns[rnd_in(0, ARRAY_SIZE(columns) - 1)], "id", k) ? k : -1;
	case T_DROP_LAST:
		k = n;
		/* fall through */
	case T_DROP:
		sql = xasprintf("DELETE FROM audit_log WHERE id = %lld", k);
		ok = exec_ok(db, sql);
		free(sql);
		return ok ? k : -1;
	case T_TRUNCATE:
		sql = xasprintf("DELETE FROM audit_log WHERE id >= %lld", k);
		ok = exec_ok(db, sql);
		free(sql);
		return ok ? k : -1;
	case T_SWAP:
		do
			j = rnd_in(1, n);
		while (j == k);
		return swap_rows(db, k, j) ? (k < j ? k : j) : -1;
	case T_FORGE_END:
		return forge_row(db, n, n + 1, rnd() & 1) ? n + 1 : -1;
	case T_FORGE_MIDDLE: {
		/* a forged record chained correctly to the one before it cannot be
		 * told from a real one; the record it displaced (now k+1) can */
		bool good = rnd() & 1;
		return forge_row(db, n, k, good) ? (good ? k + 1 : k) : -1;
	}
	case T_HEAD_BYTE: {
		static const char *const head_cols[] = { "last_id", "count", "hash" };
		/* the head names a record after the last, or the last as bad */
		return tamper_byte(db, "audit_head", head_cols[rnd_in(0, 2)], "one", 1) ? n + 1 : -1;
	}
	case T__COUNT:
		break;
	}
	return -1;
}

/* The tampered in-memory database DB written to PATH and opened there as a
 * store, as audit_verify meets a copied file (struct store is the store's own). */
static struct store *tampered_store(sqlite3 *db, const char *path)
{
	sqlite3_int64 size;
	unsigned char *bytes = sqlite3_serialize(db, "main", &size, 0);
	FILE *fp = fopen(path, "wb");
	struct store *s;
	char *err = NULL;

	assert_non_null(bytes);
	assert_non_null(fp);
	bytes[18] = bytes[19] = 1;     /* a rollback-journal file: no -wal to look for */
	assert_int_equal(fwrite(bytes, 1, (size_t)size, fp), (size_t)size);
	assert_int_equal(fclose(fp), 0);
	sqlite3_free(bytes);
	s = store_open_readonly(path, &err);
	if (!s)
		fail_msg("%s", err);
	return s;
}

static void every_random_tampering_is_detected(void **state)
{
	struct fx *f = *state;
	const long long n = 120;
	/* make check: 1000 (seconds under ASan); make fuzz runs 50000 */
	const char *ntrials = getenv("AUDIT_TEST_TRIALS");
	const int trials = ntrials && atoi(ntrials) > 0 ? atoi(ntrials) : 1000;
	sqlite3_int64 size;
	unsigned char *image;
	char **guards = NULL;
	int nguards = 0, done = 0, per_kind[T__COUNT] = { 0 };
	sqlite3_stmt *st;
	const char *env = getenv("AUDIT_TEST_SEED");
	char *copy_path = xasprintf("%s/tampered.db", f->dir);

	uint64_t seed_value = env ? strtoull(env, NULL, 10) : (uint64_t)time(NULL);

	rng_state = seed_value ? seed_value : 88172645463325252ULL;
	printf("# random tampering seed %llu (AUDIT_TEST_SEED=… to repeat)\n", (unsigned long long)seed_value);
	seed(f, (int)n);
	expect_intact(f->s);
	/* the triggers, to drop before and restore after each tampering: an
	 * attacker with the file does the same, so detection must come from the chain */
	st = store_prepare(f->s, "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
				 "AND tbl_name IN ('audit_log', 'audit_head')");
	while (sqlite3_step(st) == SQLITE_ROW) {
		guards = xrealloc(guards, sizeof(*guards) * (size_t)(nguards + 1));
		guards[nguards++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	assert_int_equal(nguards, 5);
	/* the store's database as it is on disk, read by a connection of our own */
	{
		sqlite3 *src;

		assert_int_equal(sqlite3_open_v2(store_path(f->s), &src, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		image = sqlite3_serialize(src, "main", &size, 0);
		sqlite3_close(src);
	}
	assert_non_null(image);

	while (done < trials) {
		sqlite3 *db;
		unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)size);
		struct store *copy_store;
		struct audit_report r;
		enum tamper kind = (enum tamper)rnd_in(0, T__COUNT - 1);
		long long touched;

		memcpy(copy, image, (size_t)size);
		assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
		assert_int_equal(sqlite3_deserialize(db, "main", copy, size, size,
						     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE),
				 SQLITE_OK);
		assert_true(exec_ok(db, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
					"DROP TRIGGER audit_log_append_at_head; DROP TRIGGER audit_head_no_delete;"
					"DROP TRIGGER audit_head_forward_only"));
		touched = tamper(db, n, kind);
		if (touched < 0) {
			sqlite3_close(db);
			continue;
		}
		for (int g = 0; g < nguards; g++)
			assert_true(exec_ok(db, guards[g]));
		copy_store = tampered_store(db, copy_path);
		if (audit_verify(copy_store, NULL, &r)) {
			fprintf(stderr, "undetected: kind %d, record %lld (seed %llu, trial %d)\n", kind, touched,
				(unsigned long long)seed_value, done);
			fail();
		}
		assert_true(r.problem != AUDIT_PROTECTION_MISSING && r.problem != AUDIT_DB_ERROR);
		assert_non_null(r.message);
		/* the first bad record named is at or before the first one touched;
		 * a head of the wrong type is named as such */
		if (r.problem == AUDIT_HEAD_MISSING && kind == T_HEAD_BYTE)
			r.bad_id = touched;
		if (r.bad_id < 1 || r.bad_id > touched)
			fprintf(stderr, "kind %d touched %lld, named %lld: %s\n", kind, touched, r.bad_id, r.message);
		assert_true(r.bad_id >= 1 && r.bad_id <= touched);
		audit_report_release(&r);
		store_close(copy_store);
		sqlite3_close(db);
		per_kind[kind]++;
		done++;
	}
	for (int k = 0; k < T__COUNT; k++)
		assert_true(per_kind[k] > trials / T__COUNT / 2);
	for (int g = 0; g < nguards; g++)
		free(guards[g]);
	free(guards);
	sqlite3_free(image);
	free(copy_path);
}

/* ---- queries and output -------------------------------------------------- */

struct collect {
	int n;
	long long ids[64];
	struct strbuf out;
};

static void collect_fn(const struct audit_record *rec, void *ud)
{
	struct collect *c = ud;
	char *line = audit_format(rec);

	if (c->n < 64)
		c->ids[c->n] = rec->id;
	c->n++;
	sb_adds(&c->out, line);
	sb_addc(&c->out, '\n');
	free(line);
}

static int query(struct store *s, const struct audit_filter *flt, struct collect *c)
{
	char *err = NULL;
	long n;

	c->n = 0;
	sb_reset(&c->out);
	n = audit_query(s, flt, collect_fn, c, &err);
	if (n < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
	}
	return (int)n;
}

static void show_filters_by_time_operator_action_object_and_limit(void **state)
{
	struct fx *f = *state;
	struct collect c = { 0 };
	struct audit_filter flt = { 0 };
	long long clerk = add_op(f, "clerk1", ROLE_CLERK);
	char *err = NULL;

	sb_init(&c.out);
	assert_true(store_audit(f->s, clerk, "clerk1", AUDIT_LOGIN_OK, "clerk1", NULL));
	assert_true(store_audit(f->s, 0, "sync", AUDIT_APP_STATUS, "app:3", "queued -> synced"));
	assert_true(store_audit(f->s, clerk, "clerk1", AUDIT_APP_STATUS, "app:3", "draft -> pending"));
	/* backdate the first three records of this test: operator.add, login.ok, sync */
	assert_true(store_exec(f->s, "DROP TRIGGER audit_log_no_update;"
				     "UPDATE audit_log SET at = '2026-01-05 09:00:00' WHERE id <= 2;"
				     "UPDATE audit_log SET at = '2026-01-06 23:59:59' WHERE id = 3"));

	assert_int_equal(query(f->s, &flt, &c), 4);
	flt.limit = 2;
	assert_int_equal(query(f->s, &flt, &c), 2);
	assert_int_equal(c.ids[0], 3); /* the newest two, oldest first */
	assert_int_equal(c.ids[1], 4);
	flt.limit = 0;
	flt.to = "2026-01-06";
	assert_int_equal(query(f->s, &flt, &c), 3); /* a bare date includes the whole day */
	flt.from = "2026-01-06";
	assert_int_equal(query(f->s, &flt, &c), 1);
	flt.from = "2026-01-05 09:00";
	flt.to = "2026-01-05 09:00";
	assert_int_equal(query(f->s, &flt, &c), 2);
	flt.from = flt.to = NULL;
	flt.operator_login = "clerk1";
	assert_int_equal(query(f->s, &flt, &c), 2);
	flt.operator_login = "sync";      /* a process, by its actor name */
	assert_int_equal(query(f->s, &flt, &c), 1);
	flt.operator_login = NULL;
	flt.action = "app";               /* a group */
	assert_int_equal(query(f->s, &flt, &c), 2);
	flt.action = "login.ok";
	assert_int_equal(query(f->s, &flt, &c), 1);
	flt.action = NULL;
	flt.object = "app:3";
	assert_int_equal(query(f->s, &flt, &c), 2);
	assert_non_null(strstr(c.out.s, "draft -> pending"));
	flt.object = NULL;
	flt.action = "nosuch";
	assert_int_equal(audit_query(f->s, &flt, collect_fn, &c, &err), -1);
	assert_non_null(strstr(err, "nosuch"));
	free(err);
	flt.action = NULL;
	flt.from = "2026-13-01";
	assert_int_equal(audit_query(f->s, &flt, collect_fn, &c, &err), -1);
	free(err);
	assert_true(audit_time_ok("2026-11-25"));
	assert_true(audit_time_ok("2026-11-25 08:30"));
	assert_true(audit_time_ok("2026-11-25T08:30:15"));
	assert_false(audit_time_ok("2026-11-25 24:00"));
	assert_false(audit_time_ok("25.11.2026"));
	sb_release(&c.out);
}

static void show_never_prints_a_sensitive_value_in_full(void **state)
{
	struct fx *f = *state;
	struct collect c = { 0 };
	struct audit_filter flt = { 0 };
	static const char *const full[] = { "11010519491231002X", "13800138000", "6222020200001234567",
					    "zhang.san@example.com" };
	struct audit_record rec = { .id = 9, .at = "2026-11-25 10:00:00", .actor = "13800138000",
				    .action = "login.fail", .object = "11010519491231002X",
				    .detail = "账号 6222 0202 0000 1234 567 邮箱 zhang.san@example.com \x1b[31m红" };
	char *line;

	sb_init(&c.out);
	/* straight into the table (as an older program or a caller that forgot
	 * to mask might have): the printed line is masked all the same */
	line = audit_format(&rec);
	for (size_t i = 0; i < ARRAY_SIZE(full); i++)
		assert_null(strstr(line, full[i]));
	assert_non_null(strstr(line, "110105********002X"));
	assert_non_null(strstr(line, "138****8000"));
	assert_non_null(strstr(line, "***************4567"));
	assert_non_null(strstr(line, "z***@example.com"));
	assert_null(strchr(line, '\x1b'));
	free(line);
	/* through store_audit: stored masked already */
	assert_true(store_audit(f->s, 0, "11010519491231002X", AUDIT_LOGIN_FAIL, "11010519491231002X",
				"手机 13800138000"));
	assert_int_equal(query(f->s, &flt, &c), 1);
	for (size_t i = 0; i < ARRAY_SIZE(full); i++)
		assert_null(strstr(c.out.s, full[i]));
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE actor || object || detail "
					     "LIKE '%11010519491231002X%' OR detail LIKE '%13800138000%'", NULL, -1), 0);
	expect_intact(f->s);
	sb_release(&c.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vocabulary_round_trips_and_groups),
		cmocka_unit_test_setup_teardown(logins_locks_operators_and_status_changes_are_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_and_seeded_logs_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(appends_refuse_to_extend_a_log_without_head, setup, teardown),
		cmocka_unit_test_setup_teardown(dropped_triggers_alone_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(messages_name_the_first_bad_record, setup, teardown),
		cmocka_unit_test_setup_teardown(a_recomputed_rewrite_is_caught_by_an_anchor, setup, teardown),
		cmocka_unit_test(anchors_parse),
		cmocka_unit_test_setup_teardown(every_random_tampering_is_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(show_filters_by_time_operator_action_object_and_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(show_never_prints_a_sensitive_value_in_full, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
