/* formstate.h - a form instance bound to one application: values, visibility,
 * prefill, validation on leave, cross-field rules, draft saves. Headless: the
 * screens (src/tui/) draw it and feed it what the clerk typed. */
#ifndef CERTDESK_FORMSTATE_H
#define CERTDESK_FORMSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include "form/form.h"

struct store;
struct formstate;

/* Bind FORM to application APP_ID: load every field's value from the store,
 * then apply `default` (to fields never saved) and `fixed` values and save
 * them. Edits are saved as OPERATOR_ID. FORM and S must outlive the state.
 * NULL with *err (caller frees) when the application does not exist. */
struct formstate *formstate_open(const struct form *form, struct store *s, long long app_id,
				 long long operator_id, char **err);
void formstate_free(struct formstate *fs);
/* From now on nothing is written: every save (leave, copy, prefill) changes
 * the values in memory only, checked as usual; the caller writes what it
 * needs in one transaction of its own (金融认证 re-entry: the bank section,
 * then orders_finauth_resubmit), or drops it all with formstate_free. */
void formstate_hold(struct formstate *fs);

const struct form *formstate_form(const struct formstate *fs);
long long formstate_app_id(const struct formstate *fs);

/* The current value ("" when empty; never NULL). Owned by fs, valid until the
 * next change of that field. Unknown keys give "". */
const char *formstate_get(const struct formstate *fs, const char *key);

/* Visibility from `when` conditions of the field, its section and its screen.
 * Conditions compare the stored values. Hidden fields are neither required
 * nor validated and do not appear in the summary; their values are kept. */
bool formstate_field_visible(const struct formstate *fs, const struct form_field *f);
bool formstate_section_visible(const struct formstate *fs, const struct form_section *s);
bool formstate_screen_visible(const struct formstate *fs, const struct form_screen *scr);
/* Can the clerk type into it? (visible, not readonly, not fixed) */
bool formstate_field_editable(const struct formstate *fs, const struct form_field *f);

enum fs_outcome {
	FS_OK,           /* valid (maybe with a warning) and saved */
	FS_MISSING,      /* required and empty; saved as empty */
	FS_INVALID,      /* the validator or a rule refused it; what was typed is saved */
	FS_FAILED,       /* could not be saved (database); message says why */
};

struct fs_result {
	enum fs_outcome outcome;
	char *message;   /* Chinese; set unless FS_OK */
	char *warning;   /* FS_OK with a warning (e.g. unknown region code), else NULL */
};
void fs_result_release(struct fs_result *r);

/* The clerk leaves field F having typed TYPED: trim, validate (type, max,
 * `check`, choices, rules), save (the normalised value when valid, else what
 * was typed so nothing is lost), and let fields prefilled from F follow it.
 * Returns r->outcome (release r with fs_result_release). Readonly and fixed
 * fields are not changed (FS_OK). An emptied field is saved as "": NULL in
 * the store means never saved, so a `default` never returns to a field the
 * clerk cleared. */
enum fs_outcome formstate_leave(struct formstate *fs, const struct form_field *f, const char *typed,
				struct fs_result *r);
/* The same for a bank field picked from the directory: saves the name and,
 * when the field has code-column, the bank's code (NULL/"" when it has none). */
enum fs_outcome formstate_leave_bank(struct formstate *fs, const struct form_field *f, const char *name,
				     const char *code, struct fs_result *r);

/* Saves are committed when the store says (store_commit_later): when such a
 * commit is lost (store_flush failed), the state reloads what the database
 * holds by itself. This gives the first field (in form order) whose value
 * that changed, and forgets them all; NULL when none was lost. */
const struct form_field *formstate_take_lost(struct formstate *fs);

/* Check TYPED as leaving F would, without saving anything: NULL when valid
 * (*norm, when norm is not NULL, gets the normalised value; caller frees),
 * else the message (caller frees). E.g. the certificate screen's query box,
 * described by the readonly field with `prefill cert.serial`. */
char *formstate_check(const struct formstate *fs, const struct form_field *f, const char *typed, char **norm);

/* The current error of F (required, validator, rule) or NULL when it has none
 * or is hidden. Caller frees. Used to mark fields on (re)display and resume. */
char *formstate_field_error(const struct formstate *fs, const struct form_field *f);

/* Can SCR be left forward? True when no visible field on it has an error;
 * else false with *bad (the first such field) and *msg (caller frees).
 * For an agreements screen: the current versions must be consented. */
bool formstate_screen_ok(const struct formstate *fs, const struct form_screen *scr,
			 const struct form_field **bad, char **msg);

/* The same for one section (e.g. re-entering only 金融认证信息 after a
 * financial-authentication failure). */
bool formstate_section_ok(const struct formstate *fs, const struct form_section *sec,
			  const struct form_field **bad, char **msg);

/* Field navigation on SCR for Enter/Tab (DIR > 0) and Shift-Tab (DIR < 0):
 * the next editable field after FROM, skipping hidden, readonly and fixed
 * ones; FROM NULL gives the first (or, DIR < 0, the last). NULL at the end. */
const struct form_field *formstate_next(const struct formstate *fs, const struct form_screen *scr,
					const struct form_field *from, int dir);

/* The visible required fields that are empty, on SCR (NULL: the whole form),
 * in form order. Returns the count; *out (caller frees the array, not the
 * fields) may be NULL when the caller only wants the count. */
size_t formstate_missing(const struct formstate *fs, const struct form_screen *scr,
			 const struct form_field ***out);

/* The section's one-key copy (`copy-from`): every field of SEC with `copy`
 * takes its source's value. Returns the number of fields changed, -1 with
 * *err on a save failure. */
int formstate_copy_section(struct formstate *fs, const struct form_section *sec, char **err);

/* The clerk chose the certificate SERIAL (a row of cert_cache): every
 * `prefill cert.COLUMN` field takes the row's value when it is readonly,
 * empty, or still holds what the previously chosen certificate gave it.
 * False with *err when the row does not exist or a save failed. */
bool formstate_choose_cert(struct formstate *fs, const char *serial, char **err);

/* Record consent on an agreements screen: each agreement's version into its
 * column and the time into consent-time. */
bool formstate_consent(struct formstate *fs, const struct form_screen *scr, char **err);
/* Are the versions recorded those of the agreement files loaded now? */
bool formstate_consented(const struct formstate *fs, const struct form_screen *scr);

/* The value as shown to people: a division code as "广东省 深圳市 南山区",
 * others as stored. Caller frees; "" when empty. */
char *formstate_display(const struct formstate *fs, const struct form_field *f);

/* The summary walk (提交): every visible field of every visible screen of
 * kind fields or certificate, in form order; FN gets the section (to print a
 * heading when it changes), the field and its display value. */
typedef void (*formstate_walk_fn)(const struct form_screen *scr, const struct form_section *sec,
				  const struct form_field *f, const char *display, void *ud);
void formstate_walk(const struct formstate *fs, formstate_walk_fn fn, void *ud);

/* Before submission: hidden fields are saved empty (NULL), so the record
 * holds only what the clerk saw and confirmed. */
bool formstate_clear_hidden(struct formstate *fs, char **err);

#endif
