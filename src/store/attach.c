/* attach.c - attachment scans in the attachments table: add, supersede, list. */
#include "store/attach.h"
#include "store/store_impl.h"
#include "core/clock.h"
#include "store/app.h"
#include "store/store.h"
#include "core/imagecheck.h"
#include "core/status.h"
#include "core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *code, *name;
} kinds[] = {
#define X(e, code, name) { code, name },
	ATTACH_KIND_TABLE(X)
#undef X
};

const char *attach_kind_code(enum attach_kind k)
{
	return (unsigned)k < ATTACH__COUNT ? kinds[k].code : "?";
}

const char *attach_kind_name(enum attach_kind k)
{
	return (unsigned)k < ATTACH__COUNT ? kinds[k].name : "?";
}

int attach_kind_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < ATTACH__COUNT; i++)
		if (!strcmp(s, kinds[i].code) || !strcmp(s, kinds[i].name))
			return i;
	return -1;
}

void attach_sha256_hex(const unsigned char *data, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* File names come from a scanner or a Windows share: keep them as text the
 * terminal can show (valid UTF-8, no control characters), at most 255 bytes. */
static char *clean_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	struct strbuf sb;

	sb_init(&sb);
	while (*p && sb.len < 255) {
		int len = 0;
		unsigned cp = 0;

		if (*p < 0x80)
			len = 1, cp = *p;
		else if ((*p & 0xE0) == 0xC0)
			len = 2, cp = *p & 0x1F;
		else if ((*p & 0xF0) == 0xE0)
			len = 3, cp = *p & 0x0F;
		else if ((*p & 0xF8) == 0xF0)
			len = 4, cp = *p & 0x07;
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80) {
				len = 0;
				break;
			}
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if (len > 1 && (cp < (len == 2 ? 0x80u : len == 3 ? 0x800u : 0x10000u) || cp > 0x10FFFF ||
				(cp >= 0xD800 && cp <= 0xDFFF)))
			len = 0;                         /* overlong, surrogate, out of range */
		if (len == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			sb_addc(&sb, '?');
			p += len ? len : 1;
			continue;
		}
		sb_add(&sb, (const char *)p, (size_t)len);
		p += len;
	}
	if (!sb.len)
		sb_adds(&sb, "?");
	return sb_detach(&sb);
}

