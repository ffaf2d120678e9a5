/* attach.h - an application's attachment scans in the store: add (checked by
 * imagecheck), replace keeping history, list, and what is still missing. */
#ifndef CERTDESK_ATTACH_H
#define CERTDESK_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

struct store;

/* X(enum, code stored in attachments.kind, 中文名) */
#define ATTACH_KIND_TABLE(X)                                  \
	X(ATTACH_FORM_SCAN, "form_scan", "申请表扫描件")          \
	X(ATTACH_LICENSE_SCAN, "license_scan", "营业执照扫描件")

enum attach_kind {
#define X(e, code, name) e,
	ATTACH_KIND_TABLE(X)
#undef X
	ATTACH__COUNT
};

const char *attach_kind_code(enum attach_kind k);
const char *attach_kind_name(enum attach_kind k);
int attach_kind_parse(const char *s);            /* code or 中文名; -1 unknown */

/* One row of attachments, without the content. */
struct attachment {
	long long id, app_id;
	enum attach_kind kind;
	char *name;               /* file name as chosen, control characters and bad UTF-8 replaced by '?' */
	char *mime;               /* from the content: image/jpeg | image/bmp | image/gif */
	long long size;
	char sha256[65];          /* hex, lower case */
	int width, height;
	long long print_id;       /* form_scan: the print it is a scan of; 0 otherwise */
	long long created_by;     /* operator id */
	char created_at[20];
	char *superseded_at;      /* NULL while current, else when it was replaced */
};

/* Check PATH with imagecheck_file() and store it as the current KIND of the
 * application, in one BEGIN IMMEDIATE transaction:
 *  - the application must exist and be editable (not 待同步 or later, not 已作废);
 *    attaching to an 已审核 application sends it back to 待审核;
 *  - form_scan needs a row in prints for the application (the form was
 *    printed) and is linked to the latest one (print_id);
 *  - the previous current attachment of KIND gets superseded_at and stays;
 *    the same bytes again (equal SHA-256) store nothing and return the
 *    current id with a warning;
 *  - one audit-log entry "attach.add" (kind, id, MIME type, size,
 *    dimensions, sha256, print, the id it replaces; not the file name, which
 *    may hold personal data).
 * Returns the new attachment id, or 0 with *err (Chinese, caller frees).
 * *warning (caller frees; may be NULL) is set when accepted with a remark
 * (the extension does not match the content). */
long long attach_add_file(struct store *s, long long app_id, enum attach_kind kind, const char *path,
			  long long operator_id, char **warning, char **err);
/* Same for bytes already in memory (e.g. received from elsewhere): the
 * content is checked with imagecheck_buffer(); NAME is only recorded. */
long long attach_add(struct store *s, long long app_id, enum attach_kind kind, const char *name,
		     const unsigned char *data, size_t len, long long operator_id, char **warning, char **err);

/* The current attachment of KIND: true and *out filled (attach_release). */
bool attach_current(struct store *s, long long app_id, enum attach_kind kind, struct attachment *out);
bool attach_get(struct store *s, long long id, struct attachment *out);
/* Current attachments (history false), or every version (history true),
 * ordered by kind, then newest first. *out is an array of the returned count
 * (attach_list_free). */
size_t attach_list(struct store *s, long long app_id, bool history, struct attachment **out);
void attach_release(struct attachment *a);
void attach_list_free(struct attachment *v, size_t n);

/* The stored bytes of attachment ID (caller frees), NULL if none. */
unsigned char *attach_content(struct store *s, long long id, size_t *len);

/* Can the 上传资料 screen be left forward? NULL when both kinds are present
 * and the form scan is of the form as last printed; else what is missing, in
 * Chinese (caller frees): "缺少申请表扫描件、营业执照扫描件", or that the
 * form was printed again with other data after the scan was attached. */
char *attach_missing(struct store *s, long long app_id);

/* SHA-256 of DATA as lower-case hex (libsodium). */
void attach_sha256_hex(const unsigned char *data, size_t n, char out[65]);

#endif
