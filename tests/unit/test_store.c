/* test_store.c - opening, migrating and protecting the branch database. */
#include "testutil.h"
#include "core/clock.h"
#include "store/audit.h"
#include "store/schema.h"

#include <sqlite3.h>

#include <sys/stat.h>
#include <sys/wait.h>

static void creates_file_0600_and_migrates(void **state)
{
	char *dir = tu_tmpdir();
	struct conf *c = tu_conf(dir);
	struct store *s = tu_store(c);
	struct stat sb;

	(void)state;
	assert_int_equal(stat(conf_str(c, "store.database"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(store_schema_version(s) >= 1);
	assert_int_equal(store_get_int(s, "PRAGMA foreign_keys", NULL, -1), 1);
	assert_int_equal(store_get_int(s, "PRAGMA synchronous", NULL, -1), 2);
	{
		char *mode = store_get_text(s, "PRAGMA journal_mode", NULL);
		assert_string_equal(mode, store_wal_safe() ? "wal" : "delete");
		free(mode);
	}
	store_close(s);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

static void refuses_newer_database(void **state)
{
	char *dir = tu_tmpdir(), *err = NULL;
	struct conf *c = tu_conf(dir);
	struct store *s = tu_store(c);

	(void)state;
	assert_true(store_exec(s, "PRAGMA user_version = 9999"));
	store_close(s);
	s = store_open(c, STORE_CREATE, &err);
	assert_null(s);
	assert_non_null(strstr(err, "升级 certdesk"));
	free(err);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

static void reports_corrupt_file_without_touching_it(void **state)
{
	char *dir = tu_tmpdir(), *err = NULL;
	struct conf *c = tu_conf(dir);
	const char *path = conf_str(c, "store.database");
	const char junk[] = "this is not a database, it is a clerk's shopping list\n";
	FILE *f = fopen(path, "w");
	char *after;
	size_t len;

	(void)state;
	for (int i = 0; i < 200; i++)
		fputs(junk, f);
	fclose(f);
	assert_null(store_open(c, STORE_CREATE, &err));
	assert_non_null(strstr(err, "损坏"));
	after = file_read_all(path, &len);
	assert_int_equal(len, 200 * strlen(junk));
	assert_memory_equal(after, junk, strlen(junk));
	free(after);
	free(err);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

static void missing_without_create_flag(void **state)
{
	char *dir = tu_tmpdir(), *err = NULL;
	struct conf *c = tu_conf(dir);

	(void)state;
	assert_null(store_open(c, 0, &err));
	assert_non_null(strstr(err, "不存在"));
	free(err);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

static void audit_chain_links_records(void **state)
{
	char *dir = tu_tmpdir();
	struct conf *c = tu_conf(dir);
	struct store *s = tu_store(c);
	sqlite3_stmt *st;
	char prev[65] = "";
	int n = 0;

	(void)state;
	assert_true(store_audit(s, 0, "test", AUDIT_LOGIN_OK, "obj", "one"));
	assert_true(store_audit(s, 0, "test", AUDIT_SESSION_LOGOUT, NULL, NULL));
	assert_true(store_audit(s, 0, "test", AUDIT_SCREEN_LOCK, "obj", "three"));
	st = store_prepare(s, "SELECT id, at, COALESCE(operator_id,0), actor, action, object, detail, prev_hash, hash "
			      "FROM audit_log ORDER BY id");
	while (sqlite3_step(st) == SQLITE_ROW) {
		char h[65];
		assert_string_equal((const char *)sqlite3_column_text(st, 7), prev);
		store_audit_hash(prev, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
				 sqlite3_column_int64(st, 2), (const char *)sqlite3_column_text(st, 3),
				 (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
				 (const char *)sqlite3_column_text(st, 6), h);
		assert_string_equal((const char *)sqlite3_column_text(st, 8), h);
		memcpy(prev, h, sizeof(prev));
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 3);
	/* append-only: the triggers refuse updates and deletes */
	assert_false(store_exec(s, "UPDATE audit_log SET detail = 'x' WHERE id = 1"));
	assert_false(store_exec(s, "DELETE FROM audit_log WHERE id = 1"));
	store_close(s);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

static void audit_refuses_an_action_outside_the_vocabulary(void **state)
{
	char *dir = tu_tmpdir();
	struct conf *c = tu_conf(dir);
	struct store *s = tu_store(c);
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	if (pid == 0) {
		fclose(stderr);       /* the child's die() message is expected */
		store_audit(s, 0, "test", (enum audit_action)AUDIT__COUNT, NULL, NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	assert_int_equal(store_get_int(s, "SELECT COUNT(*) FROM audit_log", NULL, -1), 0);
	tu_close(dir, c, s);
}

static void nested_transactions_join_outermost(void **state)
{
	char *dir = tu_tmpdir();
	struct conf *c = tu_conf(dir);
	struct store *s = tu_store(c);

	(void)state;
	assert_true(store_begin(s));
	assert_true(store_begin(s));
	assert_true(store_state_set(s, "k", "v"));
	assert_true(store_commit(s));
	store_rollback(s);
	{
		char *v = store_state_get(s, "k");
		assert_null(v);
	}
	assert_true(store_begin(s));
	assert_true(store_state_set(s, "k", "w"));
	assert_true(store_commit(s));
	{
		char *v = store_state_get(s, "k");
		assert_string_equal(v, "w");
		free(v);
	}
	store_close(s);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

/* A second connection to the same file: what another terminal reads. */
static char *other_get(const struct conf *c, const char *key)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(sqlite3_open_v2(conf_str(c, "store.database"), &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM sync_state WHERE key = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* What another terminal reads for KEY: WANT, or no row when WANT is NULL. */
static void assert_other(const struct conf *c, const char *key, const char *want)
{
	char *v = other_get(c, key);

	if (want)
		assert_string_equal(v, want);
	else
		assert_null(v);
	free(v);
}

/* One unit of work that sets KEY, ended by commit_later. */
static void set_later(struct store *s, const char *key, const char *value)
{
	assert_true(store_begin(s));
	assert_true(store_state_set(s, key, value));
	assert_true(store_commit_later(s));
}

static void watcher(void *ud)
{
	(*(int *)ud)++;
}

static void deferred_commit_waits_for_flush(void **state)
{
	char *dir, *v;
	struct conf *c;
	struct store *s;

	(void)state;
	tu_open(&dir, &c, &s);
	/* off (the commands): commit_later is a commit */
	set_later(s, "k", "1");
	assert_false(store_pending(s));
	assert_other(c, "k", "1");

	/* on (the TUI): the work is visible here at once, elsewhere after the flush */
	store_defer(s, true);
	set_later(s, "k", "2");
	assert_true(store_pending(s));
	v = store_state_get(s, "k");
	assert_string_equal(v, "2");
	free(v);
	assert_other(c, "k", "1");
	assert_true(store_flush(s));
	assert_false(store_pending(s));
	assert_other(c, "k", "2");
	assert_null(store_take_lost(s));
	tu_close(dir, c, s);
}

static void a_unit_inside_a_deferred_commit_rolls_back_alone(void **state)
{
	char *dir, *v;
	struct conf *c;
	struct store *s;

	(void)state;
	tu_open(&dir, &c, &s);
	store_defer(s, true);
	set_later(s, "a", "kept");
	/* the next unit fails: only its own work goes */
	assert_true(store_begin(s));
	assert_true(store_state_set(s, "b", "gone"));
	store_rollback(s);
	assert_true(store_pending(s));
	v = store_state_get(s, "b");
	assert_null(v);
	/* a unit committed at once (store_commit) commits the deferred work too */
	assert_true(store_begin(s));
	assert_true(store_state_set(s, "c", "now"));
	assert_true(store_commit(s));
	assert_false(store_pending(s));
	assert_other(c, "a", "kept");
	assert_other(c, "c", "now");
	assert_other(c, "b", NULL);
	tu_close(dir, c, s);
}

static void a_failed_flush_is_lost_and_told(void **state)
{
	char *dir, *v, *why;
	struct conf *c;
	struct store *s;
	int calls = 0, other = 0;

	(void)state;
	tu_open(&dir, &c, &s);
	store_watch_lost(s, watcher, &calls);
	store_watch_lost(s, watcher, &other);
	store_unwatch_lost(s, &other);
	store_defer(s, true);
	assert_true(store_begin(s));
	assert_true(store_state_set(s, "k", "doomed"));
	/* a foreign key checked at COMMIT: the commit itself fails */
	assert_true(store_exec(s, "PRAGMA defer_foreign_keys = ON"));
	assert_true(store_exec(s, "INSERT INTO status_history(app_id, from_status, to_status, actor, at) "
				  "VALUES (424242, 'draft', 'pending', 'x', '2026-11-25 00:00:00')"));
	assert_true(store_commit_later(s));
	assert_int_equal(calls, 0);
	assert_false(store_flush(s));
	assert_int_equal(calls, 1);
	assert_int_equal(other, 0);
	assert_false(store_pending(s));
	why = store_take_lost(s);
	assert_non_null(why);
	assert_non_null(strstr(why, "数据不一致"));
	free(why);
	assert_null(store_take_lost(s));
	v = store_state_get(s, "k");
	assert_null(v);
	/* and the store goes on */
	set_later(s, "k", "fine");
	assert_true(store_flush(s));
	assert_other(c, "k", "fine");
	tu_close(dir, c, s);
}

static void close_flushes_a_deferred_commit(void **state)
{
	char *dir;
	struct conf *c;
	struct store *s;

	(void)state;
	tu_open(&dir, &c, &s);
	store_defer(s, true);
	set_later(s, "k", "at close");
	store_close(s);
	assert_other(c, "k", "at close");
	tu_close(dir, c, NULL);
}

/* Another terminal's write, not waiting for locks: its SQLite result. */
static int other_set(const struct conf *c, const char *key, const char *value)
{
	sqlite3 *db;
	char *sql = sqlite3_mprintf("INSERT OR REPLACE INTO sync_state(key, value) VALUES (%Q, %Q)", key, value);
	int rc;

	assert_int_equal(sqlite3_open_v2(conf_str(c, "store.database"), &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	sqlite3_close(db);
	return rc;
}

static void a_read_scope_is_one_read_transaction(void **state)
{
	char *dir, *v;
	struct conf *c;
	struct store *s;

	(void)state;
	tu_open(&dir, &c, &s);
	assert_true(store_state_set(s, "k", "1"));
	store_read_begin(s);
	store_read_begin(s);                               /* nested */
	v = store_state_get(s, "k");
	assert_string_equal(v, "1");
	free(v);
	store_read_end(s);
	/* still one snapshot: the read lock is held, another writer cannot commit */
	assert_int_equal(other_set(c, "k", "2"), SQLITE_BUSY);
	store_read_end(s);
	assert_int_equal(other_set(c, "k", "2"), SQLITE_OK);
	v = store_state_get(s, "k");
	assert_string_equal(v, "2");
	free(v);
	/* a write inside a read scope ends the snapshot and commits as usual */
	store_read_begin(s);
	assert_true(store_begin(s));
	assert_true(store_state_set(s, "k", "3"));
	assert_true(store_commit(s));
	store_read_end(s);
	assert_other(c, "k", "3");
	assert_int_equal(other_set(c, "k", "4"), SQLITE_OK);
	/* inside a write transaction it does nothing */
	assert_true(store_begin(s));
	store_read_begin(s);
	assert_true(store_state_set(s, "k", "5"));
	store_read_end(s);
	assert_true(store_commit(s));
	assert_other(c, "k", "5");
	tu_close(dir, c, s);
}

static void bookkeeping_runs_with_the_next_flush(void **state)
{
	char *dir, *v;
	struct conf *c;
	struct store *s;

	(void)state;
	tu_open(&dir, &c, &s);
	/* not deferring: at once */
	assert_true(store_exec_later(s, sqlite3_mprintf("INSERT INTO sync_state(key, value) VALUES (%Q, %Q)", "a", "1")));
	assert_other(c, "a", "1");
	/* deferring: with the next flush, in its commit */
	store_defer(s, true);
	assert_true(store_exec_later(s, sqlite3_mprintf("INSERT INTO sync_state(key, value) VALUES (%Q, %Q)", "b", "2")));
	v = store_state_get(s, "b");
	assert_null(v);
	assert_true(store_flush(s));
	assert_false(store_pending(s));
	assert_other(c, "b", "2");
	/* a failing one is dropped, the rest goes on */
	assert_true(store_exec_later(s, sqlite3_mprintf("INSERT INTO no_such_table VALUES (1)")));
	assert_true(store_exec_later(s, sqlite3_mprintf("INSERT INTO sync_state(key, value) VALUES ('c', '3')")));
	assert_true(store_flush(s));
	assert_other(c, "c", "3");
	/* and closing flushes it */
	assert_true(store_exec_later(s, sqlite3_mprintf("INSERT INTO sync_state(key, value) VALUES ('d', '4')")));
	store_close(s);
	assert_other(c, "d", "4");
	tu_close(dir, c, NULL);
}

static void cached_statements_are_reused_and_reset(void **state)
{
	char *dir;
	struct conf *c;
	struct store *s;
	sqlite3_stmt *a, *b;

	(void)state;
	tu_open(&dir, &c, &s);
	a = store_cached(s, "SELECT ?1 + 1");
	sqlite3_bind_int(a, 1, 41);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 42);
	/* left mid-way: the next use gets it reset and unbound */
	b = store_cached(s, "SELECT ?1 + 1");
	assert_ptr_equal(a, b);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(b, 0), SQLITE_NULL);
	sqlite3_reset(b);
	/* far more statements than slots: the oldest are replaced, all still answer */
	for (int i = 0; i < 1200; i++) {
		char *sql = xasprintf("SELECT %d", i);
		sqlite3_stmt *st = store_cached(s, sql);

		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), i);
		sqlite3_reset(st);
		free(sql);
	}
	assert_int_equal(store_get_int(s, "SELECT 7", NULL, -1), 7);
	tu_close(dir, c, s);
}

/* A legacy audit record (the time without offset, as before schema 8),
 * chained and at the head, written past the store as an old certdesk did. */
static void legacy_audit(sqlite3 *db, long long id, const char *at, char prev[65])
{
	char hash[65], *sql;

	store_audit_hash(prev, id, at, 0, "test", "login.ok", "clerk1", NULL, hash);
	sql = sqlite3_mprintf("INSERT INTO audit_log(id, at, actor, action, object, prev_hash, hash)"
			      " VALUES (%lld, %Q, 'test', 'login.ok', 'clerk1', %Q, %Q);"
			      "UPDATE audit_head SET last_id = %lld, count = count + 1, hash = %Q WHERE one = 1;",
			      id, at, prev, hash, id, hash);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(sql);
	memcpy(prev, hash, 65);
}

static void count_record(const struct audit_record *rec, void *ud)
{
	(void)rec;
	(*(long *)ud)++;
}

/* Migration 8: a database of schema 7 with times "YYYY-MM-DD HH:MM:SS"
 * (branch-local) reads back RFC 3339 with the branch's offset, whatever the
 * host's TZ; the audit chain keeps its old records and still verifies. */
static void migration_gives_stored_times_their_offset(void **state)
{
	char *dir = tu_tmpdir(), *err = NULL, prev[65] = "";
	struct conf *c = tu_conf(dir);
	const char *path = conf_str(c, "store.database");
	struct audit_report r;
	struct audit_filter af = { .from = "2026-11-25" };
	struct store *s;
	sqlite3 *db;
	long n = 0;

	(void)state;
	setenv("TZ", "UTC", 1);
	unsetenv("CERTDESK_NOW");
	assert_true(clock_init("Asia/Shanghai", &err));
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (int i = 0; i < 7; i++)
		assert_int_equal(sqlite3_exec(db, store_migrations[i], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"PRAGMA user_version = 7;"
		"INSERT INTO operators(id, login, display_name, role, pw_hash, locked_at, created_at, updated_at)"
		"  VALUES (1, 'clerk1', '柜员', 'clerk', 'x', NULL, '2026-11-24 09:00:00', '2026-11-24 23:45:00');"
		"INSERT INTO applications(id, app_no, status, created_by, created_at, updated_at, paid_at, revision)"
		"  VALUES (1, '261125000100000427', 'pending', 1, '2026-11-25 07:30:00', '2026-11-25 07:31:02',"
		"  '2026-11-25 07:31:00', 3);"
		"INSERT INTO status_history(app_id, to_status, actor, at) VALUES (1, 'draft', 'clerk1', '2026-11-25 07:30:00');"
		"INSERT INTO attachments(app_id, kind, name, mime, size, sha256, content, created_at)"
		"  VALUES (1, 'license_scan', 'a.jpg', 'image/jpeg', 3, 'aa', x'ffd8ff', '2026-11-25 07:30:30');"
		"INSERT INTO prints(app_id, at, sha256, data_hash) VALUES (1, '2026-11-25 07:30:10', 'p', 'd');"
		"INSERT INTO outbox(app_id, kind, created_at) VALUES (1, 'submit', '2026-11-25 07:31:02');"
		"INSERT INTO sync_state(key, value) VALUES ('last_run', '2026-11-25 07:32:00'),"
		"  ('feed_cursor', '2026-11-25 07:32:00');",
		NULL, NULL, NULL), SQLITE_OK);
	legacy_audit(db, 1, "2026-11-24 23:59:00", prev);
	legacy_audit(db, 2, "2026-11-25 07:30:00", prev);
	sqlite3_close(db);

	s = tu_store(c);
	assert_int_equal(store_schema_version(s), store_migration_count);
	assert_true(store_migration_count >= 8);
	{
		static const char *const want[][2] = {
			{ "SELECT created_at FROM operators", "2026-11-24T09:00:00+08:00" },
			{ "SELECT updated_at FROM operators", "2026-11-24T23:45:00+08:00" },
			{ "SELECT created_at FROM applications", "2026-11-25T07:30:00+08:00" },
			{ "SELECT updated_at FROM applications", "2026-11-25T07:31:02+08:00" },
			{ "SELECT paid_at FROM applications", "2026-11-25T07:31:00+08:00" },
			{ "SELECT at FROM status_history", "2026-11-25T07:30:00+08:00" },
			{ "SELECT created_at FROM attachments", "2026-11-25T07:30:30+08:00" },
			{ "SELECT at FROM prints", "2026-11-25T07:30:10+08:00" },
			{ "SELECT created_at FROM outbox", "2026-11-25T07:31:02+08:00" },
			{ "SELECT value FROM sync_state WHERE key = 'last_run'", "2026-11-25T07:32:00+08:00" },
			/* not a time of ours: left alone */
			{ "SELECT value FROM sync_state WHERE key = 'feed_cursor'", "2026-11-25 07:32:00" },
			/* the hash covers the time: old audit records keep theirs */
			{ "SELECT at FROM audit_log WHERE id = 2", "2026-11-25 07:30:00" },
		};
		for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
			char *v = store_get_text(s, want[i][0], NULL);
			assert_non_null(v);
			assert_string_equal(v, want[i][1]);
			free(v);
		}
	}
	assert_null(store_get_text(s, "SELECT locked_at FROM operators", NULL));
	/* the rewrite is not an edit, and the triggers are back as they were */
	assert_int_equal(store_get_int(s, "SELECT revision FROM applications", NULL, -1), 3);
	assert_false(store_exec(s, "UPDATE attachments SET created_at = 'x'"));
	assert_true(store_exec(s, "UPDATE applications SET updated_at = '2026-11-25T08:00:00+08:00'"));
	assert_int_equal(store_get_int(s, "SELECT revision FROM applications", NULL, -1), 4);
	/* the chain: old records, then a new one in the new form */
	assert_true(store_audit(s, 0, "test", AUDIT_LOGIN_OK, "clerk1", NULL));
	{
		char *at = store_get_text(s, "SELECT at FROM audit_log WHERE id = 3", NULL);
		assert_int_equal(strlen(at), CLOCK_TEXT - 1);
		assert_string_equal(at + 19, "+08:00");
		free(at);
	}
	assert_true(audit_verify(s, NULL, &r));
	assert_int_equal(r.records, 3);
	audit_report_release(&r);
	/* a day's filter takes both forms: record 2 (old) and 3 (new), not 1 */
	assert_int_equal(audit_query(s, &af, count_record, &n, &err), 2);
	assert_null(err);
	store_close(s);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(creates_file_0600_and_migrates),
		cmocka_unit_test(refuses_newer_database),
		cmocka_unit_test(reports_corrupt_file_without_touching_it),
		cmocka_unit_test(missing_without_create_flag),
		cmocka_unit_test(audit_chain_links_records),
		cmocka_unit_test(audit_refuses_an_action_outside_the_vocabulary),
		cmocka_unit_test(nested_transactions_join_outermost),
		cmocka_unit_test(deferred_commit_waits_for_flush),
		cmocka_unit_test(a_unit_inside_a_deferred_commit_rolls_back_alone),
		cmocka_unit_test(a_failed_flush_is_lost_and_told),
		cmocka_unit_test(close_flushes_a_deferred_commit),
		cmocka_unit_test(cached_statements_are_reused_and_reset),
		cmocka_unit_test(a_read_scope_is_one_read_transaction),
		cmocka_unit_test(bookkeeping_runs_with_the_next_flush),
		cmocka_unit_test(migration_gives_stored_times_their_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
