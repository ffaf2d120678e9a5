/* backup.h - consistent online copies of the branch state, verified, in
 * generations, and their restore.
 *
 * A generation is a directory DEST/certdesk-YYYYMMDD-HHMMSS (branch time)
 * holding
 *     certdesk.db   the database, copied with SQLite's online backup API in
 *                   one step (one read snapshot, however many clerks write)
 *     pdf/NAME      every printed form the database names (prints.pdf_path)
 *     MANIFEST      one line per file: SHA-256, size, name in the
 *                   generation, original path (TAB-separated; '#' comments)
 * The scans are in the database (attachments.content). A generation is
 * built as DEST/.certdesk-….partial and renamed only once verified
 * (PRAGMA integrity_check, audit_verify, every file against its SHA-256 and
 * the printed forms against prints.sha256), so a directory without the
 * ".partial" is always a complete copy. Nothing in it is world-readable:
 * 0700/0600, or 0750/0640 when the database is group-shared. */
#ifndef CERTDESK_BACKUP_H
#define CERTDESK_BACKUP_H

#include <stdbool.h>

struct store;
struct sqlite3;

#define BACKUP_PREFIX "certdesk-"
#define BACKUP_MANIFEST "MANIFEST"
#define BACKUP_DB "certdesk.db"

struct backup_report {
	char *path;               /* the generation made / checked / restored from */
	long long applications;   /* rows in its applications table */
	long long audit_records;  /* its audit chain's length */
	long long files;          /* printed forms copied / checked / put back */
	long long removed;        /* backup_make: older generations removed (keep) */
	long long kept_aside;     /* backup_restore: differing files renamed *.before-restore */
};
void backup_report_release(struct backup_report *r);

/* Copy S's database and files into a new generation under DEST (created
 * when missing), verify it, then keep the newest KEEP generations (0: keep
 * all) and write the audit record (actor, e.g. "shell:root") to S. False
 * with *err (Chinese, caller frees) and no generation left behind on any
 * failure - a printed form missing or differing from its recorded SHA-256
 * included. */
bool backup_make(struct store *s, const char *dest, int keep, const char *actor, struct backup_report *r,
		 char **err);

/* Check a generation as backup_make did. */
bool backup_verify(const char *gen, struct backup_report *r, char **err);

/* Put generation GEN back: verify it, replace S's database contents with
 * its copy (online backup API, under an exclusive lock), put back every
 * printed form (a file already there with the same SHA-256 is left; one
 * that differs is renamed NAME.before-restore first), then append an audit
 * record to the restored chain. The terminals and the sync service should
 * be stopped first (certdesk-deploy(7)). */
bool backup_restore(struct store *s, const char *gen, const char *actor, struct backup_report *r, char **err);

/* The newest generation under DEST (caller frees), NULL when none. */
char *backup_latest(const char *dest);

#endif
