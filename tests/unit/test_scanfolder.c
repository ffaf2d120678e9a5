/* test_scanfolder.c - the scanner folder picker: images newest first, filter
 * as typed (Chinese too), completion of typed paths, no escape from the folder. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "core/scanfolder.h"

struct fx {
	char *dir;                 /* the scratch directory */
	char *scans;               /* dir/扫描: the scanner folder */
};

static const unsigned char gif[13] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0 };

/* A file with content and an mtime AGE seconds ago. */
static void put(const char *dir, const char *name, const void *data, size_t n, int age)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "wb");
	struct timespec ts[2];

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fclose(fp);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= age;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
}

static void sub(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *link, *target;

	f->dir = tu_tmpdir();
	f->scans = xasprintf("%s/扫描", f->dir);
	assert_int_equal(mkdir(f->scans, 0755), 0);
	put(f->scans, "Scan_0001.JPG", "\xff\xd8\xff\xe0", 4, 300);
	put(f->scans, "营业执照-深圳某某科技.jpg", "\xff\xd8\xff\xe0", 4, 100);
	put(f->scans, "申请表 盖章.bmp", "BM", 2, 200);
	put(f->scans, "phone-photo", gif, sizeof(gif), 50);          /* no extension, GIF content */
	put(f->scans, "readme.txt", "hello", 5, 10);                 /* not an image: hidden */
	put(f->scans, "scan.png", "\x89PNG\r\n\x1a\n", 8, 20);      /* another type: hidden */
	put(f->scans, ".partial.jpg", "\xff\xd8\xff", 3, 1);        /* dot file: a scanner still writing */
	sub(f->scans, "旧扫描件");
	put(f->dir, "secret.jpg", "\xff\xd8\xff", 3, 0);            /* outside the folder */
	target = xasprintf("%s/secret.jpg", f->dir);
	link = xasprintf("%s/link.jpg", f->scans);
	assert_int_equal(symlink(target, link), 0);
	free(link);
	free(target);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_rmrf(f->dir);
	free(f->dir);
	free(f->scans);
	free(f);
	return 0;
}

static void lists_images_newest_first_with_size_and_time(void **state)
{
	struct fx *f = *state;
	struct scan_list l;
	char *err = NULL;

	assert_true(scanfolder_list(f->scans, &l, &err));
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].name, "phone-photo");             /* 50 s old */
	assert_int_equal(l.v[0].magic, IMAGE_GIF);
	assert_int_equal(l.v[0].size, 13);
	assert_string_equal(l.v[1].name, "营业执照-深圳某某科技.jpg"); /* 100 s */
	assert_string_equal(l.v[2].name, "申请表 盖章.bmp");          /* 200 s */
	assert_string_equal(l.v[3].name, "Scan_0001.JPG");            /* 300 s */
	assert_true(l.v[0].mtime.tv_sec > l.v[3].mtime.tv_sec);
	assert_int_equal(l.hidden, 2);                                /* readme.txt, scan.png */
	scanfolder_release(&l);
}

static void folder_errors_are_named(void **state)
{
	struct fx *f = *state;
	struct scan_list l;
	char *err = NULL, *missing = xasprintf("%s/nope", f->dir);

	assert_false(scanfolder_list("", &l, &err));
	assert_string_equal(err, "未配置扫描仪目录 ([scanner] folder)");
	free(err);
	assert_false(scanfolder_list(missing, &l, &err));
	assert_non_null(strstr(err, "不存在"));
	free(err);
	free(missing);
}

static void filter_is_a_substring_ascii_case_insensitive_and_chinese(void **state)
{
	struct fx *f = *state;
	struct scan_list l;
	char *err = NULL;
	size_t idx[8], n;

	assert_true(scanfolder_list(f->scans, &l, &err));
	n = scanfolder_filter(&l, "scan", idx);
	assert_int_equal(n, 1);
	assert_string_equal(l.v[idx[0]].name, "Scan_0001.JPG");
	n = scanfolder_filter(&l, ".jpg", idx);
	assert_int_equal(n, 2);
	assert_string_equal(l.v[idx[0]].name, "营业执照-深圳某某科技.jpg");   /* list order kept */
	n = scanfolder_filter(&l, "执照", idx);
	assert_int_equal(n, 1);
	n = scanfolder_filter(&l, "深圳某某", idx);
	assert_int_equal(n, 1);
	n = scanfolder_filter(&l, "", idx);
	assert_int_equal(n, 4);
	n = scanfolder_filter(&l, "申请表 盖", idx);
	assert_int_equal(n, 1);
	assert_false(scanfolder_match("营业执照", "执照x"));
	assert_false(scanfolder_match("ABC", "abcd"));
	assert_true(scanfolder_match("ABC", "bC"));
	scanfolder_release(&l);
}