static long long current_id(struct store *s, long long app_id, enum attach_kind kind, char sha[65])
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, sha256 FROM attachments WHERE app_id = ? AND kind = ? "
					    "AND superseded_at IS NULL ORDER BY id DESC LIMIT 1");
	long long id = 0;

	sqlite3_bind_int64(st, 1, app_id);
	sqlite3_bind_text(st, 2, attach_kind_code(kind), -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(sha, 65, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return id;
}

static long long store_checked(struct store *s, long long app_id, enum attach_kind kind, const char *name,
			       const unsigned char *data, size_t len, const struct image_info *info,
			       long long operator_id, char **warning, char **err)
{
	char sha[65], old_sha[65] = "", now[32], obj[32];
	char *clean = NULL, *detail = NULL;
	long long print_id = 0, old_id, id = 0;
	sqlite3_stmt *st;
	int status;

	if ((unsigned)kind >= ATTACH__COUNT) {
		*err = xstrdup("内部错误: 未知的附件种类");
		return 0;
	}
	attach_sha256_hex(data, len, sha);
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 附件未保存: %s", store_errmsg(s));
		return 0;
	}
	status = app_status(s, app_id);
	if (status < 0) {
		*err = xstrdup("申请不存在");
		goto fail;
	}
	if (!status_allows(status, SR_ATTACH)) {
		*err = xasprintf("申请状态为「%s」, 不能更换附件", status_name((enum app_status)status));
		goto fail;
	}
	if (kind == ATTACH_FORM_SCAN) {
		st = store_prepare(s, "SELECT id FROM prints WHERE app_id = ? ORDER BY id DESC LIMIT 1");
		sqlite3_bind_int64(st, 1, app_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			print_id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (!print_id) {
			*err = xstrdup("申请表尚未打印: 请先打印申请表, 签字盖章后再上传扫描件");
			goto fail;
		}
	}
	old_id = current_id(s, app_id, kind, old_sha);
	if (old_id && !strcmp(old_sha, sha)) {
		/* The same bytes again (the clerk picked the same file twice): no
		 * new version. Commit, not rollback: nothing was written, and an
		 * enclosing transaction must survive. */
		store_commit(s);
		if (warning && !*warning)
			*warning = xasprintf("与当前的%s内容相同, 未重复保存", attach_kind_name(kind));
		return old_id;
	}
	if (old_id) {
		st = store_prepare(s, "UPDATE attachments SET superseded_at = ? WHERE id = ?");
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, old_id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			*err = xasprintf("附件未保存: %s", store_errmsg(s));
			goto fail;
		}
		sqlite3_finalize(st);
	}
	clean = clean_name(name);
	st = store_prepare(s, "INSERT INTO attachments(app_id, kind, name, mime, size, sha256, width, height, "
			      "print_id, content, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, app_id);
	sqlite3_bind_text(st, 2, attach_kind_code(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, clean, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, info->mime, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (long long)len);
	sqlite3_bind_text(st, 6, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, info->width);
	sqlite3_bind_int(st, 8, info->height);
	if (print_id)
		sqlite3_bind_int64(st, 9, print_id);
	sqlite3_bind_blob64(st, 10, data, len, SQLITE_STATIC);
	if (operator_id > 0)
		sqlite3_bind_int64(st, 11, operator_id);
	sqlite3_bind_text(st, 12, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		*err = xasprintf("附件未保存: %s", store_errmsg(s));
		goto fail;
	}
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(s->db);

	/* The application changed: who touched it last matters for four eyes. */
	st = store_prepare(s, "UPDATE applications SET updated_at = ?, last_edited_by = ? WHERE id = ?");
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	if (operator_id > 0)
		sqlite3_bind_int64(st, 2, operator_id);
	sqlite3_bind_int64(st, 3, app_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		*err = xasprintf("附件未保存: %s", store_errmsg(s));
		goto fail;
	}
	sqlite3_finalize(st);
	if (status_allows(status, SR_REOPEN) &&
	    !app_transition(s, app_id, ST_PENDING, operator_id, "certdesk", "审核后更换附件, 需重新审核", err))
		goto fail;

	snprintf(obj, sizeof(obj), "app:%lld", app_id);
	{
		struct strbuf sb;

		sb_init(&sb);
		/* No file name: names like 张三-440301….jpg would put personal data in the log. */
		sb_addf(&sb, "%s #%lld %s %zu 字节 %d×%d sha256=%s", attach_kind_code(kind), id, info->mime, len,
			info->width, info->height, sha);
		if (print_id)
			sb_addf(&sb, " print=#%lld", print_id);
		if (old_id)
			sb_addf(&sb, " 替换 #%lld", old_id);
		detail = sb_detach(&sb);
	}
	if (!store_audit(s, operator_id, "certdesk", AUDIT_ATTACH_ADD, obj, detail)) {
		*err = xasprintf("附件未保存 (审计日志): %s", store_errmsg(s));
		goto fail;
	}
	if (!store_commit(s)) {
		*err = xasprintf("附件未保存: %s", store_errmsg(s));
		id = 0;
	}
	free(clean);
	free(detail);
	return id;
fail:
	store_rollback(s);
	free(clean);
	free(detail);
	return 0;
}

long long attach_add(struct store *s, long long app_id, enum attach_kind kind, const char *name,
		     const unsigned char *data, size_t len, long long operator_id, char **warning, char **err)
{
	struct image_info info;

	*err = NULL;
	if (warning)
		*warning = NULL;
	if ((*err = imagecheck_buffer(data, len, &info)))
		return 0;
	return store_checked(s, app_id, kind, name, data, len, &info, operator_id, warning, err);
}

long long attach_add_file(struct store *s, long long app_id, enum attach_kind kind, const char *path,
			  long long operator_id, char **warning, char **err)
{
	struct image_file f;
	long long id;

	*err = NULL;
	if (warning)
		*warning = NULL;
	if (!imagecheck_file(path, &f, err))
		return 0;
	if (warning) {
		*warning = f.warning;
		f.warning = NULL;
	}
	id = store_checked(s, app_id, kind, f.name, f.data, f.size, &f.info, operator_id, warning, err);
	if (!id && warning)
		xfree(warning);
	image_file_release(&f);
	return id;
}

#define ATTACH_COLUMNS "id, app_id, kind, name, mime, size, sha256, width, height, print_id, " \
		       "created_by, created_at, superseded_at"

static void row_to(sqlite3_stmt *st, struct attachment *a)
{
	const char *t;

	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(st, 0);
	a->app_id = sqlite3_column_int64(st, 1);
	a->kind = (enum attach_kind)attach_kind_parse((const char *)sqlite3_column_text(st, 2));
	a->name = xstrdup((const char *)sqlite3_column_text(st, 3));
	a->mime = xstrdup((const char *)sqlite3_column_text(st, 4));
	a->size = sqlite3_column_int64(st, 5);
	snprintf(a->sha256, sizeof(a->sha256), "%s", (const char *)sqlite3_column_text(st, 6));
	a->width = sqlite3_column_int(st, 7);
	a->height = sqlite3_column_int(st, 8);
	a->print_id = sqlite3_column_int64(st, 9);
	a->created_by = sqlite3_column_int64(st, 10);
	snprintf(a->created_at, sizeof(a->created_at), "%s", (const char *)sqlite3_column_text(st, 11));
	t = (const char *)sqlite3_column_text(st, 12);
	a->superseded_at = t ? xstrdup(t) : NULL;
}

bool attach_get(struct store *s, long long id, struct attachment *out)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " ATTACH_COLUMNS " FROM attachments WHERE id = ?");
	bool found;

	sqlite3_bind_int64(st, 1, id);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		row_to(st, out);
	sqlite3_finalize(st);
	return found;
}

bool attach_current(struct store *s, long long app_id, enum attach_kind kind, struct attachment *out)
{
	char sha[65];
	long long id = current_id(s, app_id, kind, sha);

	return id && attach_get(s, id, out);
}

size_t attach_list(struct store *s, long long app_id, bool history, struct attachment **out)
{
	sqlite3_stmt *st = store_prepare(s, history
		? "SELECT " ATTACH_COLUMNS " FROM attachments WHERE app_id = ? ORDER BY kind = 'license_scan', id DESC"
		: "SELECT " ATTACH_COLUMNS " FROM attachments WHERE app_id = ? AND superseded_at IS NULL "
		  "ORDER BY kind = 'license_scan', id DESC");
	size_t n = 0, cap = 0;

	*out = NULL;
	sqlite3_bind_int64(st, 1, app_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		row_to(st, &(*out)[n++]);
	}
	sqlite3_finalize(st);
	return n;
}

void attach_release(struct attachment *a)
{
	if (!a)
		return;
	xfree(&a->name);
	xfree(&a->mime);
	xfree(&a->superseded_at);
}

void attach_list_free(struct attachment *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		attach_release(&v[i]);
	free(v);
}

unsigned char *attach_content(struct store *s, long long id, size_t *len)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT content FROM attachments WHERE id = ?");
	unsigned char *out = NULL;

	*len = 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(st, 0);
		*len = (size_t)sqlite3_column_bytes(st, 0);
		out = xmalloc(*len ? *len : 1);
		if (*len)
			memcpy(out, b, *len);
	}
	sqlite3_finalize(st);
	return out;
}

