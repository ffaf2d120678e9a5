/* sync.h - store-and-forward with the central CA endpoint: push the outbox,
 * pull the status feed, certificate lookup with the offline cache, and the
 * headless summary the TUI's 同步状态 screen shows. See certdesk-api(7). */
#ifndef CERTDESK_SYNC_H
#define CERTDESK_SYNC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct conf;
struct store;

/* What the 同步状态 screen shows. Strings are "" when there is nothing. */
struct sync_summary {
	long queued;              /* outbox rows not yet delivered (待同步 and re-sends) */
	long failed;              /* applications carrying a sync error (sync_error) */
	long unhandled;           /* feed events of a type this version cannot apply, kept (feed_unhandled) */
	char last_run[32];        /* branch time "YYYY-MM-DD HH:MM:SS" of the last attempt */
	char last_success[32];    /* of the last run that completed both directions */
	char next_retry[32];      /* when the daemon tries again after a failure */
	char *last_error;         /* plain Chinese; NULL when the last run succeeded; owned */
	bool running;             /* a sync process holds the branch's sync lock now */
};

/* Read the summary (no network). Release with sync_summary_release. */
bool sync_status(struct store *s, struct sync_summary *out);
void sync_summary_release(struct sync_summary *sum);

enum sync_rc {
	SYNC_OK = 0,              /* everything due went out and the feed is drained */
	SYNC_PARTIAL,             /* done, but the centre refused some rows (4xx): see their sync_error */
	SYNC_FAILED,              /* the centre was unreachable or failing; retried next run */
	SYNC_BUSY,                /* another sync process of this branch is running */
};

struct sync_result {
	long pushed;              /* outbox rows delivered */
	long uploaded;            /* attachments uploaded */
	long refused;             /* rows refused by the centre (4xx) */
	long pulled;              /* feed events applied */
	char *error;              /* plain Chinese when rc != SYNC_OK; owned */
};

/* One run: push then pull, under the branch's sync lock (a lock file next to
 * the database; a second sync process gets SYNC_BUSY). The TUI's "sync now"
 * key calls this. Release res with sync_result_release. */
enum sync_rc sync_run_once(const struct conf *c, struct store *s, struct sync_result *res);
void sync_result_release(struct sync_result *res);

/* Loop until *stop: a run every [sync] interval seconds, sooner when a failed
 * run asked for an earlier retry. Holds the lock for its whole life; returns
 * SYNC_BUSY at once when another sync holds it. progress (may be NULL) is
 * called after each run. */
enum sync_rc sync_daemon(const struct conf *c, struct store *s, volatile sig_atomic_t *stop,
			 void (*progress)(enum sync_rc rc, const struct sync_result *res, void *ud), void *ud);

/* The daemon's log (core/log.h, set up by the caller): pass sync_log_round
 * as sync_daemon's progress with a zeroed struct sync_log as ud. It writes
 * the first round's result, then only changes: something delivered or
 * received (<6>), a new error (<3>, once however many rounds it lasts), a
 * partial run (<4>), the recovery after errors (<6>); an idle round is a
 * <7> line, dropped unless the log asks for debug. Release with
 * sync_log_release. */
struct sync_log {
	long rounds;
	long failures;            /* failed rounds in a row */
	char *last_error;         /* the error last written; owned */
};
void sync_log_round(enum sync_rc rc, const struct sync_result *res, void *ud);
void sync_log_release(struct sync_log *l);

/* The push alone with an explicit client (benchmark: naive vs keep-alive). */
struct http_client;
enum sync_rc sync_push(const struct conf *c, struct store *s, struct http_client *hc, struct sync_result *res);
enum sync_rc sync_pull(const struct conf *c, struct store *s, struct http_client *hc, struct sync_result *res);

/* A certificate as the CA has it (cert_cache columns); type and status in
 * Chinese (机构证书, 有效: core/certvocab.h), as the branch shows and prints them. */
struct cert_info {
	char *serial, *holder, *cert_type, *valid_from, *valid_to, *status;
	char *org_name, *org_doc_type, *org_doc_no, *person_name, *person_id;
	char *fetched_at;         /* when the centre last reported it */
};

/* Look SERIAL up (case-sensitive) at the centre with the short [central]
 * lookup_timeout; results are cached in cert_cache. When the centre cannot be
 * reached the cache answers and *offline is true (the screen shows 离线).
 * Returns the number of certificates (*results: array the caller frees with
 * cert_info_free), or -1 with *err when neither could answer. */
int cert_lookup(const struct conf *c, struct store *s, const char *serial, struct cert_info **results,
		bool *offline, char **err);
void cert_info_free(struct cert_info *list, int n);


/* An application carrying a sync error (the 同步状态 screen's list). */
struct sync_failure {
	long long id;
	char app_no[19];
	char *subject;            /* 机构名称, or the certificate holder masked (mask_name) */
	char *error;              /* the recorded error, plain Chinese */
};

/* The applications whose last delivery was refused (sync_error set), newest
 * change first, at most max. Returns how many (*out: caller frees with
 * sync_failures_free), or -1 on a database error. No network. */
int sync_failures_load(struct store *s, int max, struct sync_failure **out);
void sync_failures_free(struct sync_failure *list, int n);

#endif
