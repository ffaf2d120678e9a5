/* backup.c - verified online copies of the branch state, and their restore. */
#include "store/backup.h"
#include "store/store_impl.h"
#include "store/dbcopy.h"
#include "store/attach.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/schema.h"
#include "core/clock.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void backup_report_release(struct backup_report *r)
{
	if (!r)
		return;
	free(r->path);
	memset(r, 0, sizeof(*r));
}

/* ---- files ---------------------------------------------------------------- */

static bool read_file(const char *path, unsigned char **data, size_t *len, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	unsigned char *buf;
	size_t got = 0;

	if (fd < 0) {
		*err = xasprintf("%s: 无法读取: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: 不是普通文件", path);
		close(fd);
		return false;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		*err = xasprintf("%s: 读取不完整", path);
		free(buf);
		return false;
	}
	*data = buf;
	*len = got;
	return true;
}

/* Write a new file (never replacing one), fsync'ed. */
static bool write_new(const char *path, const unsigned char *p, size_t n, mode_t mode, char **err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	bool ok = fd >= 0 && fd_write_all(fd, p, n) && fchmod(fd, mode) == 0 && fsync(fd) == 0;

	if (!ok)
		*err = xasprintf("%s: 无法写入: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (!ok && fd >= 0)
		unlink(path);
	return ok;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Remove DIR and the plain files in it (a generation has one level: pdf/). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char *p;
			struct stat st;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			p = xasprintf("%s/%s", dir, e->d_name);
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				remove_tree(p);
			else
				unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* ---- the database copy ---------------------------------------------------- */

static long long count_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* integrity_check, version and audit chain of a database copy. */
static bool check_db(const char *path, struct backup_report *r, char **err)
{
	struct store *c = store_open_readonly(path, err);
	struct audit_report ar;
	sqlite3_stmt *st;
	bool ok = false;
	long long version;

	if (!c)
		return false;
	if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		*err = xasprintf("%s: 不是 SQLite 数据库或已损坏: %s", path, sqlite3_errmsg(c->db));
		store_close(c);
		return false;
	}
	if (sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok")) {
		*err = xasprintf("%s: 数据库完整性检查未通过", path);
		sqlite3_finalize(st);
		store_close(c);
		return false;
	}
	sqlite3_finalize(st);
	version = count_of(c->db, "PRAGMA user_version");
	if (version < 1 || version > store_migration_count) {
		*err = xasprintf("%s: 数据库版本 %lld 不是本程序能读的 (1 到 %d)", path, version, store_migration_count);
		store_close(c);
		return false;
	}
	if (!audit_verify(c, NULL, &ar)) {
		*err = xasprintf("%s: 审计记录校验未通过: %s", path, ar.message ? ar.message : "?");
	} else {
		r->audit_records = ar.records;
		r->applications = count_of(c->db, "SELECT COUNT(*) FROM applications");
		ok = true;
	}
	audit_report_release(&ar);
	store_close(c);
	return ok;
}

/* ---- generations ---------------------------------------------------------- */

struct entry {
	char sha[65];
	long long size;
	char *name;               /* in the generation */
	char *orig;               /* where it lives in the branch */
};

static void entries_free(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].orig);
	}
	free(e);
}