char *attach_missing(struct store *s, long long app_id)
{
	struct strbuf sb;
	struct attachment form;
	bool have_form = attach_current(s, app_id, ATTACH_FORM_SCAN, &form);
	char sha[65];

	sb_init(&sb);
	for (int k = 0; k < ATTACH__COUNT; k++) {
		if (current_id(s, app_id, (enum attach_kind)k, sha))
			continue;
		sb_adds(&sb, sb.len ? "、" : "缺少");
		sb_adds(&sb, attach_kind_name((enum attach_kind)k));
	}
	if (have_form) {
		/* Printed again with other values after the scan: the signed paper
		 * no longer shows what will be submitted. A plain reprint (same
		 * data_hash, e.g. a paper jam) keeps the scan valid. */
		sqlite3_stmt *st = store_prepare(s,
			"SELECT (SELECT data_hash FROM prints WHERE app_id = ?1 ORDER BY id DESC LIMIT 1) IS NOT "
			"(SELECT data_hash FROM prints WHERE id = ?2)");
		bool stale;

		sqlite3_bind_int64(st, 1, app_id);
		sqlite3_bind_int64(st, 2, form.print_id);
		stale = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (stale)
			sb_addf(&sb, "%s申请表在扫描后重新打印过且内容有变, 请上传新打印的申请表扫描件",
				sb.len ? "; " : "");
		attach_release(&form);
	}
	if (!sb.len) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}
