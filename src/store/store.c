/* store.c - open the branch database safely, migrate it, transactions, audit chain. */
#include "store/store.h"
#include "store/store_impl.h"
#include "core/clock.h"
#include "store/schema.h"
#include "store/audit_actions.h"
#include "store/dbcopy.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/conf.h"
#include "core/redact.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define NFS_MAGIC 0x6969
#define SMB_MAGIC 0x517B
#define CIFS_MAGIC 0xFF534D42u
#define SMB2_MAGIC 0xFE534D42u
#define FUSE_MAGIC 0x65735546
#define CODA_MAGIC 0x73757245
#define AFS_MAGIC 0x5346414F
#define NCP_MAGIC 0x564c

bool store_wal_safe(void)
{
	return sqlite3_libversion_number() >= 3051003;
}

const char *store_sqlite_version(void)
{
	return sqlite3_libversion();
}

/* SQLite's locking is unreliable on network file systems: refuse them. */
static const char *network_fs(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct statfs sf;
	const char *what = NULL;

	if (slash && slash != dir)
		*slash = '\0';
	else if (slash)
		dir[1] = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	if (statfs(dir, &sf) == 0) {
		unsigned long t = (unsigned long)sf.f_type;
		if (t == NFS_MAGIC)
			what = "NFS";
		else if (t == SMB_MAGIC || t == CIFS_MAGIC || t == SMB2_MAGIC)
			what = "SMB/CIFS";
		else if (t == CODA_MAGIC || t == AFS_MAGIC || t == NCP_MAGIC)
			what = "网络文件系统";
		else if (t == FUSE_MAGIC)
			what = NULL; /* sshfs and friends cannot be told from local FUSE; allowed */
	}
	free(dir);
	return what;
}

static int db_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_schema_version(struct store *s)
{
	return db_version(s->db);
}

/* Before a schema upgrade of an existing database, a copy of it beside it:
 * PATH.schema-N-YYYYMMDD-HHMMSS.bak (N the version it had). */
