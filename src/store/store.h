/* store.h - the branch database: open, migrate, transactions, audit. */
#ifndef CERTDESK_STORE_H
#define CERTDESK_STORE_H

#include "store/audit_actions.h"   /* enum audit_action, for store_audit() */

#include <stdbool.h>
#include <stddef.h>

struct conf;

/* The open database; its members are the store's own (store/store_impl.h,
 * included only by the files of src/store): outside, a handle passed to functions. */
struct store;
struct sqlite3_stmt;

enum store_open_flags {
	STORE_CREATE = 1,         /* create the file when missing */
};

/* Open (and migrate) the database named by the configuration. On failure
 * returns NULL and *err gets a Chinese message (caller frees). The file is
 * created 0600, or 0660 with [store] group. */
struct store *store_open(const struct conf *conf, int flags, char **err);
/* Same with an explicit path, for tools and tests. */
struct store *store_open_path(const char *path, const struct conf *conf, int flags, char **err);
/* Open PATH read-only as it is: no creation, no pragmas, no migration (a
 * backup copy, `certdesk config check`). */
struct store *store_open_readonly(const char *path, char **err);
/* A private in-memory database with the whole schema (scratch work). */
struct store *store_open_memory(char **err);
void store_close(struct store *s);

/* Write transactions are BEGIN IMMEDIATE: several clerk processes share the
 * file, and a deferred transaction that reads then writes gets SQLITE_BUSY.
 * Nested begin/commit pairs join the outermost transaction. */
bool store_begin(struct store *s);
bool store_commit(struct store *s);
void store_rollback(struct store *s);

/* Deferred commits: the counter terminal answers a key on the screen first
 * and writes to the disk (COMMIT, an fsync with synchronous = FULL) right
 * after, before it reads the next key.
 * - store_defer(s, true) turns it on (the TUI); off, commit_later is commit.
 * - store_commit_later ends a transaction like store_commit, but leaves it
 *   open with the write lock held until store_flush.
 * - A store_begin while a deferred commit is open makes a SAVEPOINT in it:
 *   its rollback undoes only its own work; a store_commit (not later) of it
 *   commits everything, the deferred work included.
 * - store_flush commits; false when the COMMIT failed: the deferred work is
 *   rolled back, the watchers (store_watch_lost) reload what they keep in
 *   memory, and store_take_lost says why. store_close flushes.
 * The holder must flush before anything that blocks (network, a child
 * process that reads the database, waiting for a key): other terminals'
 * writes wait for the lock. */
void store_defer(struct store *s, bool on);
bool store_commit_later(struct store *s);
bool store_flush(struct store *s);
bool store_pending(const struct store *s);
/* Bookkeeping nobody reads before the next screen update (which screen the
 * clerk is on): SQL (values quoted in it, e.g. sqlite3_mprintf %Q; taken
 * over, freed with sqlite3_free) runs at the next store_flush, inside the
 * commit it makes; at once when the store does not defer. A failure of it
 * is ignored (false only when run at once and it failed). */
bool store_exec_later(struct store *s, char *sql);
/* The message of deferred work lost since the last call (caller frees), or NULL. */
char *store_take_lost(struct store *s);
/* FN(UD) runs after deferred work was rolled back (a failed flush or commit). */
void store_watch_lost(struct store *s, void (*fn)(void *ud), void *ud);
void store_unwatch_lost(struct store *s, void *ud);

/* Many reads as one (store_read_begin … store_read_end, nestable): one
 * read transaction, so one lock and one check of the file instead of one
 * per statement (a form's sixty fields, the printed form). Inside any other
 * transaction it does nothing; a store_begin inside it ends the read
 * transaction first. */
void store_read_begin(struct store *s);
void store_read_end(struct store *s);

/* Run SQL with no result rows; false on error (message via store_errmsg). */
bool store_exec(struct store *s, const char *sql);
const char *store_errmsg(const struct store *s);
struct sqlite3_stmt *store_prepare(struct store *s, const char *sql);   /* dies on a bad statement */
/* The same, kept for reuse (the hot paths: a field's save and load, about
 * 20-40 us of compiling saved per statement): the same SQL gives the same
 * statement, reset and unbound. Never finalize it; call sqlite3_reset(st)
 * as soon as its rows are read, so no read lock stays open. */
struct sqlite3_stmt *store_cached(struct store *s, const char *sql);

/* Single-value helpers: bind "?" params as text (NULL binds NULL). The
 * statement is kept for reuse (store_cached): pass constant SQL. */
char *store_get_text(struct store *s, const char *sql, const char *param);  /* caller frees; NULL if no row */
long long store_get_int(struct store *s, const char *sql, const char *param, long long dflt);

/* sync_state / small key-value settings. */
char *store_state_get(struct store *s, const char *key);          /* caller frees */
bool store_state_set(struct store *s, const char *key, const char *value);

/* Append to the hash-chained audit log (inside or outside a transaction).
 * operator_id <= 0 with actor naming a process (sync, central, admin shell).
 * action is one of the vocabulary in store/audit_actions.h; detail should already be
 * masked (core/mask.h); actor, object and detail also pass redact_text()
 * (core/redact.h), so an ID number, mobile, account or e-mail typed into free
 * text is stored masked. The audit_head row (last id, count, hash) is updated
 * in the same transaction, so a removed or rewritten last record is seen by
 * audit_verify(). Fails (and rolls the transaction back) when the head is
 * missing: a tampered log is not extended. */
bool store_audit(struct store *s, long long operator_id, const char *actor, enum audit_action action,
		 const char *object, const char *detail);

/* Journal mode for this SQLite: WAL only when the linked library has the
 * WAL-reset fix (3.51.3 and later), else the rollback journal. */
bool store_wal_safe(void);

/* The linked SQLite library's version ("3.46.1"), for `certdesk config`. */
const char *store_sqlite_version(void);

/* The audit chain's record hash (hex, 64 chars + NUL); op is 0 for no operator.
 * hash = SHA-256(prev | 0x1f id 0x1f op | 0x1f at | 0x1f actor | 0x1f action | 0x1f object | 0x1f detail). */
void store_audit_hash(const char *prev, long long id, const char *at, long long op, const char *actor,
		      const char *action, const char *object, const char *detail, char out[65]);

int store_schema_version(struct store *s);

/* The database file's path (the sync lock file sits beside it). */
const char *store_path(const struct store *s);
/* Is a write transaction open (store_begin not yet committed or rolled back)? */
bool store_in_transaction(const struct store *s);

#endif
