/* tabfile.c - CSV/TSV reader with UTF-8/GB18030 detection (glibc iconv). */
#include "core/tabfile.h"
#include "core/util.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		unsigned cp;
		int n;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + (size_t)n >= len)
			return false;
		for (int k = 1; k <= n; k++) {
			if ((s[i + (size_t)k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + (size_t)k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += (size_t)n + 1;
	}
	return true;
}

static char *gb18030_to_utf8(const char *in, size_t len, size_t *outlen, char **err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len * 2 + 16, left_in = len, left_out;
	char *out, *ip = (char *)in, *op;

	if (cd == (iconv_t)-1) {
		*err = xasprintf("无法转换 GB18030 编码: %s", strerror(errno));
		return NULL;
	}
	out = xmalloc(cap);
	op = out;
	left_out = cap - 1;
	while (left_in > 0) {
		if (iconv(cd, &ip, &left_in, &op, &left_out) == (size_t)-1) {
			if (errno == E2BIG) {
				size_t used = (size_t)(op - out);
				cap *= 2;
				out = xrealloc(out, cap);
				op = out + used;
				left_out = cap - 1 - used;
				continue;
			}
			long line = 1;
			for (const char *p = in; p < ip; p++)
				line += *p == '\n';
			*err = xasprintf("文件既不是 UTF-8 也不是 GB18030 编码 (第 %ld 行)", line);
			free(out);
			iconv_close(cd);
			return NULL;
		}
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

static void skip_comments_and_pick_delim(struct tabfile *t)
{
	const char *nl;

	/* '#' comment lines and blank lines before the header */
	while (t->pos < t->len) {
		const char *p = t->text + t->pos;
		nl = memchr(p, '\n', t->len - t->pos);
		size_t n = nl ? (size_t)(nl - p) + 1 : t->len - t->pos;
		bool blank = strspn(p, " \t\r") >= n - (nl ? 1 : 0);
		if (*p != '#' && !blank)
			break;
		t->pos += n;
		t->line++;
	}
	nl = memchr(t->text + t->pos, '\n', t->len - t->pos);
	t->delim = memchr(t->text + t->pos, '\t', nl ? (size_t)(nl - (t->text + t->pos)) : t->len - t->pos)
			   ? '\t' : ',';
}

bool tabfile_open_mem(struct tabfile *t, const char *data, size_t len, char **err)
{
	memset(t, 0, sizeof(*t));
	*err = NULL;
	if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') || (data[0] == '\xfe' && data[1] == '\xff'))) {
		*err = xstrdup("不支持 UTF-16 编码的文件, 请另存为 UTF-8 或 GB18030");
		return false;
	}
	if (memchr(data, '\0', len)) {
		*err = xstrdup("文件含有 NUL 字节, 不是文本表格");
		return false;
	}
	if (utf8_valid(data, len)) {
		if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
			data += 3;
			len -= 3;
		}
		t->text = xstrndup(data, len);
		t->len = len;
		t->encoding = "UTF-8";
	} else {
		t->text = gb18030_to_utf8(data, len, &t->len, err);
		if (!t->text)
			return false;
		t->encoding = "GB18030";
	}
	t->line = 1;
	skip_comments_and_pick_delim(t);
	return true;
}

bool tabfile_open(struct tabfile *t, const char *path, char **err)
{
	size_t len;
	char *data = file_read_all(path, &len);
	bool ok;

	if (!data) {
		memset(t, 0, sizeof(*t));
		*err = xasprintf("%s: 无法读取: %s", path, strerror(errno));
		return false;
	}
	ok = tabfile_open_mem(t, data, len, err);
	free(data);
	return ok;
}

void tabfile_release(struct tabfile *t)
{
	for (int i = 0; i < t->nfields; i++)
		free(t->fields[i]);
	free(t->fields);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

static void push_field(struct tabfile *t, struct strbuf *sb)
{
	char *f;

	if (t->nfields == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->fields = xrealloc(t->fields, (size_t)t->cap * sizeof(*t->fields));
	}
	f = sb_detach(sb);
	t->fields[t->nfields++] = xstrdup(str_trim(f));
	free(f);
}

void tabfile_plain(struct tabfile *t)
{
	t->plain = true;
	t->delim = '\t';
}

/* tabfile_next for a data file: the next line that is not blank or a comment. */
static int plain_next(struct tabfile *t)
{
	while (t->pos < t->len) {
		const char *p = t->text + t->pos, *nl = memchr(p, '\n', t->len - t->pos);
		size_t n = nl ? (size_t)(nl - p) : t->len - t->pos, lead = strspn(p, " \t\r");
		struct strbuf sb;

		t->record_line = t->line;
		t->pos += n + (nl ? 1 : 0);
		t->line++;
		if (lead >= n || p[lead] == '#')
			continue;
		sb_init(&sb);
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '\t')
				push_field(t, &sb);
			else
				sb_addc(&sb, p[i]);
		}
		push_field(t, &sb);
		sb_release(&sb);
		return 1;
	}
	return 0;
}

int tabfile_next(struct tabfile *t)
{
	struct strbuf sb;
	bool any;

	for (int i = 0; i < t->nfields; i++)
		free(t->fields[i]);
	t->nfields = 0;
	if (t->plain)
		return plain_next(t);
	for (;;) {
		if (t->pos >= t->len)
			return 0;
		/* skip blank lines */
		size_t p = t->pos;
		while (p < t->len && (t->text[p] == ' ' || t->text[p] == '\t' || t->text[p] == '\r'))
			p++;
		if (p < t->len && t->text[p] == '\n') {
			t->pos = p + 1;
			t->line++;
			continue;
		}
		if (p >= t->len)
			return 0;
		break;
	}
	t->record_line = t->line;
	sb_init(&sb);
	any = false;
	for (;;) {
		if (t->pos >= t->len) {
			push_field(t, &sb);
			break;
		}
		char c = t->text[t->pos];
		if (c == '"' && !any) {
			/* quoted field: up to the closing quote */
			t->pos++;
			for (;;) {
				if (t->pos >= t->len) {
					sb_release(&sb);
					return -1;
				}
				c = t->text[t->pos++];
				if (c == '"') {
					if (t->pos < t->len && t->text[t->pos] == '"') {
						sb_addc(&sb, '"');
						t->pos++;
						continue;
					}
					break;
				}
				if (c == '\n')
					t->line++;
				sb_addc(&sb, c);
			}
			any = true;
			continue;
		}
		t->pos++;
		if (c == t->delim) {
			push_field(t, &sb);
			any = false;
			continue;
		}
		if (c == '\n') {
			t->line++;
			push_field(t, &sb);
			break;
		}
		if (c == '\r')
			continue;
		if (c == ' ' && !any)
			continue;      /* leading blanks before a quote */
		sb_addc(&sb, c);
		any = true;
	}
	sb_release(&sb);
	return 1;
}

static bool header_eq(const char *h, const char *name)
{
	for (;;) {
		while (*h == ' ' || *h == '_')
			h++;
		while (*name == ' ' || *name == '_')
			name++;
		if (!*h || !*name)
			return !*h && !*name;
		char a = *h, b = *name;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
		h++;
		name++;
	}
}

int tabfile_column(char *const *header, int n, const char *const *names)
{
	for (const char *const *nm = names; *nm; nm++)
		for (int i = 0; i < n; i++)
			if (header_eq(header[i], *nm))
				return i;
	return -1;
}
