/* workdays.h - the working-day calendar (weekends, public holidays, 调休
 * workdays from data/holidays.tsv) for the centre's review period. */
#ifndef CERTDESK_WORKDAYS_H
#define CERTDESK_WORKDAYS_H

#include <stdbool.h>

struct store;

/* Load the holiday table FILE (lines "YYYY-MM-DD<TAB>0|1<TAB>name", '#'
 * comments) into the store's holidays table, replacing what was there, in one
 * transaction. false with *err (caller frees) on a malformed line. */
bool workdays_import(struct store *s, const char *file, char **err);
/* Import data/holidays.tsv when its content differs from the last import
 * (its SHA-256 is kept in sync_state 'holidays.sha256'); cheap otherwise. */
bool workdays_ensure(struct store *s, char **err);

/* An in-memory copy of the holidays table. Owned by the caller (workcal_free). */
struct workcal;
struct workcal *workcal_load(struct store *s);
void workcal_free(struct workcal *c);

/* Dates are "YYYY-MM-DD" (a longer "YYYY-MM-DD HH:MM:SS" is accepted: only
 * the date counts). false / -1 for a malformed date. */
bool workcal_is_workday(const struct workcal *c, const char *date);
/* Working days after FROM up to and including TO (0 when TO <= FROM). */
int workcal_between(const struct workcal *c, const char *from, const char *to);
/* The N-th working day after FROM into out (11 bytes). */
bool workcal_add(const struct workcal *c, const char *from, int n, char out[11]);

#endif
