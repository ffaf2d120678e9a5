/* review.h - the supervisors' review queue (审核队列): claims, approve, return,
 * the three-working-day clock and duplicate warnings. Headless: the 审核队列
 * screen and the command line both sit on this. */
#ifndef CERTDESK_REVIEW_H
#define CERTDESK_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/appno.h"

struct store;

/* The centre reviews within three working days (the guide, step 八). */
#define REVIEW_PERIOD_WORKDAYS 3

struct review_item {
	long long id;
	char app_no[APPNO_LEN + 1];
	char *subject;            /* 机构名称 (or the certificate holder) */
	char *cert_serial;        /* may be NULL */
	char *clerk_login;        /* who entered it */
	char *clerk_name;
	char *submitted_at;       /* when it last entered 待审核 ("YYYY-MM-DD HH:MM:SS") */
	long long revision;       /* pass to review_approve: what the supervisor saw */
	long long claimed_by;     /* 0 when nobody holds it */
	char *claimed_login;      /* NULL when nobody holds it */
	char *claimed_at;
	long long fee_cents;
	int age_workdays;         /* working days since submitted_at, up to today */
	char due[11];             /* the last day of the review period */
	bool age_estimated;       /* counted past the holiday calendar (as Monday-Friday): "(估)" */
	bool due_estimated;
	bool overdue;             /* age beyond REVIEW_PERIOD_WORKDAYS */
	int duplicates;           /* other open applications with the same serial or credit code */
	bool own;                 /* entered or last edited by the viewer: they may not approve it */
};

struct review_queue {
	struct review_item *items;   /* 待审核, oldest submission first */
	size_t n;
	size_t claimed_by_me, claimed_by_others, unclaimed, overdue;
	char *calendar_warning;      /* workcal_warning: the calendar ends within 30 days (NULL: it does not) */
};

/* Load the queue as seen by VIEWER (operator id) on TODAY ("YYYY-MM-DD";
 * NULL = the local date). Refreshes the holiday table from
 * data/holidays.tsv first when that file changed (workdays_ensure; a missing
 * file only leaves the old table). Release with review_queue_release. */
bool review_queue_load(struct store *s, long long viewer, const char *today, struct review_queue *q,
		       char **err);
void review_queue_release(struct review_queue *q);
/* Number waiting in 待审核 (the main menu's badge). */
long long review_queue_count(struct store *s);

/* Claim (领取) an application in 待审核 so that others see who holds it and
 * cannot decide it. Held by someone else: refused with who and since when,
 * unless take_over (the take-over is audited). Supervisors only. */
bool review_claim(struct store *s, long long app_id, long long operator_id, bool take_over, char **err);
/* Give a claim back (only its holder). */
bool review_release(struct store *s, long long app_id, long long operator_id, char **err);

/* 通过: 待审核 → 已审核 → 待同步 with its outbox row, in one transaction.
 * Refused (with a Chinese reason in *err, caller frees) when the operator is
 * not a supervisor, entered or last edited it, someone else holds the claim,
 * or it is no longer in 待审核 — e.g. another supervisor decided first, in
 * which case *err says who decided what and when. seen_revision: the
 * revision the supervisor was shown (order_detail / review_item); when the
 * application changed since, the approval is refused so that nobody approves
 * what they have not seen. -1 skips that check. */
bool review_approve(struct store *s, long long app_id, long long operator_id, long long seen_revision,
		    char **err);
/* 退回: 待审核 → 退回修改 with a required reason and the fields at fault
 * (column names of applications; kept comma-separated in return_fields). */
bool review_return(struct store *s, long long app_id, long long operator_id, const char *reason,
		   const char *const *fields, size_t nfields, char **err);
/* Submit to review: 草稿 / 退回修改 / 审核不通过 → 待审核 (clerk or supervisor). */
bool review_submit(struct store *s, long long app_id, long long operator_id, char **err);

/* The fields a supervisor marked when returning APP_ID (where the clerk lands).
 * Returns a NULL-terminated array (free with review_fields_free); *n the count. */
char **review_return_fields(struct store *s, long long app_id, size_t *n);
void review_fields_free(char **fields);

/* Other open (not 已作废/已完成/已退费) applications with the same certificate
 * serial or the same organisation credit code. except_id 0 excludes nothing
 * (the 证书选择 screen asks before the application has the serial). */
struct review_dup {
	long long id;
	char app_no[APPNO_LEN + 1];
	int status;               /* enum app_status */
	bool same_serial, same_credit_code;
};
/* Returns the count; *out (caller frees, may be NULL when 0) the hits, newest first. */
size_t review_duplicates(struct store *s, long long except_id, const char *serial, const char *credit_code,
			 struct review_dup **out);
/* A one-line Chinese warning for APP_ID's duplicates, or NULL when none (caller frees). */
char *review_duplicate_warning(struct store *s, long long app_id);

#endif
