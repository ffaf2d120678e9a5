/* test_attach.c - attachment scans in the store: stored with SHA-256 and size,
 * replaced but never lost, the form scan only after printing. */
#include "testutil.h"

#include <sodium.h>

#include "core/status.h"
#include "store/app.h"
#include "store/attach.h"
#include "store/operator.h"
#include "store/printed.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	long long clerk, sup;
	long long app;
};

static long long add_op(struct fx *f, const char *login, enum role r)
{
	return tu_operator(f->s, f->c, login, r);
}

static char *image(struct fx *f, const char *args, const char *name)
{
	char *path = xasprintf("%s/%s", f->dir, name);
	char *cmd = xasprintf("convert %s '%s'", args, path);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return path;
}

/* What the print module records when the form is printed. */
static long long add_print(struct fx *f, const char *data_hash)
{
	struct print_new p = {
		.app_id = f->app, .operator_id = f->clerk, .at = "2026-11-25 10:00:00", .sha256 = "pdfsha",
		.data_hash = data_hash,
	};
	long long id = printed_add(f->s, &p);

	assert_true(id > 0);
	return id;
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char no[APPNO_LEN + 1], *err = NULL;

	tu_open(&f->dir, &f->c, &f->s);
	f->clerk = add_op(f, "clerk1", ROLE_CLERK);
	f->sup = add_op(f, "sup1", ROLE_SUPERVISOR);
	f->app = app_create_draft(f->s, f->c, f->clerk, no, &err);
	assert_true(f->app > 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_close(f->dir, f->c, f->s);
	free(f);
	return 0;
}

static void stores_the_checked_bytes_with_sha256_size_and_dimensions(void **state)
{
	struct fx *f = *state;
	char *path = image(f, "-size 320x200 xc:white -fill black -draw 'rectangle 10,10 100,50'", "营业执照 2026.jpg");
	char *err = NULL, *warn = NULL, hex[65];
	size_t flen, clen;
	char *bytes = file_read_all(path, &flen);
	unsigned char h[crypto_hash_sha256_BYTES];
	struct attachment a;
	unsigned char *content;
	long long id = attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, path, f->clerk, &warn, &err);

	assert_true(id > 0);
	assert_null(err);
	assert_null(warn);
	crypto_hash_sha256(h, (const unsigned char *)bytes, flen);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	assert_true(attach_current(f->s, f->app, ATTACH_LICENSE_SCAN, &a));
	assert_int_equal(a.id, id);
	assert_string_equal(a.name, "营业执照 2026.jpg");
	assert_string_equal(a.mime, "image/jpeg");
	assert_int_equal(a.size, (long long)flen);
	assert_string_equal(a.sha256, hex);
	assert_int_equal(a.width, 320);
	assert_int_equal(a.height, 200);
	assert_int_equal(a.print_id, 0);
	assert_int_equal(a.created_by, f->clerk);
	assert_null(a.superseded_at);
	attach_release(&a);
	content = attach_content(f->s, id, &clen);
	assert_int_equal(clen, flen);
	assert_memory_equal(content, bytes, flen);
	/* the database agrees with itself too */
	assert_int_equal(store_get_int(f->s, "SELECT length(content) = size FROM attachments", NULL, 0), 1);
	/* one audit entry naming the kind and the hash */
	{
		char *detail = store_get_text(f->s, "SELECT detail FROM audit_log WHERE action = 'attach.add'", NULL);
		assert_non_null(detail);
		assert_non_null(strstr(detail, "license_scan"));
		assert_non_null(strstr(detail, hex));
		assert_null(strstr(detail, "营业执照 2026"));   /* names may hold personal data */
		free(detail);
	}
	free(content);
	free(bytes);
	free(path);
}

static void refused_files_store_nothing(void **state)
{
	struct fx *f = *state;
	char *png = image(f, "-size 10x10 xc:white", "scan.png");
	char *named = xasprintf("%s/scan.jpg", f->dir);
	char *err = NULL, *warn = NULL;

	assert_int_equal(rename(png, named), 0);
	assert_int_equal(attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, named, f->clerk, &warn, &err), 0);
	assert_string_equal(err, "错误的文件类型 (内容是 PNG)");
	assert_null(warn);
	free(err);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM attachments", NULL, -1), 0);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE action = 'attach.add'", NULL, -1), 0);
	free(png);
	free(named);
}

static void replacing_keeps_the_old_version_in_history(void **state)
{
	struct fx *f = *state;
	char *one = image(f, "-size 100x80 xc:white", "one.jpg");
	char *two = image(f, "-size 120x90 xc:white", "two.gif");
	char *err = NULL, *warn = NULL;
	long long a1, a2, again;
	struct attachment *v;
	size_t n;

	a1 = attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, one, f->clerk, &warn, &err);
	a2 = attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, two, f->clerk, &warn, &err);
	assert_true(a1 > 0 && a2 > a1);
	n = attach_list(f->s, f->app, false, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, a2);
	assert_string_equal(v[0].mime, "image/gif");
	attach_list_free(v, n);
	n = attach_list(f->s, f->app, true, &v);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, a2);                 /* newest first */
	assert_null(v[0].superseded_at);
	assert_int_equal(v[1].id, a1);
	assert_non_null(v[1].superseded_at);
	attach_list_free(v, n);
	/* the same file again is no new version */
	again = attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, two, f->clerk, &warn, &err);
	assert_int_equal(again, a2);
	assert_non_null(warn);
	assert_non_null(strstr(warn, "内容相同"));
	free(warn);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM attachments", NULL, -1), 2);
	/* never deleted, never rewritten */
	assert_false(store_exec(f->s, "DELETE FROM attachments"));
	assert_false(store_exec(f->s, "UPDATE attachments SET content = x'00'"));
	assert_false(store_exec(f->s, "UPDATE attachments SET superseded_at = NULL"));
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE action = 'attach.add'", NULL, -1), 2);
	free(one);
	free(two);
}

