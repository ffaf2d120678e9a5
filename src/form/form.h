/* form.h - form definitions (forms/ *.form): the parsed, checked description
 * of a journey's screens, sections and fields. Format: certdesk-forms(5). */
#ifndef CERTDESK_FORM_H
#define CERTDESK_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include "core/validate.h"
#include "store/formdata.h"   /* struct form_schema, store_form_schema() */

/* X(enum, name in forms/, 中文名, validator enum vkind or -1, default maximum
 * length in characters as typed, 0 = not typed in a line editor). */
#define FORM_TYPE_TABLE(X)                                     \
	X(FT_TEXT, "text", "文本", V_TEXT, 200)                   \
	X(FT_NAME, "name", "姓名/名称", V_NAME, 60)               \
	X(FT_ID, "id", "公民身份号码", V_ID, 20)                  \
	X(FT_USCC, "uscc", "统一社会信用代码", V_USCC, 24)        \
	X(FT_TAXID, "taxid", "纳税人识别号", V_TAXID, 24)         \
	X(FT_MOBILE, "mobile", "移动电话", V_MOBILE, 20)          \
	X(FT_EMAIL, "email", "电子邮箱", V_EMAIL, 100)            \
	X(FT_POSTCODE, "postcode", "邮政编码", V_POSTCODE, 6)     \
	X(FT_SERIAL, "serial", "证书序列号", V_SERIAL, 64)        \
	X(FT_ACCOUNT, "account", "银行账号", V_ACCOUNT, 50)       \
	X(FT_CHOICE, "choice", "选项", -1, 0)                     \
	X(FT_YESNO, "yesno", "是/否", -1, 0)                      \
	X(FT_DIVISION, "division", "省市县", -1, 0)               \
	X(FT_BANK, "bank", "开户行", -1, 60)

enum form_type {
#define X(e, name, zh, vk, max) e,
	FORM_TYPE_TABLE(X)
#undef X
	FT__COUNT
};

int form_type_parse(const char *name);           /* -1 when unknown */
const char *form_type_name(enum form_type t);
const char *form_type_zh(enum form_type t);
int form_type_vkind(enum form_type t);           /* enum vkind, or -1 (checked by the engine) */
int form_type_default_max(enum form_type t);

/* X(enum, name after `kind`, 中文说明, may hold sections). Each screen of a
 * journey form is a step of the journey, in file order (consecutive fields
 * screens make one step); the TUI picks the step's screen by kind. Fields
 * screens are walked generically; print, attachments, identity and payment
 * are steps with no fields of the form (their screens do their own work). */
#define FORM_SCREEN_KIND_TABLE(X)                              \
	X(SK_FIELDS, "fields", "录入字段", true)                   \
	X(SK_AGREEMENTS, "agreements", "阅读并同意协议", false)    \
	X(SK_CERTIFICATE, "certificate", "查询并选择证书", true)   \
	X(SK_PRINT, "print", "打印申请表", false)                  \
	X(SK_ATTACHMENTS, "attachments", "上传资料", false)        \
	X(SK_IDENTITY, "identity", "身份核验", false)              \
	X(SK_PAYMENT, "payment", "支付", false)                    \
	X(SK_SUMMARY, "summary", "核对并提交", false)

enum form_screen_kind {
#define X(e, name, zh, sections) e,
	FORM_SCREEN_KIND_TABLE(X)
#undef X
	SK__COUNT
};

int form_screen_kind_parse(const char *name);    /* -1 when unknown */
const char *form_screen_kind_name(enum form_screen_kind k);
const char *form_screen_kind_zh(enum form_screen_kind k);

/* `when FIELD = VALUE` / `when FIELD != VALUE`; several in a block all hold. */
struct form_cond {
	char *field;
	char *value;
	bool negate;
	int line;
};

struct form_conds {
	struct form_cond *v;
	size_t n;
};

struct form_strv {
	char **v;
	size_t n;
};

enum form_prefill_source { PF_FIELD, PF_CERT };

