/* test_imagecheck.c - which files an attachment may be: every refusal with its
 * reason, every accepted type with its dimensions, the extension rule. */
#include "testutil.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/imagecheck.h"
#include "core/paths.h"

struct fx {
	char *dir;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static char *path_in(struct fx *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

/* Make an image with ImageMagick (installed by tools/deps.sh); FORMAT (e.g.
 * "PNG") overrides the one the name suggests, "" keeps it. */
static char *magick(struct fx *f, const char *args, const char *format, const char *name)
{
	char *path = path_in(f, name);
	char *cmd = xasprintf("convert %s '%s%s%s'", args, format, *format ? ":" : "", path);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return path;
}

/* The refusal reason for PATH (caller frees), failing the test if it is accepted. */
static char *refusal(const char *path)
{
	struct image_file img;
	char *err = NULL;

	assert_false(imagecheck_file(path, &img, &err));
	assert_non_null(err);
	assert_null(img.data);
	return err;
}

static void expect_refusal(const char *path, const char *reason)
{
	char *err = refusal(path);

	if (!strstr(err, reason))
		fail_msg("%s: got \"%s\", expected \"%s\"", path, err, reason);
	free(err);
}

static void expect_image(const char *path, enum image_type type, int w, int h, bool warning)
{
	struct image_file img;
	char *err = NULL;
	size_t len;
	char *bytes;

	if (!imagecheck_file(path, &img, &err))
		fail_msg("%s refused: %s", path, err);
	assert_int_equal(img.info.type, type);
	assert_string_equal(img.info.mime, image_type_mime(type));
	assert_int_equal(img.info.width, w);
	assert_int_equal(img.info.height, h);
	assert_true(warning ? img.warning != NULL : img.warning == NULL);
	bytes = file_read_all(path, &len);       /* the data is exactly the file */
	assert_int_equal(len, img.size);
	assert_memory_equal(bytes, img.data, len);
	free(bytes);
	image_file_release(&img);
}

static void accepts_jpeg_bmp_gif_by_content_with_their_dimensions(void **state)
{
	struct fx *f = *state;
	struct { const char *args, *format, *name; enum image_type t; int w, h; } cases[] = {
		{ "-size 123x45 xc:white", "", "baseline.jpg", IMAGE_JPEG, 123, 45 },
		{ "-size 64x33 xc:gray -interlace JPEG", "", "progressive.jpeg", IMAGE_JPEG, 64, 33 },
		{ "-size 40x20 xc:white -set comment hello", "", "comment.JPG", IMAGE_JPEG, 40, 20 },
		{ "-size 17x9 xc:red", "", "v5.bmp", IMAGE_BMP, 17, 9 },              /* BITMAPV5HEADER */
		{ "-size 17x9 xc:red", "BMP3", "info.bmp", IMAGE_BMP, 17, 9 },        /* BITMAPINFOHEADER */
		{ "-size 13x11 xc:red", "BMP2", "core.BMP", IMAGE_BMP, 13, 11 },      /* BITMAPCOREHEADER */
		{ "-size 300x7 xc:blue", "", "wide.gif", IMAGE_GIF, 300, 7 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *path = magick(f, cases[i].args, cases[i].format, cases[i].name);

		expect_image(path, cases[i].t, cases[i].w, cases[i].h, false);
		free(path);
	}
}

static void accepts_a_top_down_bmp_and_a_gif87a(void **state)
{
	struct fx *f = *state;
	unsigned char bmp[14 + 40 + 4] = { 'B', 'M' };
	unsigned char gif[13] = { 'G', 'I', 'F', '8', '7', 'a', 0x20, 0x03, 0x58, 0x02 };   /* 800x600 */
	char *p;

	bmp[2] = sizeof(bmp);
	bmp[10] = 54;                      /* pixels at 54 */
	bmp[14] = 40;                      /* BITMAPINFOHEADER */
	bmp[18] = 1;                       /* width 1 */
	memset(bmp + 22, 0xff, 4);         /* height -1: top-down */
	bmp[26] = 1;                       /* planes */
	bmp[28] = 24;                      /* bpp */
	p = path_in(f, "topdown.bmp");
	write_bytes(p, bmp, sizeof(bmp));
	expect_image(p, IMAGE_BMP, 1, 1, false);
	free(p);
	p = path_in(f, "old.gif");
	write_bytes(p, gif, sizeof(gif));
	expect_image(p, IMAGE_GIF, 800, 600, false);
	free(p);
}

static void refuses_wrong_content_behind_a_right_extension(void **state)
{
	struct fx *f = *state;
	char *png = magick(f, "-size 10x10 xc:white", "PNG", "scan.jpg");
	char *pdf = path_in(f, "scan.gif");   /* Debian's ImageMagick policy forbids writing PDF */
	char *tif = magick(f, "-size 10x10 xc:white", "TIFF", "scan.bmp");
	char *txt = path_in(f, "notes.jpeg");
	char *junk = path_in(f, "random.jpg");
	unsigned char noise[64];

	write_bytes(pdf, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", 34);
	write_bytes(txt, "这不是图片\n", strlen("这不是图片\n"));
	for (size_t i = 0; i < sizeof(noise); i++)
		noise[i] = (unsigned char)(i * 37 + 3) | 0x80;
	write_bytes(junk, noise, sizeof(noise));
	expect_refusal(png, "错误的文件类型 (内容是 PNG)");
	expect_refusal(pdf, "错误的文件类型 (内容是 PDF)");
	expect_refusal(tif, "错误的文件类型 (内容是 TIFF)");
	expect_refusal(txt, "错误的文件类型 (内容是 文本)");
	expect_refusal(junk, "错误的文件类型 (内容无法识别)");
	free(png);
	free(pdf);
	free(tif);
	free(txt);
	free(junk);
}

static void refuses_magic_bytes_without_a_parsable_header(void **state)
{
	struct fx *f = *state;
	char *p = path_in(f, "x");
	/* JPEG that ends before any SOF */
	const unsigned char trunc[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F' };
	/* JPEG whose scan starts before a frame header */
	const unsigned char nosof[] = { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x00 };
	/* JPEG with a zero-height frame */
	const unsigned char zero[] = { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 0, 0, 10, 1, 1, 0x11, 0 };
	/* "BM" text: the magic is two letters, the header decides */
	const char *bmw = "BMW 汽车维修记录, 不是位图。这一行足够长, 超过任何 BMP 头部的长度。";
	const unsigned char gif0[13] = { 'G', 'I', 'F', '8', '9', 'a', 0, 0, 5, 0 };

	write_bytes(p, trunc, sizeof(trunc));
	expect_refusal(p, "文件已损坏 (JPEG");
	write_bytes(p, nosof, sizeof(nosof));
	expect_refusal(p, "没有图像尺寸");
	write_bytes(p, zero, sizeof(zero));
	expect_refusal(p, "图像尺寸 10×0 无效");
	write_bytes(p, bmw, strlen(bmw));
	expect_refusal(p, "文件已损坏 (BMP");
	write_bytes(p, gif0, sizeof(gif0));
	expect_refusal(p, "文件已损坏 (GIF");
	write_bytes(p, "GIF89a", 6);
	expect_refusal(p, "GIF 逻辑屏幕描述不完整");
	free(p);
}

/* A valid JPEG header padded with a COM segment chain to exactly n bytes. */
static void write_jpeg_of_size(const char *path, size_t n)
{
	unsigned char *b = xcalloc(1, n);
	const unsigned char head[] = { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 20, 0, 30, 1, 1, 0x11, 0 };

	memcpy(b, head, sizeof(head));      /* SOF first; the rest is never parsed */
	write_bytes(path, b, n);
	free(b);
}

static void refuses_two_megabytes_and_one_byte_accepts_exactly_two(void **state)
{
	struct fx *f = *state;
	char *p = path_in(f, "big.jpg");

	write_jpeg_of_size(p, 2 * 1024 * 1024 + 1);
	expect_refusal(p, "超过 2 MB (2,097,153 字节)");
	write_jpeg_of_size(p, 2 * 1024 * 1024);
	expect_image(p, IMAGE_JPEG, 30, 20, false);
	free(p);
}

static void refuses_an_empty_file(void **state)
{
	struct fx *f = *state;
	char *p = path_in(f, "empty.jpg");

	write_bytes(p, "", 0);
	expect_refusal(p, "空文件");
	free(p);
}

static void refuses_a_symlink_even_to_a_good_image(void **state)
{
	struct fx *f = *state;
	char *good = magick(f, "-size 8x8 xc:white", "", "good.jpg");
	char *link = path_in(f, "link.jpg");
	char *dangling = path_in(f, "dangling.jpg");

	expect_image(good, IMAGE_JPEG, 8, 8, false);
	assert_int_equal(symlink(good, link), 0);
	assert_int_equal(symlink("/nonexistent/x.jpg", dangling), 0);
	expect_refusal(link, "是符号链接");
	expect_refusal(dangling, "是符号链接");
	free(good);
	free(link);
	free(dangling);
}

static void refuses_directories_devices_and_fifos(void **state)
{
	struct fx *f = *state;
	char *dir = path_in(f, "folder.jpg");
	char *fifo = path_in(f, "pipe.jpg");

	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	expect_refusal(dir, "是目录");
	expect_refusal(fifo, "是命名管道");   /* and does not hang: a FIFO is never opened */
	expect_refusal("/dev/null", "是设备文件");
	free(dir);
	free(fifo);
}

/* Root reads a chmod 000 file anyway, and the tests run as root: the check runs
 * in a child that first drops to nobody (as root) — an ordinary user's case. */
static char *refusal_as_nobody(const char *path)
{
	int fds[2];
	pid_t pid;
	char buf[512] = "";
	ssize_t r;
	int status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct image_file img;
		char *err = NULL;

		close(fds[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
			_exit(2);
		if (imagecheck_file(path, &img, &err))
			_exit(3);
		if (write(fds[1], err, strlen(err)) < 0)
			_exit(4);
		_exit(0);
	}
	close(fds[1]);
	r = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	buf[r > 0 ? r : 0] = '\0';
	return xstrdup(buf);
}

static void refuses_an_unreadable_file(void **state)
{
	struct fx *f = *state;
	char *good = magick(f, "-size 8x8 xc:white", "", "locked.jpg");
	char *under_file = xasprintf("%s/inside.jpg", good);
	char *err;

	assert_int_equal(chmod(f->dir, 0755), 0);      /* nobody may search the directory */
	assert_int_equal(chmod(good, 0), 0);
	err = refusal_as_nobody(good);
	assert_string_equal(err, "无法读取: 权限不足");
	free(err);
	/* what root cannot read either: a path through a file */
	expect_refusal(under_file, "无法读取: 路径中有一段不是目录");
	expect_refusal("/nonexistent-dir/scan.jpg", "文件不存在");
	free(under_file);
	free(good);
}

static void extension_does_not_decide_but_is_reported(void **state)
{
	struct fx *f = *state;
	char *png_named = magick(f, "-size 8x6 xc:white", "JPEG", "scan.png");
	char *noext = magick(f, "-size 8x6 xc:white", "GIF", "scan");
	char *gif_as_jpg = magick(f, "-size 8x6 xc:white", "GIF", "scan2.jpg");
	char *upper = magick(f, "-size 8x6 xc:white", "", "SCAN.JPEG");
	struct image_file img;
	char *err = NULL;

	assert_true(imagecheck_file(png_named, &img, &err));
	assert_string_equal(img.warning, "扩展名 .png 与内容 (JPEG) 不符, 按内容接受");
	assert_string_equal(img.name, "scan.png");
	image_file_release(&img);
	assert_true(imagecheck_file(noext, &img, &err));
	assert_string_equal(img.warning, "文件名没有扩展名, 按内容 (GIF) 接受");
	image_file_release(&img);
	expect_image(gif_as_jpg, IMAGE_GIF, 8, 6, true);
	expect_image(upper, IMAGE_JPEG, 8, 6, false);
	free(png_named);
	free(noext);
	free(gif_as_jpg);
	free(upper);
}

static void buffer_check_and_digit_grouping(void **state)
{
	struct image_info info;
	char buf[32], *why;
	unsigned char one = 0xFF;

	(void)state;
	assert_string_equal(imagecheck_group_digits(2097153, buf, sizeof(buf)), "2,097,153");
	assert_string_equal(imagecheck_group_digits(999, buf, sizeof(buf)), "999");
	assert_string_equal(imagecheck_group_digits(1000, buf, sizeof(buf)), "1,000");
	why = imagecheck_buffer(&one, 0, &info);
	assert_string_equal(why, "空文件");
	free(why);
	why = imagecheck_buffer((const unsigned char *)"\x89PNG\r\n\x1a\n....", 12, &info);
	assert_string_equal(why, "错误的文件类型 (内容是 PNG)");
	free(why);
	assert_int_equal(image_type_by_name("a.b/c.JpEg"), IMAGE_JPEG);
	assert_int_equal(image_type_by_name(".gif"), IMAGE_NONE);      /* a hidden name, no extension */
	assert_int_equal(image_type_by_name("x.png"), IMAGE_NONE);
}

/* The scans shipped for the demo (tools/make-samples.sh) are what they claim. */
static void shipped_samples_pass_and_the_bad_example_fails(void **state)
{
	struct { const char *name; enum image_type t; int w, h; } ok[] = {
		{ "data/samples/申请表扫描件-样例.jpg", IMAGE_JPEG, 1240, 1754 },
		{ "data/samples/营业执照扫描件-样例.jpg", IMAGE_JPEG, 1600, 1130 },
		{ "data/samples/营业执照扫描件-样例.gif", IMAGE_GIF, 800, 565 },
		{ "data/samples/申请表扫描件-样例.bmp", IMAGE_BMP, 620, 877 },
	};
	char *p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		p = paths_file(ok[i].name);
		expect_image(p, ok[i].t, ok[i].w, ok[i].h, false);
		free(p);
	}
	p = paths_file("data/samples/错误示例-内容是PNG.jpg");
	expect_refusal(p, "错误的文件类型 (内容是 PNG)");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(accepts_jpeg_bmp_gif_by_content_with_their_dimensions, setup, teardown),
		cmocka_unit_test_setup_teardown(accepts_a_top_down_bmp_and_a_gif87a, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_wrong_content_behind_a_right_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_magic_bytes_without_a_parsable_header, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_two_megabytes_and_one_byte_accepts_exactly_two, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_an_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_a_symlink_even_to_a_good_image, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_directories_devices_and_fifos, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_an_unreadable_file, setup, teardown),
		cmocka_unit_test_setup_teardown(extension_does_not_decide_but_is_reported, setup, teardown),
		cmocka_unit_test(buffer_check_and_digit_grouping),
		cmocka_unit_test(shipped_samples_pass_and_the_bad_example_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
