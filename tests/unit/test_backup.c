/* test_backup.c - backup generations: a verified copy of the database and
 * the printed forms, kept N deep, never world-readable; a damaged copy or a
 * changed printed form is refused; restore gives back the same applications,
 * audit chain and files; writers during the copy do not break it. */
#include "fixture.h"

#include <dirent.h>
#include <glob.h>
#include <pthread.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "store/attach.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/schema.h"

static int setup(void **state)
{
	char *err = NULL;

	setenv("CERTDESK_NOW", "2026-11-28T09:30:00+08:00", 1);   /* a Saturday */
	if (!clock_init(NULL, &err)) {
		fprintf(stderr, "clock_init: %s\n", err);
		return -1;
	}
	return fx_setup(state);
}

/* A printed form as formprint leaves it: a file and its prints row. */
static char *print_form(struct fx *f, long long app, const char *name, const char *content)
{
	char *dir = xasprintf("%s/pdf", f->dir), *path = xasprintf("%s/%s", dir, name), sha[65];
	FILE *fp;
	sqlite3_stmt *st;

	mkdir(dir, 0700);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
	attach_sha256_hex((const unsigned char *)content, strlen(content), sha);
	st = store_prepare(f->s, "INSERT INTO prints(app_id, at, pdf_path, sha256, data_hash) "
				 "VALUES (?, '2026-11-28 09:00:00', ?, ?, 'x')");
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(dir);
	return path;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char buf[4096];
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return xstrdup(buf);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void a_generation_is_complete_verified_and_private(void **state)
{
	struct fx *f = *state;
	struct backup_report r;
	char *err = NULL, *dest = xasprintf("%s/backup", f->dir), *p, *m;
	long long a = fx_pending(f, "深圳市甲公司", "712C1B5A584A0001");

	free(print_form(f, a, "A-01.pdf", "%PDF-1.4 first"));
	{ bool ok_ = backup_make(f->s, dest, 0, "shell:root", &r, &err); fx_ok(ok_, err); }
	/* named by the pinned branch time (Saturday 09:30, the seconds run on) */
	assert_memory_equal(strrchr(r.path, '/') + 1, "certdesk-20261128-09", 20);
	assert_int_equal(r.applications, 1);
	assert_int_equal(r.files, 1);
	assert_true(r.audit_records > 0);
	assert_int_equal(mode_of(r.path) & 0007, 0);
	p = xasprintf("%s/certdesk.db", r.path);
	assert_int_equal(mode_of(p), 0600);
	free(p);
	p = xasprintf("%s/pdf/A-01.pdf", r.path);
	m = slurp(p);
	assert_string_equal(m, "%PDF-1.4 first");
	free(m);
	assert_int_equal(mode_of(p), 0600);
	free(p);
	p = xasprintf("%s/MANIFEST", r.path);
	m = slurp(p);
	assert_non_null(strstr(m, "\tcertdesk.db\t"));
	assert_non_null(strstr(m, "\tpdf/A-01.pdf\t"));
	free(m);
	free(p);
	/* the backup itself is audited in the live chain */
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.make' AND actor = 'shell:root'",
				  0), 1);
	{
		struct backup_report v;
		{ bool ok_ = backup_verify(r.path, &v, &err); fx_ok(ok_, err); }
		assert_int_equal(v.applications, 1);
		backup_report_release(&v);
	}
	backup_report_release(&r);
	free(dest);
}

static void generations_are_kept_n_deep(void **state)
{
	struct fx *f = *state;
	struct backup_report r;
	char *err = NULL, *dest = xasprintf("%s/backup", f->dir), *latest;
	size_t n = 0;
	DIR *d;
	struct dirent *e;

	for (int i = 0; i < 4; i++) {
		{ bool ok_ = backup_make(f->s, dest, 3, "systemd", &r, &err); fx_ok(ok_, err); }
		if (i == 3)
			assert_int_equal(r.removed, 1);
		backup_report_release(&r);
	}
	d = opendir(dest);
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, "certdesk-", 9);
	closedir(d);
	assert_int_equal(n, 3);
	latest = backup_latest(dest);
	/* the newest by name is the last one made (two in one second get -2, -3 …) */
	assert_memory_equal(strrchr(latest, '/') + 1, "certdesk-20261128-09", 20);
	free(latest);
	free(dest);
}

static void a_changed_printed_form_or_a_damaged_copy_is_refused(void **state)
{
	struct fx *f = *state;
	struct backup_report r;
	char *err = NULL, *dest = xasprintf("%s/backup", f->dir), *pdf, *p;
	long long a = fx_pending(f, "深圳市乙公司", "712C1B5A584A0002");
	FILE *fp;

	pdf = print_form(f, a, "B-01.pdf", "%PDF-1.4 original");
	fp = fopen(pdf, "wb");
	fputs("%PDF-1.4 altered", fp);
	fclose(fp);
	assert_false(backup_make(f->s, dest, 0, "shell:root", &r, &err));
	assert_non_null(strstr(err, "SHA-256 不符"));
	free(err);
	err = NULL;
	assert_null(backup_latest(dest));     /* nothing half-made left */
	unlink(pdf);
	assert_false(backup_make(f->s, dest, 0, "shell:root", &r, &err));
	assert_non_null(strstr(err, "缺失"));
	free(err);
	err = NULL;
	/* a good one, then a flipped byte in the copy */
	fp = fopen(pdf, "wb");
	fputs("%PDF-1.4 original", fp);
	fclose(fp);
	{ bool ok_ = backup_make(f->s, dest, 0, "shell:root", &r, &err); fx_ok(ok_, err); }
	p = xasprintf("%s/pdf/B-01.pdf", r.path);
	fp = fopen(p, "r+b");
	fputc('X', fp);
	fclose(fp);
	{
		struct backup_report v;
		assert_false(backup_verify(r.path, &v, &err));
		assert_non_null(strstr(err, "与备份清单不符"));
		free(err);
		err = NULL;
		backup_report_release(&v);
		assert_false(backup_restore(f->s, r.path, "shell:root", &v, &err));
		free(err);
		backup_report_release(&v);
	}
	free(p);
	backup_report_release(&r);
	free(pdf);
	free(dest);
}