static void form_scan_needs_a_print_and_links_to_the_latest(void **state)
{
	struct fx *f = *state;
	char *scan = image(f, "-size 210x297 xc:white", "申请表.jpg");
	char *err = NULL, *warn = NULL, *missing;
	struct attachment a;
	long long p1, p2, id;

	assert_int_equal(attach_add_file(f->s, f->app, ATTACH_FORM_SCAN, scan, f->clerk, &warn, &err), 0);
	assert_non_null(strstr(err, "申请表尚未打印"));
	free(err);
	missing = attach_missing(f->s, f->app);
	assert_string_equal(missing, "缺少申请表扫描件、营业执照扫描件");
	free(missing);

	p1 = add_print(f, "data-v1");
	p2 = add_print(f, "data-v1");                  /* reprinted (paper jam): same values */
	id = attach_add_file(f->s, f->app, ATTACH_FORM_SCAN, scan, f->clerk, &warn, &err);
	assert_true(id > 0);
	assert_true(attach_get(f->s, id, &a));
	assert_int_equal(a.print_id, p2);
	assert_true(p2 > p1);
	attach_release(&a);
	missing = attach_missing(f->s, f->app);
	assert_string_equal(missing, "缺少营业执照扫描件");
	free(missing);

	{
		char *lic = image(f, "-size 50x50 xc:white", "lic.bmp");
		assert_true(attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, lic, f->clerk, &warn, &err) > 0);
		free(lic);
	}
	assert_null(attach_missing(f->s, f->app));
	add_print(f, "data-v1");                       /* same values again: scan still good */
	assert_null(attach_missing(f->s, f->app));
	add_print(f, "data-v2");                       /* edited and printed again: scan is stale */
	missing = attach_missing(f->s, f->app);
	assert_non_null(missing);
	assert_non_null(strstr(missing, "重新打印"));
	free(missing);
	free(scan);
}

static void frozen_applications_take_no_attachments_and_approval_is_voided(void **state)
{
	struct fx *f = *state;
	char *a = image(f, "-size 30x30 xc:white", "a.jpg");
	char *b = image(f, "-size 31x30 xc:white", "b.jpg");
	char *err = NULL, *warn = NULL;

	assert_true(app_transition(f->s, f->app, ST_PENDING, f->clerk, NULL, NULL, &err));
	assert_true(app_transition(f->s, f->app, ST_APPROVED, f->sup, NULL, NULL, &err));
	assert_true(attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, a, f->clerk, &warn, &err) > 0);
	assert_int_equal(app_status(f->s, f->app), ST_PENDING);     /* changed after approval */
	assert_true(app_transition(f->s, f->app, ST_APPROVED, f->sup, NULL, NULL, &err));
	assert_true(app_transition(f->s, f->app, ST_QUEUED, f->sup, NULL, NULL, &err));
	assert_int_equal(attach_add_file(f->s, f->app, ATTACH_LICENSE_SCAN, b, f->clerk, &warn, &err), 0);
	assert_non_null(strstr(err, "待同步"));
	free(err);
	assert_int_equal(attach_add_file(f->s, 999999, ATTACH_LICENSE_SCAN, b, f->clerk, &warn, &err), 0);
	assert_string_equal(err, "申请不存在");
	free(err);
	free(a);
	free(b);
}

static void names_and_kinds(void **state)
{
	struct fx *f = *state;
	const unsigned char gif[13] = { 'G', 'I', 'F', '8', '9', 'a', 2, 0, 3, 0 };
	char *err = NULL, *warn = NULL;
	struct attachment at;
	long long id;

	assert_int_equal(attach_kind_parse("form_scan"), ATTACH_FORM_SCAN);
	assert_int_equal(attach_kind_parse("营业执照扫描件"), ATTACH_LICENSE_SCAN);
	assert_int_equal(attach_kind_parse("photo"), -1);
	assert_string_equal(attach_kind_name(ATTACH_FORM_SCAN), "申请表扫描件");
	/* a name with an escape sequence and broken UTF-8 is stored displayable */
	id = attach_add(f->s, f->app, ATTACH_LICENSE_SCAN, "a\x1b[31m\xff.gif", gif, sizeof(gif), f->clerk, &warn, &err);
	assert_true(id > 0);
	assert_true(attach_get(f->s, id, &at));
	assert_string_equal(at.name, "a?[31m?.gif");
	assert_int_equal(at.width, 2);
	assert_int_equal(at.height, 3);
	attach_release(&at);
	assert_int_equal(attach_add(f->s, f->app, ATTACH_LICENSE_SCAN, "x.gif", gif, 6, f->clerk, &warn, &err), 0);
	assert_non_null(strstr(err, "GIF"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(stores_the_checked_bytes_with_sha256_size_and_dimensions, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_files_store_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(replacing_keeps_the_old_version_in_history, setup, teardown),
		cmocka_unit_test_setup_teardown(form_scan_needs_a_print_and_links_to_the_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(frozen_applications_take_no_attachments_and_approval_is_voided, setup, teardown),
		cmocka_unit_test_setup_teardown(names_and_kinds, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
