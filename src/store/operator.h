/* operator.h - counter operators: accounts, argon2id passwords, lockout, roles. */
#ifndef CERTDESK_OPERATOR_H
#define CERTDESK_OPERATOR_H

#include <stdbool.h>

struct store;
struct conf;

enum role { ROLE_CLERK, ROLE_SUPERVISOR, ROLE_ADMIN };

struct operator {
	long long id;
	char *login;
	char *display_name;
	enum role role;
	bool locked;
	bool must_change_pw;
};

const char *role_code(enum role r);              /* clerk | supervisor | admin */
const char *role_name(enum role r);              /* 柜员 | 主管 | 管理员 */
int role_parse(const char *s);                   /* code or 中文; -1 unknown */

/* NULL when acceptable, else the rule it breaks (Chinese). */
const char *operator_password_policy(const char *password);

/* Each returns false with *err (caller frees) on failure. */
bool operator_add(struct store *s, const struct conf *c, const char *login, const char *display_name,
		  enum role role, const char *password, char **err);
bool operator_passwd(struct store *s, const struct conf *c, const char *login, const char *password,
		     bool must_change, char **err);
bool operator_set_locked(struct store *s, const char *login, bool locked, char **err);

enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_LOCKED };
/* Checks the password and the lockout rules of [security]; every attempt is
 * audited. On LOGIN_OK fills *out (release with operator_release). */
enum login_result operator_login(struct store *s, const struct conf *c, const char *login,
				 const char *password, struct operator *out);

bool operator_get(struct store *s, long long id, struct operator *out);
bool operator_find(struct store *s, const char *login, struct operator *out);
void operator_release(struct operator *op);

/* Calls fn for each operator ordered by login; fn's operator is only valid during the call. */
void operator_each(struct store *s, void (*fn)(const struct operator *op, void *ud), void *ud);

#endif
