/* dbcopy.c - whole-database copies with SQLite's online backup API: the
 * copy taken before a schema upgrade (store.c) and the backups and restores
 * of `certdesk backup` (backup.c). Below both, so neither includes the other. */
#include "store/dbcopy.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Copy every page of SRC into DST in one step: one read snapshot,
 * consistent however many clerks write meanwhile. Busy (a writer holding the
 * rollback journal's lock): wait and try again, up to ~30 s. SQLITE_DONE, or
 * the error; -1 when the copy cannot start (see sqlite3_errmsg(dst)). */
int dbcopy_pages(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc, tries = 0;

	if (!b)
		return -1;
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		if (++tries > 300)
			break;
		sqlite3_sleep(100);
	}
	sqlite3_backup_finish(b);
	return rc;
}

bool dbcopy_file(struct sqlite3 *db, const char *path, bool group_shared, char **err)
{
	mode_t mode = group_shared ? 0640 : 0600;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	sqlite3 *dst = NULL;
	int rc;

	if (fd < 0) {
		*err = xasprintf("%s: 无法创建备份: %s", path, strerror(errno));
		return false;
	}
	fchmod(fd, mode);
	close(fd);
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		*err = xasprintf("%s: 无法打开备份: %s", path, sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(path);
		return false;
	}
	rc = dbcopy_pages(dst, db);
	if (rc != SQLITE_DONE) {
		*err = xasprintf("%s: 备份数据库失败: %s", path, rc < 0 ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(path);
		return false;
	}
	/* a self-contained file: no -wal beside it */
	sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return true;
}