static bool read_manifest(const char *gen, struct entry **out, size_t *n, char **err)
{
	char *path = xasprintf("%s/%s", gen, BACKUP_MANIFEST);
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0, have = 0;
	long lineno = 0;
	struct entry *e = NULL;
	bool ok = true;

	*out = NULL;
	*n = 0;
	if (!f) {
		*err = xasprintf("%s: 不是 certdesk 备份 (无法读取 %s: %s)", gen, BACKUP_MANIFEST, strerror(errno));
		free(path);
		return false;
	}
	while (getline(&line, &cap, f) > 0) {
		char *fields[4], *p = line, *nl = strchr(line, '\n');
		int k = 0;

		lineno++;
		if (nl)
			*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		while (k < 4 && p) {
			fields[k++] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k != 4 || p || strlen(fields[0]) != 64 || strchr(fields[2], '/') != strrchr(fields[2], '/') ||
		    strstr(fields[2], "..")) {
			*err = xasprintf("%s:%ld: 清单行格式不对", path, lineno);
			ok = false;
			break;
		}
		e = xrealloc(e, (have + 1) * sizeof(*e));
		snprintf(e[have].sha, sizeof(e[have].sha), "%s", fields[0]);
		e[have].size = atoll(fields[1]);
		e[have].name = xstrdup(fields[2]);
		e[have].orig = xstrdup(fields[3]);
		have++;
	}
	free(line);
	fclose(f);
	free(path);
	if (!ok) {
		entries_free(e, have);
		return false;
	}
	*out = e;
	*n = have;
	return true;
}

bool backup_verify(const char *gen, struct backup_report *r, char **err)
{
	struct entry *e;
	size_t n;
	bool ok = true, have_db = false;

	*err = NULL;
	memset(r, 0, sizeof(*r));
	r->path = xstrdup(gen);
	if (!read_manifest(gen, &e, &n, err))
		return false;
	for (size_t i = 0; i < n && ok; i++) {
		char *p = xasprintf("%s/%s", gen, e[i].name), sha[65];
		unsigned char *data;
		size_t len;

		if (!read_file(p, &data, &len, err)) {
			ok = false;
		} else {
			attach_sha256_hex(data, len, sha);
			if ((long long)len != e[i].size || strcmp(sha, e[i].sha)) {
				*err = xasprintf("%s: 与备份清单不符 (文件已损坏或被改动)", p);
				ok = false;
			}
			free(data);
		}
		if (ok && !strcmp(e[i].name, BACKUP_DB)) {
			have_db = true;
			ok = check_db(p, r, err);
		} else if (ok) {
			r->files++;
		}
		free(p);
	}
	if (ok && !have_db) {
		*err = xasprintf("%s: 备份清单里没有数据库", gen);
		ok = false;
	}
	entries_free(e, n);
	return ok;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The complete generations under DEST, oldest first (names sort by time). */
static char **generations(const char *dest, size_t *n)
{
	DIR *d = opendir(dest);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) || strchr(e->d_name, '.'))
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), name_cmp);
	return v;
}

char *backup_latest(const char *dest)
{
	size_t n;
	char **v = generations(dest, &n), *last = NULL;

	if (n)
		last = xasprintf("%s/%s", dest, v[n - 1]);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return last;
}

static bool group_shared(struct store *s)
{
	struct stat st;

	return stat(s->path, &st) == 0 && (st.st_mode & 0060);
}

/* Copy the printed forms the copy's prints table names, checking each
 * against the SHA-256 recorded when it was printed. */
