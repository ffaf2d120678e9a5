/* test_store.c - opening, migrating and protecting the branch database. */
#include "testutil.h"

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
	assert_true(store_audit(s, 0, "test", "login.ok", "obj", "one"));
	assert_true(store_audit(s, 0, "test", "session.logout", NULL, NULL));
	assert_true(store_audit(s, 0, "test", "screen.lock", "obj", "three"));
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
		store_audit(s, 0, "test", "no.such.action", NULL, NULL);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
