/* test_operator.c - operator accounts: hashing, policy, lockout, auditing. */
#include "testutil.h"

#include "store/operator.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *err = NULL;

	f->dir = tu_tmpdir();
	f->c = tu_conf(f->dir);
	conf_set(f->c, "security.lockout_attempts", "3", &err);
	f->s = tu_store(f->c);
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

static void password_policy(void **state)
{
	(void)state;
	assert_non_null(operator_password_policy("short1"));
	assert_non_null(operator_password_policy("onlyletters"));
	assert_non_null(operator_password_policy("1234567890"));
	assert_null(operator_password_policy("counter2026"));
}

static void add_login_and_hash_is_argon2id(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *hash;
	struct operator op;

	assert_true(operator_add(f->s, f->c, "wang", "王小明", ROLE_CLERK, "counter2026", &err));
	hash = store_get_text(f->s, "SELECT pw_hash FROM operators WHERE login = ?", "wang");
	assert_true(str_startswith(hash, "$argon2id$"));
	assert_null(strstr(hash, "counter2026"));
	free(hash);
	assert_int_equal(operator_login(f->s, f->c, "wang", "counter2026", &op), LOGIN_OK);
	assert_string_equal(op.display_name, "王小明");
	assert_int_equal(op.role, ROLE_CLERK);
	assert_true(op.must_change_pw);
	operator_release(&op);
	assert_int_equal(operator_login(f->s, f->c, "wang", "wrong-pass1", &op), LOGIN_BAD);
	assert_int_equal(operator_login(f->s, f->c, "nobody", "counter2026", &op), LOGIN_BAD);
	assert_false(operator_add(f->s, f->c, "wang", "重复", ROLE_CLERK, "counter2026", &err));
	assert_non_null(strstr(err, "已存在"));
	free(err);
	assert_false(operator_add(f->s, f->c, "Bad Name", "x", ROLE_CLERK, "counter2026", &err));
	free(err);
}

static void lockout_after_failures_and_admin_unlock(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	struct operator op;

	assert_true(operator_add(f->s, f->c, "li", "李四", ROLE_SUPERVISOR, "counter2026", &err));
	assert_int_equal(operator_login(f->s, f->c, "li", "bad1bad1", &op), LOGIN_BAD);
	assert_int_equal(operator_login(f->s, f->c, "li", "bad1bad1", &op), LOGIN_BAD);
	assert_int_equal(operator_login(f->s, f->c, "li", "bad1bad1", &op), LOGIN_LOCKED);
	/* locked: even the right password is refused */
	assert_int_equal(operator_login(f->s, f->c, "li", "counter2026", &op), LOGIN_LOCKED);
	assert_true(operator_set_locked(f->s, "li", false, &err));
	assert_int_equal(operator_login(f->s, f->c, "li", "counter2026", &op), LOGIN_OK);
	operator_release(&op);
	assert_true(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE action = 'login.fail'", NULL, 0) == 3);
	assert_true(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE action = 'operator.lock'", NULL, 0) == 1);
	assert_false(operator_set_locked(f->s, "ghost", true, &err));
	assert_non_null(strstr(err, "ghost"));
	free(err);
}

static void passwd_changes_and_clears_flag(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	struct operator op;

	assert_true(operator_add(f->s, f->c, "zhao", "赵六", ROLE_ADMIN, "counter2026", &err));
	assert_false(operator_passwd(f->s, f->c, "zhao", "weak", false, &err));
	free(err);
	assert_true(operator_passwd(f->s, f->c, "zhao", "newpass2027", false, &err));
	assert_int_equal(operator_login(f->s, f->c, "zhao", "counter2026", &op), LOGIN_BAD);
	assert_int_equal(operator_login(f->s, f->c, "zhao", "newpass2027", &op), LOGIN_OK);
	assert_false(op.must_change_pw);
	operator_release(&op);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(password_policy),
		cmocka_unit_test_setup_teardown(add_login_and_hash_is_argon2id, setup, teardown),
		cmocka_unit_test_setup_teardown(lockout_after_failures_and_admin_unlock, setup, teardown),
		cmocka_unit_test_setup_teardown(passwd_changes_and_clears_flag, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