static bool copy_forms(const char *tmp, const char *dbcopy, struct strbuf *manifest, mode_t fmode,
		       long long *files, char **err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	bool ok = true;
	char *pdfdir = xasprintf("%s/pdf", tmp);

	if (sqlite3_open_v2(dbcopy, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT pdf_path, sha256 FROM prints WHERE COALESCE(pdf_path, '') <> '' ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		*err = xasprintf("%s: 无法读取打印记录: %s", dbcopy, db ? sqlite3_errmsg(db) : "?");
		ok = false;
	}
	if (ok && mkdir(pdfdir, fmode == 0640 ? 0750 : 0700) != 0) {
		*err = xasprintf("%s: 无法创建: %s", pdfdir, strerror(errno));
		ok = false;
	}
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		const char *orig = (const char *)sqlite3_column_text(st, 0);
		const char *want = (const char *)sqlite3_column_text(st, 1);
		char sha[65], *name = xasprintf("pdf/%s", base_name(orig)), *to = xasprintf("%s/%s", tmp, name);
		unsigned char *data;
		size_t len;

		if (!read_file(orig, &data, &len, err)) {
			char *e = *err;
			*err = xasprintf("打印过的申请表缺失: %s", e);
			free(e);
			ok = false;
		} else {
			attach_sha256_hex(data, len, sha);
			if (want && strcmp(sha, want)) {
				*err = xasprintf("%s: 与打印时记录的 SHA-256 不符 (文件被改动或损坏)", orig);
				ok = false;
			} else if (write_new(to, data, len, fmode, err)) {
				sb_addf(manifest, "%s\t%zu\t%s\t%s\n", sha, len, name, orig);
				(*files)++;
			} else {
				ok = false;
			}
			free(data);
		}
		free(name);
		free(to);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(pdfdir);
	return ok;
}

static void prune(const char *dest, int keep, long long *removed)
{
	size_t n;
	char **v = generations(dest, &n);

	for (size_t i = 0; i < n; i++) {
		if (keep > 0 && i + (size_t)keep < n) {
			char *p = xasprintf("%s/%s", dest, v[i]);
			remove_tree(p);
			free(p);
			(*removed)++;
		}
		free(v[i]);
	}
	free(v);
}

bool backup_make(struct store *s, const char *dest, int keep, const char *actor, struct backup_report *r,
		 char **err)
{
	bool shared = group_shared(s), ok;
	mode_t dmode = shared ? 0750 : 0700, fmode = shared ? 0640 : 0600;
	char stamp[32], *tmp, *final, *dbcopy, *mpath = NULL;
	struct strbuf manifest;
	struct tm tm;
	unsigned char *data = NULL;
	size_t len = 0;
	struct stat st;

	*err = NULL;
	memset(r, 0, sizeof(*r));
	if (mkdir(dest, dmode) != 0 && errno != EEXIST) {
		*err = xasprintf("%s: 无法创建备份目录: %s", dest, strerror(errno));
		return false;
	}
	if (stat(dest, &st) != 0 || !S_ISDIR(st.st_mode)) {
		*err = xasprintf("%s: 不是目录", dest);
		return false;
	}
	clock_local(clock_now(), &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	final = xasprintf("%s/" BACKUP_PREFIX "%s", dest, stamp);
	for (int k = 2; euidaccess(final, F_OK) == 0; k++) {   /* two in one second */
		free(final);
		final = xasprintf("%s/" BACKUP_PREFIX "%s-%d", dest, stamp, k);
	}
	tmp = xasprintf("%s/.%s.partial", dest, base_name(final));
	remove_tree(tmp);
	if (mkdir(tmp, dmode) != 0 || chmod(tmp, dmode) != 0) {
		*err = xasprintf("%s: 无法创建: %s", tmp, strerror(errno));
		free(tmp);
		free(final);
		return false;
	}
	sb_init(&manifest);
	sb_addf(&manifest, "# certdesk 备份 %s; 字段: SHA-256, 字节数, 备份中的文件, 原位置\n", base_name(final));
	dbcopy = xasprintf("%s/" BACKUP_DB, tmp);
	ok = dbcopy_file(s->db, dbcopy, shared, err);
	if (ok && (ok = read_file(dbcopy, &data, &len, err))) {
		char sha[65];
		attach_sha256_hex(data, len, sha);
		sb_addf(&manifest, "%s\t%zu\t" BACKUP_DB "\t%s\n", sha, len, s->path);
		free(data);
	}
	if (ok)
		ok = copy_forms(tmp, dbcopy, &manifest, fmode, &r->files, err);
	if (ok) {
		mpath = xasprintf("%s/" BACKUP_MANIFEST, tmp);
		ok = write_new(mpath, (const unsigned char *)manifest.s, manifest.len, fmode, err);
	}
	if (ok) {
		struct backup_report v;
		ok = backup_verify(tmp, &v, err);
		r->applications = v.applications;
		r->audit_records = v.audit_records;
		backup_report_release(&v);
	}
	if (ok && rename(tmp, final) != 0) {
		*err = xasprintf("%s: 无法改名为 %s: %s", tmp, final, strerror(errno));
		ok = false;
	}
	if (!ok) {
		remove_tree(tmp);
	} else {
		char *detail;

		sync_dir(dest);
		r->path = xstrdup(final);
		prune(dest, keep, &r->removed);
		detail = xasprintf("申请 %lld 笔, 审计记录 %lld 条, 申请表 %lld 份", r->applications, r->audit_records,
				   r->files);
		if (!store_begin(s) || !store_audit(s, 0, actor, AUDIT_BACKUP_MAKE, final, detail) || !store_commit(s)) {
			store_rollback(s);
			*err = xasprintf("备份已完成 (%s), 但写审计记录失败: %s", final, store_errmsg(s));
			ok = false;
		}
		free(detail);
	}
	sb_release(&manifest);
	free(mpath);
	free(dbcopy);
	free(tmp);
	free(final);
	return ok;
}

/* ---- restore -------------------------------------------------------------- */

/* Put one printed form back at ORIG. */
static bool put_back(const char *from, const struct entry *e, mode_t fmode, long long *aside, char **err)
{
	unsigned char *data, *have;
	size_t len, hlen;
	char sha[65];
	bool ok;

	if (!read_file(from, &data, &len, err))
		return false;
	if (euidaccess(e->orig, F_OK) == 0) {
		char *keep;
		if (read_file(e->orig, &have, &hlen, err)) {
			attach_sha256_hex(have, hlen, sha);
			free(have);
			if (!strcmp(sha, e->sha)) {
				free(data);
				return true;       /* already there */
			}
		}
		free(*err);
		*err = NULL;
		keep = xasprintf("%s.before-restore", e->orig);
		if (rename(e->orig, keep) != 0) {
			*err = xasprintf("%s: 无法改名: %s", e->orig, strerror(errno));
			free(keep);
			free(data);
			return false;
		}
		free(keep);
		(*aside)++;
	} else {
		char *dir = xstrdup(e->orig), *slash = strrchr(dir, '/');
		if (slash) {
			*slash = '\0';
			mode_t dmode = fmode == 0640 ? 02770 : 0700;
			if (mkdir(dir, dmode) == 0)
				chmod(dir, dmode);
		}
		free(dir);
	}
	ok = write_new(e->orig, data, len, fmode, err);
	free(data);
	return ok;
}

bool backup_restore(struct store *s, const char *gen, const char *actor, struct backup_report *r, char **err)
{
	struct entry *e = NULL;
	size_t n = 0;
	sqlite3 *src = NULL;
	char *dbcopy = xasprintf("%s/" BACKUP_DB, gen), *detail;
	bool ok;
	int rc;
	mode_t fmode = group_shared(s) ? 0640 : 0600;

	if (!backup_verify(gen, r, err) || !read_manifest(gen, &e, &n, err)) {
		free(dbcopy);
		return false;
	}
	rc = sqlite3_open_v2(dbcopy, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = dbcopy_pages(s->db, src);
	sqlite3_close(src);
	free(dbcopy);
	if (rc != SQLITE_DONE) {
		*err = xasprintf("%s: 恢复数据库失败 (有终端或同步服务仍在使用数据库?): %s", s->path,
				 rc < 0 ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		entries_free(e, n);
		return false;
	}
	ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		char *from;
		if (!strcmp(e[i].name, BACKUP_DB))
			continue;
		from = xasprintf("%s/%s", gen, e[i].name);
		ok = put_back(from, &e[i], fmode, &r->kept_aside, err);
		free(from);
	}
	entries_free(e, n);
	if (!ok)
		return false;
	detail = xasprintf("申请 %lld 笔, 审计记录 %lld 条, 申请表 %lld 份; 改名保留的不同文件 %lld 个",
			   r->applications, r->audit_records, r->files, r->kept_aside);
	ok = store_begin(s) && store_audit(s, 0, actor, AUDIT_BACKUP_RESTORE, gen, detail) && store_commit(s);
	if (!ok) {
		store_rollback(s);
		*err = xasprintf("已恢复, 但写审计记录失败: %s", store_errmsg(s));
	}
	free(detail);
	return ok;
}