static void restore_gives_back_applications_chain_and_files(void **state)
{
	struct fx *f = *state;
	struct backup_report r, v;
	char *err = NULL, *dest = xasprintf("%s/backup", f->dir), *pdf, *m, *head, *aside;
	long long a = fx_pending(f, "深圳市丙公司", "712C1B5A584A0003");
	long long records;

	pdf = print_form(f, a, "C-01.pdf", "%PDF-1.4 kept");
	{ bool ok_ = backup_make(f->s, dest, 0, "shell:root", &r, &err); fx_ok(ok_, err); }
	records = r.audit_records;
	head = store_get_text(f->s, "SELECT hash FROM audit_log WHERE id = ?", "1");
	/* after the backup: a new application, the form lost, another one changed */
	fx_pending(f, "备份之后的公司", "712C1B5A584A0004");
	unlink(pdf);
	{ bool ok_ = backup_restore(f->s, r.path, "shell:root", &v, &err); fx_ok(ok_, err); }
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM applications", 0), 1);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM applications WHERE org_name = '深圳市丙公司'", 0), 1);
	m = slurp(pdf);
	assert_string_equal(m, "%PDF-1.4 kept");
	free(m);
	/* the chain is the backup's, plus the restore's own record, and intact */
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log", 0), records + 1);   /* + the restore (the copy predates its own backup.make) */
	m = store_get_text(f->s, "SELECT hash FROM audit_log WHERE id = ?", "1");
	assert_string_equal(m, head);
	free(m);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.restore'", 0), 1);
	{
		struct audit_report ar;
		assert_true(audit_verify(f->s, NULL, &ar));
		audit_report_release(&ar);
	}
	backup_report_release(&v);
	/* a file that differs is kept aside, not overwritten */
	{
		FILE *fp = fopen(pdf, "wb");
		fputs("%PDF-1.4 someone else's", fp);
		fclose(fp);
	}
	{ bool ok_ = backup_restore(f->s, r.path, "shell:root", &v, &err); fx_ok(ok_, err); }
	assert_int_equal(v.kept_aside, 1);
	aside = xasprintf("%s.before-restore", pdf);
	m = slurp(aside);
	assert_string_equal(m, "%PDF-1.4 someone else's");
	free(m);
	free(aside);
	backup_report_release(&v);
	backup_report_release(&r);
	free(head);
	free(pdf);
	free(dest);
}

/* A clerk's terminal writing while the copy is taken (a commit every few ms). */
struct writer {
	const char *db;
	volatile int stop;
	long long wrote;
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	sqlite3 *db;

	if (sqlite3_open_v2(w->db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(db, 5000);
	while (!w->stop) {
		if (sqlite3_exec(db, "BEGIN IMMEDIATE; UPDATE applications SET updated_at = updated_at || ''; "
				     "INSERT INTO sync_state(key, value) VALUES ('writer.' || random(), 'x'); COMMIT;",
				 NULL, NULL, NULL) == SQLITE_OK)
			w->wrote++;
		else
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		usleep(2000);   /* a fast typist's commits, not a tight loop */
	}
	sqlite3_close(db);
	return NULL;
}

static void a_copy_taken_under_concurrent_writes_verifies(void **state)
{
	struct fx *f = *state;
	struct backup_report r;
	char *err = NULL, *dest = xasprintf("%s/backup", f->dir);
	struct writer w = { .db = store_path(f->s) };
	pthread_t t;

	for (int i = 0; i < 20; i++)
		fx_pending(f, "并发公司", NULL);
	assert_int_equal(pthread_create(&t, NULL, write_loop, &w), 0);
	for (int i = 0; i < 5; i++) {
		{ bool ok_ = backup_make(f->s, dest, 2, "systemd", &r, &err); fx_ok(ok_, err); }
		assert_int_equal(r.applications, 20);
		backup_report_release(&r);
	}
	w.stop = 1;
	pthread_join(t, NULL);
	assert_true(w.wrote > 0);
	free(dest);
}

static void a_schema_upgrade_takes_a_copy_first(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *bak, pragma[64];
	struct store *again;
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = store_migration_count - 1;

	fx_pending(f, "升级前的公司", NULL);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v);
	assert_true(store_exec(f->s, pragma));
	/* whether the last migration then applies again is not the point: the
	 * copy is made before it is tried */
	again = store_open_path(store_path(f->s), f->c, 0, &err);
	store_close(again);
	free(err);
	{
		char *pattern = xasprintf("%s.schema-%d-20261128-09*.bak", store_path(f->s), v);
		glob_t g;

		assert_int_equal(glob(pattern, 0, NULL, &g), 0);
		assert_int_equal(g.gl_pathc, 1);
		bak = xstrdup(g.gl_pathv[0]);
		globfree(&g);
		free(pattern);
	}
	assert_int_equal(sqlite3_open_v2(bak, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version), "
						"(SELECT COUNT(*) FROM applications)", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), v);
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(mode_of(bak), 0600);
	free(bak);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_generation_is_complete_verified_and_private, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(generations_are_kept_n_deep, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_changed_printed_form_or_a_damaged_copy_is_refused, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(restore_gives_back_applications_chain_and_files, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_copy_taken_under_concurrent_writes_verifies, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_schema_upgrade_takes_a_copy_first, setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
