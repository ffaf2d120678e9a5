/* operator.c - operator accounts: argon2id hashes, lockout, login auditing. */
#include "core/clock.h"
#include "store/store_impl.h"
#include "store/operator.h"
#include "store/store.h"
#include "core/conf.h"
#include "core/util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *code, *name;
} roles[] = {
	[ROLE_CLERK] = { "clerk", "柜员" },
	[ROLE_SUPERVISOR] = { "supervisor", "主管" },
	[ROLE_ADMIN] = { "admin", "管理员" },
};

const char *role_code(enum role r)
{
	return roles[r].code;
}

const char *role_name(enum role r)
{
	return roles[r].name;
}

int role_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (!strcmp(s, roles[i].code) || !strcmp(s, roles[i].name))
			return (int)i;
	return -1;
}

const char *operator_password_policy(const char *pw)
{
	bool letter = false, digit = false;
	size_t n = strlen(pw);

	if (n < 8)
		return "密码至少 8 个字符";
	if (n > 128)
		return "密码不能超过 128 个字符";
	for (const char *p = pw; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			letter = true;
		else if (*p >= '0' && *p <= '9')
			digit = true;
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "密码不能含控制字符";
	}
	if (!letter || !digit)
		return "密码须同时包含字母和数字";
	return NULL;
}

static bool hash_password(const struct conf *c, const char *pw, char out[crypto_pwhash_STRBYTES])
{
	unsigned long long ops = c ? (unsigned long long)conf_int(c, "security.pwhash_opslimit") : 0;
	size_t mem = c ? (size_t)conf_int(c, "security.pwhash_memlimit") : 0;

	if (!ops)
		ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	if (!mem)
		mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (ops < crypto_pwhash_OPSLIMIT_MIN)
		ops = crypto_pwhash_OPSLIMIT_MIN;
	if (mem < crypto_pwhash_MEMLIMIT_MIN)
		mem = crypto_pwhash_MEMLIMIT_MIN;
	return crypto_pwhash_str_alg(out, pw, strlen(pw), ops, mem, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

static bool valid_login(const char *login)
{
	size_t n = strlen(login);

	if (n < 2 || n > 32)
		return false;
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return false;
	return true;
}

bool operator_add(struct store *s, const struct conf *c, const char *login, const char *display_name,
		  enum role role, const char *password, char **err)
{
	char hash[crypto_pwhash_STRBYTES];
	char now[32];
	const char *why;
	sqlite3_stmt *st;
	int rc;

	*err = NULL;
	if (!valid_login(login)) {
		*err = xstrdup("登录名应为 2-32 个小写字母、数字、_ - .");
		return false;
	}
	if (str_empty(display_name) || strlen(display_name) > 64) {
		*err = xstrdup("姓名不能为空, 且不超过 64 字节");
		return false;
	}
	if ((why = operator_password_policy(password))) {
		*err = xstrdup(why);
		return false;
	}
	if (!hash_password(c, password, hash)) {
		*err = xstrdup("无法计算密码散列 (内存不足?)");
		return false;
	}
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙: %s", store_errmsg(s));
		return false;
	}
	st = store_prepare(s, "INSERT INTO operators(login, display_name, role, pw_hash, must_change_pw, "
			      "created_at, updated_at) VALUES (?,?,?,?,1,?,?)");
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_code(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	sodium_memzero(hash, sizeof(hash));
	if (rc != SQLITE_DONE) {
		store_rollback(s);
		*err = rc == SQLITE_CONSTRAINT_UNIQUE ? xasprintf("登录名 %s 已存在", login)
						      : xasprintf("无法保存: %s", store_errmsg(s));
		return false;
	}
	store_audit(s, 0, "admin", AUDIT_OPERATOR_ADD, login, role_code(role));
	if (!store_commit(s)) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		return false;
	}
	return true;
}

static bool update_one(struct store *s, sqlite3_stmt *st, const char *login, enum audit_action action,
		       const char *detail, char **err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_rollback(s);
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		return false;
	}
	if (sqlite3_changes(s->db) != 1) {
		store_rollback(s);
		*err = xasprintf("没有登录名为 %s 的操作员", login);
		return false;
	}
	store_audit(s, 0, "admin", action, login, detail);
	if (!store_commit(s)) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool operator_passwd(struct store *s, const struct conf *c, const char *login, const char *password,
		     bool must_change, char **err)
{
	char hash[crypto_pwhash_STRBYTES];
	char now[32];
	const char *why;
	sqlite3_stmt *st;
	bool ok;

	*err = NULL;
	if ((why = operator_password_policy(password))) {
		*err = xstrdup(why);
		return false;
	}
	if (!hash_password(c, password, hash)) {
		*err = xstrdup("无法计算密码散列 (内存不足?)");
		return false;
	}
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙: %s", store_errmsg(s));
		return false;
	}
	st = store_prepare(s, "UPDATE operators SET pw_hash = ?, must_change_pw = ?, failed_logins = 0, "
			      "updated_at = ? WHERE login = ?");
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, must_change);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, login, -1, SQLITE_STATIC);
	ok = update_one(s, st, login, AUDIT_OPERATOR_PASSWD, NULL, err);
	sodium_memzero(hash, sizeof(hash));
	return ok;
}

