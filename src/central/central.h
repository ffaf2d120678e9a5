/* central.h - certdesk-central, the simulated central CA endpoint: its
 * configuration, database, business rules and HTTP(S) server. */
#ifndef CERTDESK_CENTRAL_H
#define CERTDESK_CENTRAL_H

#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#define CENTRAL_MAX_BRANCHES 32
#define CENTRAL_MAX_BODY (8L * 1024 * 1024)     /* largest request body accepted */
#define CENTRAL_MAX_ATTACHMENT (4L * 1024 * 1024)

struct central_conf {
	char *database;
	char *listen;                 /* IPv4 address; default 127.0.0.1 */
	int port;                     /* 0: any free port (see port_file) */
	char *port_file;              /* the bound port is written here when set */
	char *tls_cert, *tls_key;     /* both set: HTTPS */
	char *client_ca;              /* CA that signs branch client certificates */
	bool require_client_cert;     /* enforced per connection, not only asked for */
	char *admin_token;            /* /admin/v1/... ; empty: admin endpoints off */
	int nbranches;
	char *branch_code[CENTRAL_MAX_BRANCHES], *branch_token[CENTRAL_MAX_BRANCHES];
	/* automatic reviewer for the demo */
	bool auto_mode;
	double review_delay, ship_delay, refund_delay, idv_delay, pay_delay, transfer_delay, idv_ttl;
	char *carrier;
	bool reject_incomplete, reject_unknown_cert;
	bool quiet;
};

/* Defaults, then FILE (INI; NULL: none). Returns false with *err (caller frees). */
bool central_conf_load(struct central_conf *cc, const char *file, char **err);
/* "section.key" = value, as in the file (command-line options use it too). */
bool central_conf_set(struct central_conf *cc, const char *name, const char *value, char **err);
void central_conf_release(struct central_conf *cc);

/* The centre's own database. One connection, serialised by a mutex. */
#define CDB_STMT_CACHE 64
struct cdb {
	sqlite3 *db;
	pthread_mutex_t lock;
	struct {                      /* prepared statements kept across requests */
		char *sql;
		sqlite3_stmt *st;
		bool busy;
	} cache[CDB_STMT_CACHE];
	int ncache;
};

bool cdb_open(struct cdb *d, const char *path, char **err);
void cdb_close(struct cdb *d);
bool cdb_exec(struct cdb *d, const char *sql);
/* A prepared statement from the cache (lock held); give it back with cdb_unprep. */
sqlite3_stmt *cdb_prep(struct cdb *d, const char *sql);
void cdb_unprep(struct cdb *d, sqlite3_stmt *st);
bool cdb_seed_demo(struct cdb *d, char **err);

/* A handler's result: an HTTP status and a JSON body (owned by the caller). */
struct creply {
	int status;
	json_t *body;
	int retry_after;              /* >0: Retry-After header */
};

/* Error body {"error":{"code","message"}} with status. message is Chinese. */
struct creply creply_error(int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The contract's endpoints (see certdesk-api(7)); branch is the caller's code.
 * The cdb lock must NOT be held: each takes it. */
struct creply central_cert_lookup(struct cdb *d, const char *serial);
struct creply central_submit(struct cdb *d, const struct central_conf *cc, const char *branch, json_t *req);
struct creply central_app_get(struct cdb *d, const char *branch, const char *app_no);
struct creply central_attach(struct cdb *d, const struct central_conf *cc, const char *branch, const char *app_no,
			     const char *sha256, const char *kind, const char *name, const char *mime,
			     const void *data, size_t len, bool force_mismatch);
struct creply central_finauth(struct cdb *d, const struct central_conf *cc, const char *branch, const char *app_no,
			      json_t *req);
struct creply central_refund(struct cdb *d, const struct central_conf *cc, const char *branch, const char *app_no,
			     json_t *req);
struct creply central_feed(struct cdb *d, const char *branch, const char *after, long limit);
struct creply central_idv_create(struct cdb *d, const struct central_conf *cc, const char *branch, json_t *req);
struct creply central_idv_get(struct cdb *d, const char *branch, const char *id);
struct creply central_pay_create(struct cdb *d, const struct central_conf *cc, const char *branch, json_t *req);
struct creply central_pay_get(struct cdb *d, const char *branch, const char *order_no);
struct creply central_stats(struct cdb *d);

/* The reviewer's decisions (certdesk-central decide, /admin/v1/decide, auto mode).
 * action: accept | reject | finauth-fail | ship | refund. Returns false with *err. */
/* Append a feed event of any TYPE (the feed's vocabulary or not: tests of a
 * branch against a type it does not know) for APP_NO, with DATA's members
 * (an object, or NULL). POST /admin/v1/events. */
bool central_emit(struct cdb *d, const struct central_conf *cc, const char *app_no, const char *type, json_t *data,
		  char **err);
bool central_decide(struct cdb *d, const struct central_conf *cc, const char *app_no, const char *action,
		    const char *arg1, const char *arg2, char **err);
/* idv: pass | fail REASON; payment: paid | confirm. */
bool central_idv_set(struct cdb *d, const char *id, const char *result, const char *reason, char **err);
bool central_pay_set(struct cdb *d, const char *order_no, const char *result, char **err);
/* One pass of the automatic reviewer over everything that is due. */
void central_auto_tick(struct cdb *d, const struct central_conf *cc);

/* SHA-256 hex of data (65 bytes with the NUL). */
void central_sha256_hex(const void *data, size_t len, char out[65]);
/* Log one line to stderr (never personal data: only numbers and codes). */
void central_log(const struct central_conf *cc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The HTTP(S) server. */
struct central_server;
struct central_server *central_server_start(struct central_conf *cc, struct cdb *d, char **err);
int central_server_port(const struct central_server *srv);
void central_server_stop(struct central_server *srv);

#endif
