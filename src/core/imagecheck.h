/* imagecheck.h - is this file an acceptable attachment scan? JPEG, BMP or GIF
 * by content (magic bytes and a parsed header with the image size), at most
 * 2 MB, a regular file opened without following a symlink. */
#ifndef CERTDESK_IMAGECHECK_H
#define CERTDESK_IMAGECHECK_H

#include <stdbool.h>
#include <stddef.h>

/* The guide: "支持.jpg.jpeg.bmp.gif格式，图片大小不超过2M". 2M = 2 MiB. */
#define IMAGECHECK_MAX_BYTES (2L * 1024 * 1024)

enum image_type { IMAGE_NONE, IMAGE_JPEG, IMAGE_BMP, IMAGE_GIF };

struct image_info {
	enum image_type type;
	const char *mime;         /* static: image/jpeg, image/bmp, image/gif */
	int width, height;        /* pixels, both > 0 */
};

/* A file that passed imagecheck_file(). data holds exactly the bytes that
 * were checked (read once, so what is stored is what was checked). */
struct image_file {
	struct image_info info;
	unsigned char *data;      /* owned; release with image_file_release */
	size_t size;
	char *name;               /* the last path component as given, owned */
	char *warning;            /* owned; NULL, or the extension does not match the content */
};

/* Check the bytes: size, type by magic, header parsed for width and height.
 * Returns NULL when acceptable (*out filled), else the reason in Chinese
 * (caller frees). */
char *imagecheck_buffer(const unsigned char *data, size_t n, struct image_info *out);

/* Check the file at PATH and read it. On refusal returns false and *err gets
 * the reason in Chinese (caller frees), e.g. "是符号链接", "是目录",
 * "超过 2 MB (2,097,153 字节)", "错误的文件类型 (内容是 PNG)", "空文件",
 * "无法读取: 权限不足". A relative PATH is relative to the process's
 * working directory.
 *
 * The extension does not decide anything: a file whose content is JPEG, BMP
 * or GIF is accepted whatever it is called, and *out->warning then says that
 * the name does not match ("扩展名 .png 与内容 (JPEG) 不符"); the .jpg .jpeg
 * .bmp .gif names of the guide in any letter case, matching the content,
 * give no warning. A right extension on wrong content is refused by content. */
bool imagecheck_file(const char *path, struct image_file *out, char **err);
void image_file_release(struct image_file *f);

const char *image_type_name(enum image_type t);      /* "JPEG", "BMP", "GIF", "" */
const char *image_type_mime(enum image_type t);
/* The type a file name's extension suggests: the guide's .jpg .jpeg .bmp
 * .gif in any letter case; IMAGE_NONE otherwise. */
enum image_type image_type_by_name(const char *name);
/* Does the start of a file look like an accepted type (magic bytes only)? */
enum image_type image_type_by_magic(const unsigned char *data, size_t n);

/* "2,097,153" into buf (>= 32 bytes); returns buf. */
char *imagecheck_group_digits(long long v, char *buf, size_t n);

#endif