bool operator_set_locked(struct store *s, const char *login, bool locked, char **err)
{
	char now[32];
	sqlite3_stmt *st;

	*err = NULL;
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙: %s", store_errmsg(s));
		return false;
	}
	st = store_prepare(s, "UPDATE operators SET locked = ?, locked_at = CASE WHEN ? THEN ? END, "
			      "failed_logins = 0, updated_at = ? WHERE login = ?");
	sqlite3_bind_int(st, 1, locked);
	sqlite3_bind_int(st, 2, locked);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, login, -1, SQLITE_STATIC);
	return update_one(s, st, login, locked ? AUDIT_OPERATOR_LOCK : AUDIT_OPERATOR_UNLOCK, NULL, err);
}

static void fill(sqlite3_stmt *st, struct operator *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->login = xstrdup((const char *)sqlite3_column_text(st, 1));
	out->display_name = xstrdup((const char *)sqlite3_column_text(st, 2));
	out->role = (enum role)role_parse((const char *)sqlite3_column_text(st, 3));
	out->locked = sqlite3_column_int(st, 4);
	out->must_change_pw = sqlite3_column_int(st, 5);
}

#define OP_COLS "id, login, display_name, role, locked, must_change_pw"

bool operator_get(struct store *s, long long id, struct operator *out)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " OP_COLS " FROM operators WHERE id = ?");
	bool found;

	sqlite3_bind_int64(st, 1, id);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		fill(st, out);
	sqlite3_finalize(st);
	return found;
}

bool operator_find(struct store *s, const char *login, struct operator *out)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " OP_COLS " FROM operators WHERE login = ?");
	bool found;

	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		fill(st, out);
	sqlite3_finalize(st);
	return found;
}

void operator_release(struct operator *op)
{
	xfree(&op->login);
	xfree(&op->display_name);
}

void operator_each(struct store *s, void (*fn)(const struct operator *op, void *ud), void *ud)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " OP_COLS " FROM operators ORDER BY login");

	while (sqlite3_step(st) == SQLITE_ROW) {
		struct operator op;
		fill(st, &op);
		fn(&op, ud);
		operator_release(&op);
	}
	sqlite3_finalize(st);
}

/* Minutes since a stored time (clock_parse: with or without its offset). */
static long minutes_since(const char *when)
{
	time_t t;

	if (!when || !clock_parse(when, &t))
		return 0;
	return (long)(difftime(clock_now(), t) / 60);
}

enum login_result operator_login(struct store *s, const struct conf *c, const char *login,
				 const char *password, struct operator *out)
{
	sqlite3_stmt *st;
	char *hash = NULL, *locked_at = NULL;
	long long id = 0;
	int locked = 0, failed = 0;
	long max_fail = c ? conf_int(c, "security.lockout_attempts") : 5;
	long unlock_min = c ? conf_int(c, "security.lockout_minutes") : 30;
	enum login_result res;
	char now[32];

	if (!store_begin(s))
		return LOGIN_BAD;
	st = store_prepare(s, "SELECT id, pw_hash, locked, locked_at, failed_logins FROM operators WHERE login = ?");
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		hash = xstrdup((const char *)sqlite3_column_text(st, 1));
		locked = sqlite3_column_int(st, 2);
		locked_at = xstrdup((const char *)sqlite3_column_text(st, 3));
		failed = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	clock_now_text(now);

	if (!id) {
		/* Spend the same time as a real check so logins cannot be probed. */
		char dummy[crypto_pwhash_STRBYTES];
		hash_password(c, "certdesk-no-such-user-0", dummy);
		store_audit(s, 0, login, AUDIT_LOGIN_FAIL, login, "no such operator");
		store_commit(s);
		return LOGIN_BAD;
	}
	if (locked && unlock_min > 0 && locked_at && minutes_since(locked_at) >= unlock_min) {
		locked = 0;
		failed = 0;
		st = store_prepare(s, "UPDATE operators SET locked = 0, failed_logins = 0 WHERE id = ?");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_step(st);
		sqlite3_finalize(st);
		store_audit(s, id, login, AUDIT_OPERATOR_UNLOCK, login, "lockout expired");
	}
	if (locked) {
		res = LOGIN_LOCKED;
		store_audit(s, id, login, AUDIT_LOGIN_LOCKED, login, NULL);
	} else if (crypto_pwhash_str_verify(hash, password, strlen(password)) == 0) {
		res = LOGIN_OK;
		st = store_prepare(s, "UPDATE operators SET failed_logins = 0 WHERE id = ?");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_step(st);
		sqlite3_finalize(st);
		store_audit(s, id, login, AUDIT_LOGIN_OK, login, NULL);
	} else {
		failed++;
		res = LOGIN_BAD;
		st = store_prepare(s, "UPDATE operators SET failed_logins = ?, locked = ?, "
				      "locked_at = CASE WHEN ? THEN ? ELSE locked_at END WHERE id = ?");
		bool lock_now = max_fail > 0 && failed >= max_fail;
		sqlite3_bind_int(st, 1, failed);
		sqlite3_bind_int(st, 2, lock_now);
		sqlite3_bind_int(st, 3, lock_now);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, id);
		sqlite3_step(st);
		sqlite3_finalize(st);
		store_audit(s, id, login, AUDIT_LOGIN_FAIL, login, NULL);
		if (lock_now) {
			store_audit(s, id, login, AUDIT_OPERATOR_LOCK, login, "too many failed logins");
			res = LOGIN_LOCKED;
		}
	}
	store_commit(s);
	free(hash);
	free(locked_at);
	if (res == LOGIN_OK && !operator_get(s, id, out))
		res = LOGIN_BAD;
	return res;
}
