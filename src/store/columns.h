/* columns.h - what every column of the tables that leave the branch or are
 * shown in lists and exports is for: the column-roles table. What travels to
 * the centre is the columns marked COL_SENT (an allow-list: a new column is
 * not sent until it is given that role here); lists, exports (certdesk
 * export), 查看详情 and 审核 mask a column with its mask. tests/unit/
 * test_columns.c fails when a column of these tables has no entry. */
#ifndef CERTDESK_COLUMNS_H
#define CERTDESK_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

enum column_role {
	COL_FORM = 1 << 0,        /* saved by the form (forms/replacement.form) */
	COL_INTERNAL = 1 << 1,    /* the branch's own bookkeeping */
	COL_SENT = 1 << 2,        /* travels to the centre (the submission) */
	COL_CENTRE = 1 << 3,      /* what the centre tells the branch (feed, push answers) */
	COL_CONFIRM = 1 << 4,     /* a form field that only confirms another (typed twice): not shown */
};

/* How a value is masked (core/mask.h) where it is not shown in full. */
enum column_mask {
	MASK_NONE,
	MASK_ID,                  /* mask_id: 110105********002X */
	MASK_MOBILE,              /* mask_mobile: 138****1234 */
	MASK_ACCOUNT,             /* mask_account: the last 4 */
	MASK_EMAIL,               /* mask_email */
	MASK_ADDRESS,             /* mask_address */
	MASK_NAME,                /* mask_name */
};

struct column_def {
	const char *table, *column;
	unsigned roles;           /* enum column_role bits */
	enum column_mask mask;
	/* Where 查看详情, 审核 and the export's 申请信息 show a column the form does
	 * not label (agreements, a bank's code, payment, identity, the centre's
	 * answers): its group and label; NULL for the form's fields (they show
	 * under their section with their label, form/form_lib.h
	 * form_shown_fields) and for what is not shown. */
	const char *group, *label;
};

/* The table's entries (all tables), in schema order; *n gets the count. */
const struct column_def *columns_all(size_t *n);
/* The entry of TABLE.COLUMN, or NULL when it has none. */
const struct column_def *column_find(const char *table, const char *column);
/* Does TABLE.COLUMN have ROLE (a column without an entry has none)? */
bool column_has(const char *table, const char *column, enum column_role role);
/* The mask of an applications column (MASK_NONE when it has none). */
enum column_mask column_mask(const char *column);
/* The mask's name ("id", "mobile" …), NULL for MASK_NONE. */
const char *column_mask_name(enum column_mask m);
/* VALUE masked with M (a copy when MASK_NONE); NULL for NULL. Caller frees. */
char *column_mask_apply(enum column_mask m, const char *value);

#endif