/* `prefill from FIELD [when …]` or `prefill cert.COLUMN [when …]`. */
struct form_prefill {
	enum form_prefill_source from;
	char *source;              /* field key, or cert_cache column */
	struct form_conds when;
	int line;
};

/* `check TYPE [when …]`: an extra validator applied when the condition holds. */
struct form_check {
	enum form_type type;
	struct form_conds when;
	int line;
};

enum form_rule_op { RULE_EQUALS, RULE_DIFFERS };

/* `rule equals FIELD MESSAGE`: a cross-field rule, message shown beside this field. */
struct form_rule {
	enum form_rule_op op;
	char *other;
	char *message;
	int line;
};

struct form_section;
struct form_screen;

struct form_field {
	char *key;                 /* the applications column it is stored in */
	char *label;
	enum form_type type;
	bool required;
	bool readonly;             /* shown, set only by prefill */
	bool print;                /* `print`: on the printed form's `extra` section too */
	int max;                   /* characters as typed; 0 = no line editor */
	char *hint;                /* may be NULL */
	char *def;                 /* `default`, may be NULL */
	char *fixed;               /* `fixed`: always this value, may be NULL */
	struct form_strv choices;  /* choice, yesno (first = yes) */
	int levels;                /* division: 2 or 3 */
	char *code_column;         /* bank: column of the chosen bank's code, may be NULL */
	char *copy;                /* `copy FIELD` (section copy-from), may be NULL */
	struct form_conds when;
	struct form_prefill *prefills;
	size_t nprefills;
	struct form_check *checks;
	size_t nchecks;
	struct form_rule *rules;
	size_t nrules;
	struct form_strv notes;
	const struct form_section *section;
	int line;
	size_t index;              /* position in form->fields */
};

struct form_section {
	char *key;
	char *title;
	char *copy_from;           /* section key, may be NULL */
	struct form_conds when;
	struct form_strv notes;
	struct form_field **fields;
	size_t nfields;
	const struct form_screen *screen;
	int line;
};

struct form_agreement {
	char *column;              /* where the consented version is recorded */
	char *title;
	char *file;                /* relative to data/ */
	char *version;             /* read from the file; NULL when not loaded */
	char *text;                /* the body after the version line; NULL when not loaded */
	int line;
};

struct form_screen {
	char *key;
	char *title;
	enum form_screen_kind kind;
	int kind_line;             /* of `kind`, 0 when none (fields) */
	struct form_conds when;
	struct form_strv notes;
	struct form_section **sections;
	size_t nsections;
	struct form_agreement *agreements;
	size_t nagreements;
	char *consent_time;        /* column of the consent time, may be NULL */
	int line;
};

struct form {
	char *path;                /* as given to form_load (or the name given to form_parse) */
	char *title;               /* `form TITLE`, may be NULL */
	struct form_screen **screens;
	size_t nscreens;
	struct form_section **sections;   /* all, in file order */
	size_t nsections;
	struct form_field **fields;       /* all, in file order */
	size_t nfields;
};

/* Parse TEXT (UTF-8, LEN bytes) named NAME in messages. On any error returns
 * NULL and *err gets every problem found, one "NAME:LINE: 中文说明" per line
 * (caller frees). The result is owned by the caller: form_free. */
struct form *form_parse(const char *text, size_t len, const char *name, const struct form_schema *schema,
			char **err);
/* Read and parse a file; a missing file is an error like any other. */
struct form *form_load(const char *path, const struct form_schema *schema, char **err);
void form_free(struct form *f);

const struct form_field *form_field_find(const struct form *f, const char *key);
const struct form_section *form_section_find(const struct form *f, const char *key);
const struct form_screen *form_screen_find(const struct form *f, const char *key);

/* Read an agreement file: first non-blank line "版本: V" (or "版本：V"), then
 * the text. Returns false with *err (caller frees). version and text: caller frees. */
bool form_agreement_read(const char *path, char **version, char **text, char **err);

/* Number of characters (code points) in a UTF-8 string. */
size_t form_utf8_len(const char *s);

#endif