static void picked_names_cannot_leave_the_folder(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *p;

	p = scanfolder_pick(f->scans, "Scan_0001.JPG", &err);
	assert_non_null(p);
	assert_true(str_startswith(p, f->scans));
	free(p);
	for (const char *bad[] = { "../secret.jpg", "/etc/passwd", "..", ".", "", "a/b.jpg", NULL }, **b = bad; *b; b++) {
		assert_null(scanfolder_pick(f->scans, *b, &err));
		assert_non_null(err);
		free(err);
	}
	assert_null(scanfolder_pick(f->scans, "link.jpg", &err));      /* symlink to outside */
	assert_string_equal(err, "是符号链接");
	free(err);
}

static void typed_paths_resolve_against_the_folder_or_home(void **state)
{
	struct fx *f = *state;
	char *p, *want;

	p = scanfolder_resolve(f->scans, "旧扫描件/a.jpg");
	want = xasprintf("%s/旧扫描件/a.jpg", f->scans);
	assert_string_equal(p, want);
	free(p);
	free(want);
	p = scanfolder_resolve(f->scans, "/srv/x.jpg");
	assert_string_equal(p, "/srv/x.jpg");
	free(p);
	setenv("HOME", f->dir, 1);
	p = scanfolder_resolve(f->scans, "~/secret.jpg");
	want = xasprintf("%s/secret.jpg", f->dir);
	assert_string_equal(p, want);                                 /* typed: may be anywhere */
	free(p);
	free(want);
	p = scanfolder_resolve("", "rel.jpg");
	assert_string_equal(p, "rel.jpg");
	free(p);
}

static void completion_extends_the_common_prefix_and_lists_candidates(void **state)
{
	struct fx *f = *state;
	struct scan_completion c;
	char *typed, *want;

	put(f->scans, "营业执照-副本.gif", gif, sizeof(gif), 0);
	/* two candidates share "营业执照-" (a multi-byte common prefix) */
	scanfolder_complete(f->scans, "营业", &c);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.completed, "营业执照-");
	assert_string_equal(c.cand[0], "营业执照-副本.gif");
	assert_string_equal(c.cand[1], "营业执照-深圳某某科技.jpg");
	scan_completion_release(&c);
	/* the prefix diverges inside a character: never split it */
	put(f->scans, "营业执照-深圳乙.jpg", "\xff\xd8\xff", 3, 0);   /* 某 e6 9f 90 vs 乙 e4 b9 99 */
	put(f->scans, "营业执照-深圳丙.jpg", "\xff\xd8\xff", 3, 0);   /* 丙 e4 b8 99 */
	scanfolder_complete(f->scans, "营业执照-深", &c);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.completed, "营业执照-深圳");
	scan_completion_release(&c);
	/* a single directory gets its slash; dot files only when asked for */
	scanfolder_complete(f->scans, "旧", &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.completed, "旧扫描件/");
	scan_completion_release(&c);
	scanfolder_complete(f->scans, ".pa", &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.completed, ".partial.jpg");
	scan_completion_release(&c);
	/* no match: unchanged, no candidates; text files and symlinks are no candidates */
	scanfolder_complete(f->scans, "readme", &c);
	assert_int_equal(c.n, 0);
	assert_string_equal(c.completed, "readme");
	scan_completion_release(&c);
	scanfolder_complete(f->scans, "lin", &c);
	assert_int_equal(c.n, 0);
	scan_completion_release(&c);
	/* an absolute typed path completes outside the folder */
	typed = xasprintf("%s/sec", f->dir);
	want = xasprintf("%s/secret.jpg", f->dir);
	scanfolder_complete(f->scans, typed, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.completed, want);
	scan_completion_release(&c);
	free(typed);
	free(want);
	/* an empty path lists the folder */
	scanfolder_complete(f->scans, "", &c);
	assert_true(c.n >= 5);
	scan_completion_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lists_images_newest_first_with_size_and_time, setup, teardown),
		cmocka_unit_test_setup_teardown(folder_errors_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(filter_is_a_substring_ascii_case_insensitive_and_chinese, setup, teardown),
		cmocka_unit_test_setup_teardown(picked_names_cannot_leave_the_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(typed_paths_resolve_against_the_folder_or_home, setup, teardown),
		cmocka_unit_test_setup_teardown(completion_extends_the_common_prefix_and_lists_candidates, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
