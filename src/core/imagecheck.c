/* imagecheck.c - attachment scans: file kind, size, content type and image size. */
#include "core/imagecheck.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const char *image_type_name(enum image_type t)
{
	switch (t) {
	case IMAGE_JPEG: return "JPEG";
	case IMAGE_BMP: return "BMP";
	case IMAGE_GIF: return "GIF";
	default: return "";
	}
}

const char *image_type_mime(enum image_type t)
{
	switch (t) {
	case IMAGE_JPEG: return "image/jpeg";
	case IMAGE_BMP: return "image/bmp";
	case IMAGE_GIF: return "image/gif";
	default: return "";
	}
}

static const char *extension(const char *name)
{
	const char *base = strrchr(name, '/');
	const char *dot;

	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	return dot && dot != base ? dot : NULL;     /* ".hidden" has no extension */
}

enum image_type image_type_by_name(const char *name)
{
	const char *ext = extension(name);

	if (!ext)
		return IMAGE_NONE;
	if (!strcasecmp(ext, ".jpg") || !strcasecmp(ext, ".jpeg"))
		return IMAGE_JPEG;
	if (!strcasecmp(ext, ".bmp"))
		return IMAGE_BMP;
	if (!strcasecmp(ext, ".gif"))
		return IMAGE_GIF;
	return IMAGE_NONE;
}