static bool backup_before_upgrade(struct store *s, char **err)
{
	int v = db_version(s->db);
	struct stat st;
	struct tm tm;
	char stamp[32], *path;
	bool ok;

	if (v <= 0 || v >= store_migration_count)
		return true;
	clock_local(clock_now(), &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	path = xasprintf("%s.schema-%d-%s.bak", s->path, v, stamp);
	if (euidaccess(path, F_OK) == 0) {   /* another terminal, upgrading the same second */
		free(path);
		return true;
	}
	ok = dbcopy_file(s->db, path, stat(s->path, &st) == 0 && (st.st_mode & 0060), err);
	if (!ok) {
		char *e = *err;
		*err = xasprintf("升级数据库前备份失败, 未升级: %s", e);
		free(e);
	}
	free(path);
	return ok;
}

static bool migrate(struct store *s, char **err)
{
	int v;

	if (!backup_before_upgrade(s, err))
		return false;
	if (!store_begin(s)) {
		*err = xasprintf("%s: 无法锁定数据库: %s", s->path, store_errmsg(s));
		return false;
	}
	v = db_version(s->db);
	if (v < 0) {
		*err = xasprintf("%s: 不是 certdesk 数据库或文件已损坏 (%s)", s->path, store_errmsg(s));
		store_rollback(s);
		return false;
	}
	if (v > store_migration_count) {
		*err = xasprintf("%s: 数据库版本 %d 比本程序 (支持到 %d) 新, 请升级 certdesk", s->path, v,
				 store_migration_count);
		store_rollback(s);
		return false;
	}
	for (int i = v; i < store_migration_count; i++) {
		char *e = NULL;
		char pragma[64];

		if (sqlite3_exec(s->db, store_migrations[i], NULL, NULL, &e) != SQLITE_OK) {
			*err = xasprintf("%s: 数据库升级到版本 %d 失败: %s", s->path, i + 1, e ? e : "?");
			sqlite3_free(e);
			store_rollback(s);
			return false;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", i + 1);
		if (!store_exec(s, pragma)) {
			*err = xasprintf("%s: %s", s->path, store_errmsg(s));
			store_rollback(s);
			return false;
		}
	}
	if (!store_commit(s)) {
		*err = xasprintf("%s: 提交数据库升级失败: %s", s->path, store_errmsg(s));
		return false;
	}
	return true;
}

static bool set_pragmas(struct store *s, const struct conf *conf, char **err)
{
	const char *journal = conf ? conf_str(conf, "store.journal") : "auto";
	bool wal = !strcmp(journal, "wal") || (!strcmp(journal, "auto") && store_wal_safe());
	char *e = NULL;
	char *sql;

	s->busy_timeout_ms = conf ? conf_int(conf, "store.busy_timeout_ms") : 30000;
	sqlite3_busy_timeout(s->db, (int)s->busy_timeout_ms);
	sql = xasprintf("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = %s;",
			wal ? "WAL" : "DELETE");
	if (sqlite3_exec(s->db, sql, NULL, NULL, &e) != SQLITE_OK) {
		if (sqlite3_errcode(s->db) == SQLITE_NOTADB || sqlite3_errcode(s->db) == SQLITE_CORRUPT)
			*err = xasprintf("%s: 不是 certdesk 数据库或文件已损坏, 文件未被改动", s->path);
		else
			*err = xasprintf("%s: 无法设置数据库参数: %s", s->path, e ? e : "?");
		sqlite3_free(e);
		free(sql);
		return false;
	}
	free(sql);
	s->wal = wal;
	return true;
}

/* certdesk_rfc3339(X), for migration 8: a time stored without offset
 * ("YYYY-MM-DD HH:MM:SS", branch-local) in today's stored form, RFC 3339 in
 * the branch zone (clock_text); anything else comes back as it is. */
static void sql_rfc3339(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *v = (const char *)sqlite3_value_text(argv[0]);
	char out[CLOCK_TEXT];
	time_t t;

	(void)argc;
	if (v && strlen(v) == 19 && v[10] == ' ' && clock_parse(v, &t)) {
		clock_text(t, out);
		sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_result_value(ctx, argv[0]);
	}
}

struct store *store_open_path(const char *path, const struct conf *conf, int flags, char **err)
{
	struct store *s;
	const char *netfs;
	const char *group = conf ? conf_str(conf, "store.group") : "";
	bool exists = euidaccess(path, F_OK) == 0;
	int rc;

	*err = NULL;
	if (sodium_init() < 0) {
		*err = xstrdup("libsodium 初始化失败");
		return NULL;
	}
	if (!exists && !(flags & STORE_CREATE)) {
		*err = xasprintf("%s: 数据库不存在", path);
		return NULL;
	}
	if ((netfs = network_fs(path))) {
		*err = xasprintf("%s: 数据库在网络文件系统 (%s) 上; 多终端共享的数据库必须放在本机磁盘",
				 path, netfs);
		return NULL;
	}
	if (!exists) {
		/* Create the file ourselves so its mode is never wider than asked. */
		/* shared with a group: named, or the setgid program's (certdesk-security(7)) */
		mode_t mode = str_empty(group) && !access_privileged() ? 0600 : 0660;
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

		if (fd < 0 && errno != EEXIST) {
			*err = xasprintf("%s: 无法创建数据库: %s", path, strerror(errno));
			return NULL;
		}
		if (fd >= 0) {
			if (!str_empty(group)) {
				struct group *g = getgrnam(group);
				if (!g || fchown(fd, (uid_t)-1, g->gr_gid) != 0) {
					*err = xasprintf("%s: 无法设置属组 %s", path, group);
					close(fd);
					unlink(path);
					return NULL;
				}
			}
			fchmod(fd, mode);
			close(fd);
		}
	}
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK) {
		*err = xasprintf("%s: 无法打开数据库: %s", path, sqlite3_errstr(rc));
		store_close(s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_create_function(s->db, "certdesk_rfc3339", 1, SQLITE_UTF8, NULL, sql_rfc3339, NULL, NULL);
	if (!set_pragmas(s, conf, err) || !migrate(s, err)) {
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *store_open_memory(char **err)
{
	struct store *s = xcalloc(1, sizeof(*s));

	*err = NULL;
	s->path = xstrdup(":memory:");
	if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		*err = xstrdup("无法打开内存数据库");
		store_close(s);
		return NULL;
	}
	sqlite3_create_function(s->db, "certdesk_rfc3339", 1, SQLITE_UTF8, NULL, sql_rfc3339, NULL, NULL);
	if (!migrate(s, err)) {
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *store_open_readonly(const char *path, char **err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int rc;

	*err = NULL;
	s->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		*err = xasprintf("%s: 无法打开数据库: %s", path, sqlite3_errstr(rc));
		store_close(s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	return s;
}

struct store *store_open(const struct conf *conf, int flags, char **err)
{
	return store_open_path(conf_str(conf, "store.database"), conf, flags, err);
}

#define CACHE_SLOTS 512

struct store_cache {
	struct {
		unsigned hash;
		char *sql;
		sqlite3_stmt *st;
	} slot[CACHE_SLOTS];
	size_t n, next;           /* used slots; when full, the next to reuse */
};

sqlite3_stmt *store_cached(struct store *s, const char *sql)
{
	struct store_cache *c = s->cache;
	unsigned h = str_hash(sql, STR_HASH_SEED);
	size_t i;

	if (!c)
		c = s->cache = xcalloc(1, sizeof(*c));
	for (i = 0; i < c->n; i++)
		if (c->slot[i].hash == h && !strcmp(c->slot[i].sql, sql)) {
			sqlite3_reset(c->slot[i].st);
			sqlite3_clear_bindings(c->slot[i].st);
			return c->slot[i].st;
		}
	if (c->n < CACHE_SLOTS) {
		i = c->n++;
	} else {
		i = c->next;
		c->next = (c->next + 1) % CACHE_SLOTS;
		sqlite3_finalize(c->slot[i].st);
		free(c->slot[i].sql);
	}
	c->slot[i].st = store_prepare(s, sql);
	c->slot[i].sql = xstrdup(sql);
	c->slot[i].hash = h;
	return c->slot[i].st;
}

static void cache_free(struct store *s)
{
	if (!s->cache)
		return;
	for (size_t i = 0; i < s->cache->n; i++) {
		sqlite3_finalize(s->cache->slot[i].st);
		free(s->cache->slot[i].sql);
	}
	xfree(&s->cache);
}

struct store_watch {
	void (*fn)(void *ud);
	void *ud;
	struct store_watch *next;
};

void store_close(struct store *s)
{
	if (!s)
		return;
	store_flush(s);
	while (s->watch)
		store_unwatch_lost(s, s->watch->ud);
	cache_free(s);
	free(s->later_sql);
	for (size_t i = 0; i < s->napp_cols; i++)
		free(s->app_cols[i]);
	free(s->app_cols);
	sqlite3_close_v2(s->db);
	free(s->lost);
	free(s->path);
	free(s);
}

bool store_exec(struct store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

const char *store_errmsg(const struct store *s)
{
	return sqlite3_errmsg(s->db);
}

sqlite3_stmt *store_prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		die("内部错误: SQL 无法编译: %s (%s)", sqlite3_errmsg(s->db), sql);
	return st;
}

void store_watch_lost(struct store *s, void (*fn)(void *ud), void *ud)
{
	struct store_watch *w = xcalloc(1, sizeof(*w));

	w->fn = fn;
	w->ud = ud;
	w->next = s->watch;
	s->watch = w;
}

void store_unwatch_lost(struct store *s, void *ud)
{
	for (struct store_watch **p = &s->watch; *p;) {
		struct store_watch *w = *p;

		if (w->ud == ud) {
			*p = w->next;
			free(w);
		} else {
			p = &w->next;
		}
	}
}

/* BEGIN, SAVEPOINT, COMMIT …: each key that saves a field runs a few; kept compiled. */
static bool run(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_cached(s, sql);
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE;
}

/* Why the last statement failed, for the clerk (Chinese). */
static char *why_failed(struct store *s)
{
	switch (sqlite3_errcode(s->db) & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xstrdup("数据库正被其他程序占用");
	case SQLITE_FULL:
		return xstrdup("磁盘已满");
	case SQLITE_IOERR:
		return xstrdup("磁盘读写错误");
	case SQLITE_READONLY:
		return xstrdup("数据库只读");
	case SQLITE_CORRUPT:
		return xstrdup("数据库文件已损坏");
	case SQLITE_CONSTRAINT:
		return xasprintf("数据不一致: %s", store_errmsg(s));
	default:
		return xstrdup(store_errmsg(s));
	}
}

/* Deferred work was rolled back: say why, and let the watchers reload. */
static void lost(struct store *s, const char *why)
{
	free(s->lost);
	s->lost = xstrdup(why && *why ? why : "?");
	for (struct store_watch *w = s->watch; w; w = w->next)
		w->fn(w->ud);
}

/* An I/O error, a full disk or out of memory can make SQLite roll a whole
 * transaction back on its own: the deferred work is then gone. */
static bool later_gone(struct store *s)
{
	if (!s->later || s->depth > 0 || !sqlite3_get_autocommit(s->db))
		return false;
	s->later = false;
	lost(s, "数据库回滚了未提交的内容");
	return true;
}

void store_read_begin(struct store *s)
{
	if (s->rdepth++ == 0 && s->depth == 0 && sqlite3_get_autocommit(s->db))
		s->rtx = run(s, "BEGIN");
}

static void read_done(struct store *s)
{
	if (s->rtx) {
		s->rtx = false;
		run(s, "COMMIT");   /* nothing written: no journal, no fsync */
	}
}

void store_read_end(struct store *s)
{
	if (s->rdepth > 0 && --s->rdepth == 0)
		read_done(s);
}

bool store_begin(struct store *s)
{
	if (s->depth++ > 0)
		return true;
	read_done(s);   /* a write inside a read scope: the snapshot ends here */
	later_gone(s);
	if (s->later) {
		/* a deferred commit is open: this transaction is a unit inside it */
		if (run(s, "SAVEPOINT unit")) {
			s->unit = true;
			return true;
		}
		s->depth = 0;
		return false;
	}
	if (!run(s, "BEGIN IMMEDIATE")) {
		s->depth = 0;
		return false;
	}
	return true;
}

/* Undo the current unit only: the deferred work before it stays. */
static void unit_undo(struct store *s)
{
	s->unit = false;
	run(s, "ROLLBACK TO unit");
	run(s, "RELEASE unit");
}

/* The outermost commit: a unit inside a deferred commit is released (its
 * work joins the deferred commit). False when that failed (rolled back). */
static bool end_unit(struct store *s)
{
	if (!s->unit)
		return true;
	if (run(s, "RELEASE unit")) {
		s->unit = false;
		return true;
	}
	unit_undo(s);
	return false;
}

/* The end of a begin..commit pair: 0 when nested (nothing more to do), 1
 * at the outermost (its unit released), -1 when that failed. */
static int pair_end(struct store *s)
{
	if (s->depth <= 0)
		return -1;
	if (--s->depth > 0)
		return 0;
	return end_unit(s) ? 1 : -1;
}

/* COMMIT the open transaction; when that fails it is rolled back, and
 * deferred work in it (LATER) is reported lost. */
static bool commit_now(struct store *s, bool later)
{
	char *why;

	s->later = false;
	if (run(s, "COMMIT"))
		return true;
	why = why_failed(s);
	run(s, "ROLLBACK");
	if (later)
		lost(s, why);
	free(why);
	return false;
}

bool store_commit(struct store *s)
{
	bool had_later = s->later;
	int e = pair_end(s);

	if (e <= 0)
		return e == 0;
	return commit_now(s, had_later);
}

bool store_commit_later(struct store *s)
{
	int e;

	if (!s->defer)
		return store_commit(s);
	if ((e = pair_end(s)) <= 0)
		return e == 0;
	s->later = true;
	return true;
}

void store_rollback(struct store *s)
{
	if (s->depth <= 0)
		return;
	s->depth = 0;
	if (s->unit)
		unit_undo(s);
	else
		run(s, "ROLLBACK");
}

bool store_exec_later(struct store *s, char *sql)
{
	bool ok;

	if (!s->defer) {
		ok = store_exec(s, sql);
		sqlite3_free(sql);
		return ok;
	}
	s->later_sql = xrealloc(s->later_sql, (s->nlater_sql + 1) * sizeof(*s->later_sql));
	s->later_sql[s->nlater_sql++] = sql;
	return true;
}

/* The queued bookkeeping joins the deferred commit (or makes one). */
static void run_later_sql(struct store *s)
{
	if (!s->nlater_sql)
		return;
	if (store_begin(s)) {
		for (size_t i = 0; i < s->nlater_sql; i++)
			store_exec(s, s->later_sql[i]);
		store_commit_later(s);
	}
	for (size_t i = 0; i < s->nlater_sql; i++)
		sqlite3_free(s->later_sql[i]);
	s->nlater_sql = 0;
}

bool store_flush(struct store *s)
{
	if (s->depth > 0)
		return true;
	run_later_sql(s);
	if (later_gone(s))
		return false;
	return !s->later || commit_now(s, true);
}

void store_defer(struct store *s, bool on)
{
	if (!on)
		store_flush(s);
	s->defer = on;
}

bool store_pending(const struct store *s)
{
	return s->later;
}

char *store_take_lost(struct store *s)
{
	char *m = s->lost;

	s->lost = NULL;
	return m;
}

char *store_get_text(struct store *s, const char *sql, const char *param)
{
	sqlite3_stmt *st = store_cached(s, sql);
	char *out = NULL;

	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return out;
}

long long store_get_int(struct store *s, const char *sql, const char *param, long long dflt)
{
	sqlite3_stmt *st = store_cached(s, sql);
	long long v = dflt;

	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

char *store_state_get(struct store *s, const char *key)
{
	return store_get_text(s, "SELECT value FROM sync_state WHERE key = ?", key);
}

bool store_state_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO sync_state(key, value) VALUES (?, ?) "
					    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	bool ok;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

static void hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The chain: hash = SHA-256(prev_hash | id | at | operator | actor | action | object | detail),
 * fields separated by a 0x1f byte. store_audit_hash() in audit verification
 * must compute exactly this. */
void store_audit_hash(const char *prev, long long id, const char *at, long long op, const char *actor,
		      const char *action, const char *object, const char *detail, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char num[64];
	const char sep = 0x1f;
	const char *parts[6] = { at, actor, action, object ? object : "", detail ? detail : "", NULL };

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
	snprintf(num, sizeof(num), "%c%lld%c%lld", sep, id, sep, op);
	crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num));
	for (int i = 0; parts[i]; i++) {
		crypto_hash_sha256_update(&st, (const unsigned char *)&sep, 1);
		crypto_hash_sha256_update(&st, (const unsigned char *)parts[i], strlen(parts[i]));
	}
	crypto_hash_sha256_final(&st, h);
	hex(h, sizeof(h), out);
}

bool store_audit(struct store *s, long long operator_id, const char *actor, enum audit_action kind,
		 const char *object, const char *detail)
{
	char at[32], hash[65];
	char *prev = NULL;
	long long id = 0, count = 0;
	sqlite3_stmt *st;
	bool ok;
	/* Every kind of event is a row of the vocabulary (audit_actions.h,
	 * certdesk-security(7)), so `certdesk audit show --action` can find it;
	 * only a cast can bring another number. */
	const char *action = audit_action_code(kind);

	if ((unsigned)kind >= AUDIT__COUNT)
		die("内部错误: 审计动作 %d 不在 audit_actions.h 的词表中", (int)kind);
	/* The last line of defence: a caller that passed a typed login, a reason
	 * or an error text with an ID number, mobile or account in it does not
	 * put the full value into the log. */
	char *m_actor = redact_text(actor ? actor : "?");
	char *m_object = redact_text(object);
	char *m_detail = redact_text(detail);

	actor = m_actor;
	object = m_object;
	detail = m_detail;
	if (!store_begin(s)) {
		free(m_actor);
		free(m_object);
		free(m_detail);
		return false;
	}
	clock_now_text(at);
	/* The head (migration 2) names the last record; a missing head means a
	 * tampered log, and nothing more is appended to it. */
	st = store_prepare(s, "SELECT last_id, count, hash FROM audit_head WHERE one = 1");
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		count = sqlite3_column_int64(st, 1) + 1;
		prev = xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (!prev) {
		store_rollback(s);
		free(m_actor);
		free(m_object);
		free(m_detail);
		return false;
	}
	if (operator_id < 0)
		operator_id = 0;
	store_audit_hash(prev, id, at, operator_id, actor, action, object, detail, hash);
	st = store_prepare(s, "INSERT INTO audit_log(id, at, operator_id, actor, action, object, detail, "
			      "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	if (operator_id > 0)
		sqlite3_bind_int64(st, 3, operator_id);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, object, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, detail, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, hash, -1, SQLITE_TRANSIENT);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	free(prev);
	free(m_actor);
	free(m_object);
	free(m_detail);
	if (ok) {
		st = store_prepare(s, "UPDATE audit_head SET last_id = ?, count = ?, hash = ? WHERE one = 1");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, count);
		sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
		ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(s->db) == 1;
		sqlite3_finalize(st);
	}
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s);
}

char *store_column_dup(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : xstrdup((const char *)sqlite3_column_text(st, i));
}

const char *store_path(const struct store *s)
{
	return s->path;
}

bool store_in_transaction(const struct store *s)
{
	return s->depth > 0;
}
