/* app.h - applications in the store: drafts, field values, lifecycle transitions. */
#ifndef CERTDESK_APP_H
#define CERTDESK_APP_H

#include <stdbool.h>
#include <stddef.h>
#include "core/appno.h"
#include "core/status.h"

struct store;
struct conf;

/* Allocate the next application number for today at this branch (inside its
 * own BEGIN IMMEDIATE, safe across processes) and create a draft owned by
 * operator_id. Returns the row id (0 on failure, *err set). */
long long app_create_draft(struct store *s, const struct conf *c, long long operator_id,
			   char appno[APPNO_LEN + 1], char **err);

/* Where the clerk is in the journey (the `screen` column, for resuming):
 * bookkeeping, not an edit (updated_at and the revision stay), written after
 * the screen is drawn when the store defers (store_exec_later). */
void app_set_screen_later(struct store *s, long long app_id, const char *screen);

/* Compile the load and save statements of these columns now (a form's
 * fields, when it opens), so that a key that saves a field does not wait for
 * the SQL compiler. Unknown columns and NULLs are skipped. */
void app_prepare_fields(struct store *s, const char *const *columns, size_t n);

/* Is COLUMN a column of applications that forms may write? (Not the
 * bookkeeping columns: id, app_no, status, created_*, approved_* …) */
bool app_column_writable(struct store *s, const char *column);

/* Is COLUMN part of the bank information (金融认证信息)? In 金融认证失败 only
 * these may change. */
bool app_column_bank(const char *column);

/* Save one field (a draft is saved as each field is completed). An edit of an
 * approved application voids the approval (back to 待审核). value NULL clears.
 * The commit is deferred when the store defers (store_commit_later). */
bool app_set_field(struct store *s, long long app_id, const char *column, const char *value,
		   long long operator_id, char **err);
/* The same for N fields in one transaction (all or none), updated_at and
 * the revision moving once. */
bool app_set_fields(struct store *s, long long app_id, const char *const *columns, const char *const *values,
		    size_t n, long long operator_id, char **err);
char *app_get_field(struct store *s, long long app_id, const char *column);   /* caller frees */

long long app_id_by_no(struct store *s, const char *appno);                   /* 0 if none */
int app_status(struct store *s, long long app_id);                            /* enum app_status, -1 */

/* Move an application along the lifecycle: checks the transition table and
 * the roles (approve/return: supervisor; four eyes: never the creator or the
 * last editor; a claimed application only by its holder; submit: clerk or
 * supervisor), records status_history and the audit log, and writes the sync
 * outbox row in the same transaction when the new status is 待同步 (kind
 * 'finauth' after 金融认证失败, else 'submit') or, asked by an operator,
 * 申请退费 (kind 'refund'). Leaving 待审核 ends any claim.
 * operator_id 0 means the centre (actor names it). */
bool app_transition(struct store *s, long long app_id, enum app_status to, long long operator_id,
		    const char *actor, const char *reason, char **err);

/* Record a detail of the application that changes no status (the centre's
 * PIN, invoice and revocation notices, a refund request delivered): a
 * status_history row with from = to and an app.note audit record. Inside the
 * caller's transaction or on its own. operator 0: ACTOR names the process. */
bool app_note(struct store *s, long long app_id, const char *actor, const char *reason);

/* One of an operator's drafts for 继续草稿: SUBJECT is the organisation, else
 * the certificate holder, else "(尚未填写)"; UPDATED_AT as stored. The strings
 * live for the call only. */
struct app_draft_row {
	long long id;
	const char *app_no, *subject, *updated_at;
};

/* Call FN for each draft created by OPERATOR_ID, most recently updated first. */
void app_drafts_each(struct store *s, long long operator_id,
		     void (*fn)(void *ud, const struct app_draft_row *row), void *ud);

#endif