enum image_type image_type_by_magic(const unsigned char *d, size_t n)
{
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return IMAGE_JPEG;
	if (n >= 2 && d[0] == 'B' && d[1] == 'M')
		return IMAGE_BMP;
	if (n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
		return IMAGE_GIF;
	return IMAGE_NONE;
}

char *imagecheck_group_digits(long long v, char *buf, size_t n)
{
	char raw[32], out[48];
	size_t len, o = 0;
	int neg = v < 0;

	snprintf(raw, sizeof(raw), "%llu", neg ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	len = strlen(raw);
	if (neg)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = raw[i];
	}
	out[o] = '\0';
	snprintf(buf, n, "%s", out);
	return buf;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned le16(const unsigned char *p) { return (unsigned)p[1] << 8 | p[0]; }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* What a refused file actually holds, for the message: the formats a scanner,
 * a phone or an office PC is likely to produce instead. */
static const char *sniff_other(const unsigned char *d, size_t n)
{
	size_t look = n < 512 ? n : 512;
	bool text = true;

	if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return "PNG";
	if (n >= 5 && !memcmp(d, "%PDF-", 5))
		return "PDF";
	if (n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4)))
		return "TIFF";
	if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
		return "WebP";
	if (n >= 12 && !memcmp(d + 4, "ftyp", 4)) {
		if (!memcmp(d + 8, "avif", 4) || !memcmp(d + 8, "avis", 4))
			return "AVIF";
		if (!memcmp(d + 8, "hei", 3) || !memcmp(d + 8, "mif1", 4) || !memcmp(d + 8, "msf1", 4) ||
		    !memcmp(d + 8, "hev", 3))
			return "HEIC";
		return "MP4/MOV 视频";
	}
	if ((n >= 12 && !memcmp(d, "\0\0\0\x0cjP  ", 8)) || (n >= 4 && !memcmp(d, "\xff\x4f\xff\x51", 4)))
		return "JPEG 2000";
	if (n >= 4 && !memcmp(d, "PK\x03\x04", 4))
		return "ZIP 压缩包或 Office 文档";
	if (n >= 8 && !memcmp(d, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return "Office 97-2003 文档";
	if (n >= 4 && !memcmp(d, "8BPS", 4))
		return "Photoshop PSD";
	if (n >= 4 && !memcmp(d, "\0\0\1\0", 4))
		return "ICO 图标";
	if (n >= 2 && d[0] == 0x1f && d[1] == 0x8b)
		return "gzip 压缩包";
	if (n >= 4 && !memcmp(d, "Rar!", 4))
		return "RAR 压缩包";
	if (n >= 6 && !memcmp(d, "7z\xbc\xaf\x27\x1c", 6))
		return "7z 压缩包";
	if (n >= 4 && !memcmp(d, "\x7f" "ELF", 4))
		return "可执行程序";
	/* Text: UTF-8 without control characters (a sequence cut at LOOK is fine). */
	for (size_t i = 0; i < look && text;) {
		size_t len = d[i] < 0x80 ? 1 : (d[i] & 0xE0) == 0xC0 ? 2 : (d[i] & 0xF0) == 0xE0 ? 3
			   : (d[i] & 0xF8) == 0xF0 ? 4 : 0;

		if (!len || (d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\r' && d[i] != '\f') ||
		    d[i] == 0x7F)
			text = false;
		for (size_t k = 1; text && k < len && i + k < look; k++)
			if ((d[i + k] & 0xC0) != 0x80)
				text = false;
		i += len ? len : 1;
	}
	if (text && look) {
		for (size_t i = 0; i + 4 <= look; i++)
			if (d[i] == '<' && (!strncasecmp((const char *)d + i, "<svg", 4)))
				return "SVG 矢量图";
		return "文本";
	}
	return NULL;
}

static char *parse_jpeg(const unsigned char *d, size_t n, struct image_info *out)
{
	size_t i = 2;

	for (;;) {
		unsigned m, len;

		if (i >= n)
			return xstrdup("文件已损坏 (JPEG 在图像尺寸之前就结束了)");
		if (d[i] != 0xFF)
			return xasprintf("文件已损坏 (JPEG 第 %zu 字节处应为标记)", i);
		while (i < n && d[i] == 0xFF)       /* fill bytes */
			i++;
		if (i >= n)
			return xstrdup("文件已损坏 (JPEG 在图像尺寸之前就结束了)");
		m = d[i++];
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))   /* TEM, RSTn: no length */
			continue;
		if (m == 0xD8 || m == 0xD9 || m == 0xDA || m == 0x00)
			return xstrdup("文件已损坏 (JPEG 头部没有图像尺寸 (SOF))");
		if (i + 2 > n)
			return xstrdup("文件已损坏 (JPEG 在图像尺寸之前就结束了)");
		len = be16(d + i);
		if (len < 2)
			return xasprintf("文件已损坏 (JPEG 标记段长度 %u 无效)", len);
		if (i + len > n)
			return xstrdup("文件已损坏 (JPEG 在图像尺寸之前就结束了)");
		/* SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (len < 8)
				return xstrdup("文件已损坏 (JPEG 帧头太短)");
			out->height = (int)be16(d + i + 3);
			out->width = (int)be16(d + i + 5);
			if (!out->width || !out->height)
				return xasprintf("文件已损坏 (JPEG 图像尺寸 %d×%d 无效)", out->width, out->height);
			return NULL;
		}
		i += len;
	}
}

static char *parse_bmp(const unsigned char *d, size_t n, struct image_info *out)
{
	uint32_t off, dib;
	long long w, h;
	unsigned planes, bpp;

	if (n < 26)
		return xstrdup("文件已损坏 (BMP 头部不完整)");
	off = le32(d + 10);
	dib = le32(d + 14);
	if (dib == 12) {                         /* BITMAPCOREHEADER (OS/2 1.x) */
		w = le16(d + 18);
		h = le16(d + 20);
		planes = le16(d + 22);
		bpp = le16(d + 24);
	} else if (dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
		if (n < 14 + (size_t)dib)     /* BITMAPINFOHEADER and its V2..V5 / OS/2 2.x */
			return xstrdup("文件已损坏 (BMP 头部不完整)");
		w = (int32_t)le32(d + 18);
		h = (int32_t)le32(d + 22);
		planes = le16(d + 26);
		bpp = le16(d + 28);
	} else
		return xasprintf("文件已损坏 (BMP 信息头长度 %u 无效)", (unsigned)dib);
	if (h < 0)
		h = -h;                          /* top-down bitmap */
	if (planes != 1 || !(bpp == 1 || bpp == 2 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32))
		return xasprintf("文件已损坏 (BMP 位面数 %u 或色深 %u 无效)", planes, bpp);
	if (w <= 0 || h <= 0 || w > 1000000 || h > 1000000)
		return xasprintf("文件已损坏 (BMP 图像尺寸 %lld×%lld 无效)", w, h);
	if (off < 14 + dib || off >= n)
		return xstrdup("文件已损坏 (BMP 像素数据位置超出文件)");
	out->width = (int)w;
	out->height = (int)h;
	return NULL;
}

static char *parse_gif(const unsigned char *d, size_t n, struct image_info *out)
{
	if (n < 13)
		return xstrdup("文件已损坏 (GIF 逻辑屏幕描述不完整)");
	out->width = (int)le16(d + 6);
	out->height = (int)le16(d + 8);
	if (!out->width || !out->height)
		return xasprintf("文件已损坏 (GIF 图像尺寸 %d×%d 无效)", out->width, out->height);
	return NULL;
}

char *imagecheck_buffer(const unsigned char *data, size_t n, struct image_info *out)
{
	char num[32];
	const char *other;
	char *why;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return xstrdup("空文件");
	if (n > (size_t)IMAGECHECK_MAX_BYTES)
		return xasprintf("超过 2 MB (%s 字节)", imagecheck_group_digits((long long)n, num, sizeof(num)));
	out->type = image_type_by_magic(data, n);
	switch (out->type) {
	case IMAGE_JPEG: why = parse_jpeg(data, n, out); break;
	case IMAGE_BMP: why = parse_bmp(data, n, out); break;
	case IMAGE_GIF: why = parse_gif(data, n, out); break;
	default:
		other = sniff_other(data, n);
		return other ? xasprintf("错误的文件类型 (内容是 %s)", other)
			     : xstrdup("错误的文件类型 (内容无法识别)");
	}
	if (why) {
		memset(out, 0, sizeof(*out));
		return why;
	}
	out->mime = image_type_mime(out->type);
	return NULL;
}

static char *errno_reason(int e)
{
	switch (e) {
	case ENOENT: return xstrdup("文件不存在");
	case EACCES:
	case EPERM: return xstrdup("无法读取: 权限不足");
	case ENOTDIR: return xstrdup("无法读取: 路径中有一段不是目录");
	case ENAMETOOLONG: return xstrdup("无法读取: 文件名太长");
	case ELOOP: return xstrdup("无法读取: 路径中的符号链接太多");
	default: return xasprintf("无法读取: %s", strerror(e));
	}
}

static char *kind_reason(mode_t m)
{
	if (S_ISLNK(m))
		return xstrdup("是符号链接");
	if (S_ISDIR(m))
		return xstrdup("是目录");
	if (S_ISCHR(m) || S_ISBLK(m))
		return xstrdup("是设备文件");
	if (S_ISFIFO(m))
		return xstrdup("是命名管道 (FIFO)");
	if (S_ISSOCK(m))
		return xstrdup("是套接字");
	if (!S_ISREG(m))
		return xstrdup("不是普通文件");
	return NULL;
}

static char *size_reason(long long size)
{
	char num[32];

	if (size == 0)
		return xstrdup("空文件");
	if (size > IMAGECHECK_MAX_BYTES)
		return xasprintf("超过 2 MB (%s 字节)", imagecheck_group_digits(size, num, sizeof(num)));
	return NULL;
}

static char *extension_warning(const char *name, enum image_type content)
{
	const char *ext = extension(name);
	enum image_type by_name = image_type_by_name(name);

	if (by_name == content)
		return NULL;
	if (!ext)
		return xasprintf("文件名没有扩展名, 按内容 (%s) 接受", image_type_name(content));
	return xasprintf("扩展名 %s 与内容 (%s) 不符, 按内容接受", ext, image_type_name(content));
}

bool imagecheck_file(const char *path, struct image_file *out, char **err)
{
	struct stat ls, fs;
	const char *base;
	unsigned char *buf = NULL;
	size_t got = 0;
	int fd;

	memset(out, 0, sizeof(*out));
	*err = NULL;
	if (str_empty(path)) {
		*err = xstrdup("没有指定文件");
		return false;
	}
	/* lstat first: a device or FIFO is never opened (opening a tape or a
	 * terminal has side effects), a symlink is named as such. */
	if (lstat(path, &ls) != 0) {
		*err = errno_reason(errno);
		return false;
	}
	if ((*err = kind_reason(ls.st_mode)) || (*err = size_reason((long long)ls.st_size)))
		return false;
	/* O_NOFOLLOW: the file may have been swapped for a symlink since lstat. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno == ELOOP ? xstrdup("是符号链接") : errno_reason(errno);
		return false;
	}
	if (fstat(fd, &fs) != 0 || (*err = kind_reason(fs.st_mode))) {
		if (!*err)
			*err = errno_reason(errno);
		close(fd);
		return false;
	}
	if (fs.st_dev != ls.st_dev || fs.st_ino != ls.st_ino) {
		*err = xstrdup("文件在检查时被替换, 请重试");
		close(fd);
		return false;
	}
	/* Read at most one byte more than allowed: a file that grows while we read
	 * (a scanner still writing) is judged by what is there. */
	buf = xmalloc((size_t)IMAGECHECK_MAX_BYTES + 1);
	while (got < (size_t)IMAGECHECK_MAX_BYTES + 1) {
		ssize_t r = read(fd, buf + got, (size_t)IMAGECHECK_MAX_BYTES + 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = errno_reason(errno);
			close(fd);
			free(buf);
			return false;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got > (size_t)IMAGECHECK_MAX_BYTES) {
		*err = xstrdup("超过 2 MB (文件在读取时变大)");
		free(buf);
		return false;
	}
	if ((*err = imagecheck_buffer(buf, got, &out->info))) {
		free(buf);
		return false;
	}
	out->data = xrealloc(buf, got);
	out->size = got;
	base = strrchr(path, '/');
	out->name = xstrdup(base ? base + 1 : path);
	out->warning = extension_warning(out->name, out->info.type);
	return true;
}

void image_file_release(struct image_file *f)
{
	if (!f)
		return;
	xfree(&f->data);
	xfree(&f->name);
	xfree(&f->warning);
	f->size = 0;
}
