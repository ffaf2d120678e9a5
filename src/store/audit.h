/* audit.h - the audit trail: verification of the hash chain and queries for
 * `certdesk audit show`. Its action vocabulary is store/audit_actions.h;
 * records are appended by store_audit() (store/store.h). */
#ifndef CERTDESK_AUDIT_H
#define CERTDESK_AUDIT_H

#include "store/audit_actions.h"

#include <stdbool.h>

struct store;

/* What audit_verify() found. */
enum audit_problem {
	AUDIT_INTACT,
	AUDIT_MISSING_RECORD,     /* an id is missing in the sequence 1, 2, 3 … */
	AUDIT_BROKEN_LINK,        /* prev_hash is not the previous record's hash */
	AUDIT_CHANGED_RECORD,     /* the record's content does not give its hash */
	AUDIT_MALFORMED_RECORD,   /* a column of a type or form store_audit never writes */
	AUDIT_HEAD_MISMATCH,      /* the last record is not the one audit_head names */
	AUDIT_HEAD_MISSING,       /* the audit_head row (or the table) is gone */
	AUDIT_ANCHOR_MISMATCH,    /* the record an external anchor names differs */
	AUDIT_PROTECTION_MISSING, /* chain intact, but a guarding trigger was dropped or changed */
	AUDIT_DB_ERROR,           /* the tables cannot be read */
};

struct audit_report {
	enum audit_problem problem;
	long long records;        /* records walked (all of them when intact) */
	long long last_id;        /* id and hash of the last record walked */
	char last_hash[65];
	long long bad_id;         /* the first bad record; 0 when the problem is not one record's */
	char *message;            /* Chinese, names the record; NULL when intact */
};

/* An externally kept (id, hash) pair, e.g. the head printed by an earlier
 * `certdesk audit verify` and written in the branch's paper log: the record
 * must still exist with that hash, which catches even a rewrite that
 * recomputed every later hash and the head. */
struct audit_anchor {
	long long id;
	char hash[65];
};

/* Walk the whole chain (ids 1…n in order, each prev_hash = the previous hash,
 * each hash recomputed with store_audit_hash()), compare the end with
 * audit_head, check the anchor if any, then that the guarding triggers are
 * in place. Does not rely on the triggers. Returns true when intact; else
 * *r names the first bad record. Release r with audit_report_release. */
bool audit_verify(struct store *s, const struct audit_anchor *anchor, struct audit_report *r);
void audit_report_release(struct audit_report *r);

/* Parse "ID:HASH" (64 hex digits); false when malformed. */
bool audit_anchor_parse(const char *text, struct audit_anchor *out);

/* Filters of `certdesk audit show`; NULL / 0 means no filter. */
struct audit_filter {
	const char *from;         /* YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], inclusive */
	const char *to;           /* same; a bare date includes that whole day */
	const char *operator_login; /* operator's login, or the actor (process or typed login) */
	const char *action;       /* an action code or a group ("login") */
	const char *object;       /* exact object ("app:12", a login) */
	long limit;               /* only the newest LIMIT matches (still printed oldest first) */
};

/* One record as read; strings are valid only during the callback. */
struct audit_record {
	long long id;
	const char *at;
	long long operator_id;    /* 0: none */
	const char *operator_login; /* NULL when no operator (or it is gone) */
	const char *actor;
	const char *action;
	const char *object;       /* may be NULL */
	const char *detail;       /* may be NULL */
};

/* Is TEXT a date or time accepted by the from/to filters? */
bool audit_time_ok(const char *text);

/* Calls fn for each matching record in id order. Returns the number of
 * records passed to fn, or -1 with *err (Chinese, caller frees). */
long audit_query(struct store *s, const struct audit_filter *f,
		 void (*fn)(const struct audit_record *rec, void *ud), void *ud, char **err);

/* One line for show: "#id  time  operator  action  object  detail", every
 * free-text part passed through redact_text() so no sensitive value appears
 * in full and no control character reaches the terminal. Caller frees. */
char *audit_format(const struct audit_record *rec);

#endif
