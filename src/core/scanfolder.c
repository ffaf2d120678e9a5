/* scanfolder.c - list, filter and complete files of the scanner folder. */
#include "core/scanfolder.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first bytes of DIR/NAME, without following a symlink or blocking on a FIFO. */
static enum image_type magic_at(int dfd, const char *name)
{
	unsigned char head[16];
	ssize_t r;
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return IMAGE_NONE;
	r = read(fd, head, sizeof(head));
	close(fd);
	return r > 0 ? image_type_by_magic(head, (size_t)r) : IMAGE_NONE;
}

static int newest_first(const void *pa, const void *pb)
{
	const struct scan_entry *a = pa, *b = pb;

	if (a->mtime.tv_sec != b->mtime.tv_sec)
		return a->mtime.tv_sec < b->mtime.tv_sec ? 1 : -1;
	if (a->mtime.tv_nsec != b->mtime.tv_nsec)
		return a->mtime.tv_nsec < b->mtime.tv_nsec ? 1 : -1;
	return strcmp(a->name, b->name);
}

bool scanfolder_list(const char *dir, struct scan_list *out, char **err)
{
	DIR *d;
	struct dirent *e;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	*err = NULL;
	if (str_empty(dir)) {
		*err = xstrdup("未配置扫描仪目录 ([scanner] folder)");
		return false;
	}
	if (!(d = opendir(dir))) {
		*err = errno == ENOENT    ? xasprintf("扫描仪目录 %s 不存在", dir)
		       : errno == ENOTDIR ? xasprintf("扫描仪目录 %s 不是目录", dir)
		       : errno == EACCES  ? xasprintf("扫描仪目录 %s 无法读取: 权限不足", dir)
					  : xasprintf("扫描仪目录 %s 无法读取: %s", dir, strerror(errno));
		return false;
	}
	out->dir = xstrdup(dir);
	while ((e = readdir(d))) {
		struct stat st;
		enum image_type magic;

		if (e->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		magic = magic_at(dirfd(d), e->d_name);
		if (magic == IMAGE_NONE && image_type_by_name(e->d_name) == IMAGE_NONE) {
			out->hidden++;
			continue;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			out->v = xrealloc(out->v, cap * sizeof(*out->v));
		}
		out->v[out->n++] = (struct scan_entry){
			.name = xstrdup(e->d_name),
			.size = (long long)st.st_size,
			.mtime = st.st_mtim,
			.magic = magic,
		};
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), newest_first);
	return true;
}

void scanfolder_release(struct scan_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	xfree(&l->v);
	xfree(&l->dir);
	l->n = l->hidden = 0;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

bool scanfolder_match(const char *name, const char *filter)
{
	size_t fl;

	if (str_empty(filter))
		return true;
	fl = strlen(filter);
	for (const char *p = name; *p; p++) {
		size_t i = 0;
		while (i < fl && p[i] && ascii_lower((unsigned char)p[i]) == ascii_lower((unsigned char)filter[i]))
			i++;
		if (i == fl)
			return true;
	}
	return false;
}

size_t scanfolder_filter(const struct scan_list *l, const char *filter, size_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (scanfolder_match(l->v[i].name, filter))
			idx[n++] = i;
	return n;
}

char *scanfolder_pick(const char *dir, const char *name, char **err)
{
	struct stat st;
	char *path;

	*err = NULL;
	if (str_empty(dir)) {
		*err = xstrdup("未配置扫描仪目录 ([scanner] folder)");
		return NULL;
	}
	if (str_empty(name) || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/')) {
		*err = xstrdup("文件名无效: 只能选择扫描仪目录中的文件");
		return NULL;
	}
	path = xasprintf("%s/%s", dir, name);
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		*err = xstrdup("是符号链接");
		free(path);
		return NULL;
	}
	return path;
}

char *scanfolder_resolve(const char *folder, const char *typed)
{
	const char *home = getenv("HOME");

	if (!typed)
		typed = "";
	if (typed[0] == '~' && (typed[1] == '\0' || typed[1] == '/') && !str_empty(home))
		return xasprintf("%s%s", home, typed + 1);
	if (typed[0] == '/' || str_empty(folder))
		return xstrdup(typed);
	if (typed[0] == '\0')
		return xstrdup(folder);
	return xasprintf("%s%s%s", folder, folder[strlen(folder) - 1] == '/' ? "" : "/", typed);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Length of the common prefix of a and b, backed off to a UTF-8 boundary. */
static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	while (i > 0 && ((unsigned char)a[i] & 0xC0) == 0x80)
		i--;
	return i;
}

void scanfolder_complete(const char *folder, const char *typed, struct scan_completion *out)
{
	const char *slash, *prefix;
	char *dirpart, *dirpath;
	size_t plen, cap = 0, common = 0;
	DIR *d;
	struct dirent *e;

	memset(out, 0, sizeof(*out));
	if (!typed)
		typed = "";
	slash = strrchr(typed, '/');
	prefix = slash ? slash + 1 : typed;
	plen = strlen(prefix);
	dirpart = xstrndup(typed, (size_t)(prefix - typed));
	if (!strcmp(typed, "~") && getenv("HOME")) {
		out->completed = xstrdup("~/");             /* like a shell: ~ alone is a directory */
		free(dirpart);
		return;
	}
	dirpath = scanfolder_resolve(folder, dirpart);
	if (str_empty(dirpath)) {
		free(dirpath);
		dirpath = xstrdup(".");
	}
	if ((d = opendir(dirpath))) {
		while ((e = readdir(d))) {
			struct stat st;
			bool is_dir;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (e->d_name[0] == '.' && prefix[0] != '.')
				continue;
			if (strncmp(e->d_name, prefix, plen) != 0)
				continue;
			/* A typed path may go through symlinked directories; a symlinked
			 * file would be refused when checked, so it is no candidate. */
			if (fstatat(dirfd(d), e->d_name, &st, 0) != 0)
				continue;
			is_dir = S_ISDIR(st.st_mode);
			if (!is_dir) {
				struct stat ls;
				if (!S_ISREG(st.st_mode) || fstatat(dirfd(d), e->d_name, &ls, AT_SYMLINK_NOFOLLOW) != 0 ||
				    S_ISLNK(ls.st_mode))
					continue;
				if (image_type_by_name(e->d_name) == IMAGE_NONE &&
				    magic_at(dirfd(d), e->d_name) == IMAGE_NONE)
					continue;
			}
			if (out->n == cap) {
				cap = cap ? cap * 2 : 16;
				out->cand = xrealloc(out->cand, cap * sizeof(*out->cand));
			}
			out->cand[out->n++] = is_dir ? xasprintf("%s/", e->d_name) : xstrdup(e->d_name);
		}
		closedir(d);
	}
	free(dirpath);
	if (out->n)
		qsort(out->cand, out->n, sizeof(*out->cand), cmp_str);
	if (out->n == 1) {
		out->completed = xasprintf("%s%s", dirpart, out->cand[0]);
	} else if (out->n > 1) {
		common = strlen(out->cand[0]);
		for (size_t i = 1; i < out->n; i++) {
			size_t c = common_prefix(out->cand[0], out->cand[i]);
			if (c < common)
				common = c;
		}
		if (common < plen)
			common = plen;
		out->completed = xasprintf("%s%.*s", dirpart, (int)common, out->cand[0]);
	} else {
		out->completed = xstrdup(typed);
	}
	free(dirpart);
}

void scan_completion_release(struct scan_completion *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->cand[i]);
	xfree(&c->cand);
	xfree(&c->completed);
	c->n = 0;
}
