/* xlsx.c - the .xlsx export: one streamed query, constant-memory worksheets. */
#include "export/xlsx.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "form/form.h"
#include "form/shown.h"
#include "store/columns.h"
#include "store/exportdata.h"
#include "store/operator.h"
#include "store/orders.h"
#include "store/store.h"
#include "core/status.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Excel refuses longer cell strings. */
#define CELL_MAX 32767

char *xlsx_text_clean(const char *s, size_t max_bytes)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf sb;
	static const char repl[] = "\xEF\xBF\xBD";

	if (!s)
		return NULL;
	sb_init(&sb);
	while (*p) {
		unsigned c = *p;
		size_t len;
		unsigned cp, min;

		if (c < 0x80) {
			len = 1;
			cp = c;
			min = 0;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2;
			cp = c & 0x1F;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3;
			cp = c & 0x0F;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			len = 0;      /* stray continuation byte or 0xF8..0xFF */
			cp = 0;
			min = 0;
		}
		for (size_t i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80) {
				len = 0;
				break;
			}
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		/* Ill-formed (overlong, surrogate, beyond U+10FFFF, cut short): replace
		 * one byte and resynchronise. Well-formed but refused by XML: replace
		 * the whole character. */
		if (len == 0 || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			len = 0;
		/* C1 controls and bidi overrides are legal XML but spoof what the
		 * cell shows (hostile input, certdesk-security(7)): replaced too. */
		if (len == 0 || cp == 0xFFFE || cp == 0xFFFF || (cp < 0x20 && cp != '\t' && cp != '\n') ||
		    cp == 0x7F || (cp >= 0x80 && sanitize_bad_char(cp))) {
			if (sb.len + 3 > max_bytes)
				break;
			sb_add(&sb, repl, 3);
			p += len ? len : 1;
			continue;
		}
		if (sb.len + len > max_bytes)
			break;
		sb_add(&sb, (const char *)p, len);
		p += len;
	}
	return sb_detach(&sb);
}

enum col_kind { K_SEQ, K_TEXT, K_MONEY, K_DATE, K_STATUS, K_TYPE };

/* The columns of sheet 业务单: header (a key of the text catalogue), the
 * store's column (store/exportdata.h; unused for K_SEQ), kind, width. Text
 * columns are masked as the column-roles table (store/columns.c) says for
 * `column`. */
static const struct xcol {
	const char *header;
	enum export_col data;
	const char *column;
	enum col_kind kind;
	double width;
} cols[] = {
	{ TEXT_KEY("col.seq"), 0, NULL, K_SEQ, 7 },
	{ TEXT_KEY("col.app_no"), EXPORT_APP_NO, NULL, K_TEXT, 21 },
	{ TEXT_KEY("col.kind"), EXPORT_BUSINESS_TYPE, NULL, K_TYPE, 13 },
	{ TEXT_KEY("col.subject"), EXPORT_SUBJECT, "org_name", K_TEXT, 30 },
	{ TEXT_KEY("col.org_doc_no"), EXPORT_ORG_DOC_NO, "org_doc_no", K_TEXT, 21 },
	{ TEXT_KEY("col.cert_serial"), EXPORT_CERT_SERIAL, "cert_serial", K_TEXT, 20 },
	{ TEXT_KEY("col.agent"), EXPORT_AGENT_NAME, "agent_name", K_TEXT, 10 },
	{ TEXT_KEY("col.agent_mobile"), EXPORT_AGENT_MOBILE, "agent_mobile", K_TEXT, 13 },
	{ TEXT_KEY("col.agent_id"), EXPORT_AGENT_ID, "agent_id", K_TEXT, 20 },
	{ TEXT_KEY("col.bank_account"), EXPORT_BANK_ACCOUNT, "bank_account", K_TEXT, 22 },
	{ TEXT_KEY("col.mail_address"), EXPORT_MAIL_ADDRESS, "mail_address", K_TEXT, 18 },
	{ TEXT_KEY("col.amount_yuan"), EXPORT_FEE, NULL, K_MONEY, 11 },
	{ TEXT_KEY("col.pay_method"), EXPORT_PAY_METHOD, "pay_method", K_TEXT, 10 },
	{ TEXT_KEY("col.status"), EXPORT_STATUS, NULL, K_STATUS, 12 },
	{ TEXT_KEY("col.clerk"), EXPORT_CLERK, NULL, K_TEXT, 10 },
	{ TEXT_KEY("col.approver"), EXPORT_APPROVER, NULL, K_TEXT, 10 },
	{ TEXT_KEY("col.created"), EXPORT_CREATED, NULL, K_DATE, 19 },
	{ TEXT_KEY("col.updated"), EXPORT_UPDATED, NULL, K_DATE, 19 },
};

/* A stored time (any offset, or a legacy time without one) as a cell in
 * branch time: Excel's date-times have no zone. A bare date stays a date. */
static void local_datetime(time_t t, lxw_datetime *dt)
{
	struct tm tm;

	clock_local(t, &tm);
	*dt = (lxw_datetime){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec };
}

static bool parse_datetime(const char *s, lxw_datetime *dt)
{
	time_t t;

	if (!clock_parse(s, &t))
		return false;
	local_datetime(t, dt);
	return true;
}

char *xlsx_filter_describe(struct store *s, const struct order_filter *f)
{
	struct strbuf sb;

	sb_init(&sb);
	if (!str_empty(f->from))
		sb_addf(&sb, "开始时间 %s; ", f->from);
	if (!str_empty(f->to))
		sb_addf(&sb, "结束时间 %s; ", f->to);
	if (f->status >= 0)
		sb_addf(&sb, "状态 %s; ", status_name((enum app_status)f->status));
	if (f->clerk > 0) {
		struct operator op;

		if (operator_get(s, f->clerk, &op)) {
			sb_addf(&sb, "柜员 %s; ", op.login);
			operator_release(&op);
		} else {
			sb_addf(&sb, "柜员 %lld; ", f->clerk);
		}
	}
	if (!str_empty(f->app_no))
		sb_addf(&sb, "业务单号 %s*; ", f->app_no);
	if (!str_empty(f->business_type))
		sb_addf(&sb, "业务类型 %s; ", order_business_type_name(f->business_type));
	if (!str_empty(f->subject))
		sb_addf(&sb, "主题含 %s; ", f->subject);
	if (!sb.len)
		sb_adds(&sb, "全部");
	else
		sb.s[sb.len -= 2] = '\0';
	return sb_detach(&sb);
}

struct fmts {
	lxw_format *header, *money, *date, *title, *bold_money, *bold;
};

static void write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *v, lxw_format *fmt)
{
	char *clean = xlsx_text_clean(v ? v : "", CELL_MAX);

	if (*clean)
		worksheet_write_string(ws, r, c, clean, fmt);
	free(clean);
}

/* Print setup of every sheet: A4 landscape, one page wide (as many pages
 * down as it needs), rows FIRST..LAST repeated at the top of each page. */
static void print_setup(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);              /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, first, last);
}

static long write_orders(struct store *s, const struct order_filter *f, lxw_worksheet *ws, struct fmts *fm)
{
	struct export_cursor *cur;
	const struct export_row *row;
	lxw_row_t r = 0;
	enum column_mask mask_kind[ARRAY_SIZE(cols)];

	for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
		mask_kind[c] = cols[c].column ? column_mask(cols[c].column) : MASK_NONE;
	}
	worksheet_set_row(ws, 0, 20, NULL);
	for (size_t c = 0; c < ARRAY_SIZE(cols); c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, text(cols[c].header), fm->header);
	worksheet_freeze_panes(ws, 1, 0);
	print_setup(ws, 0, 0);
	cur = exportdata_orders(s, f);
	while ((row = exportdata_next(cur))) {
		r++;
		for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
			const char *v = cols[c].kind == K_SEQ ? NULL : row->col[cols[c].data];
			lxw_col_t col = (lxw_col_t)c;
			lxw_datetime dt;

			switch (cols[c].kind) {
			case K_SEQ:
				worksheet_write_number(ws, r, col, (double)r, NULL);
				break;
			case K_MONEY:
				if (row->has_fee)
					worksheet_write_number(ws, r, col, (double)row->fee_cents / 100.0, fm->money);
				break;
			case K_DATE:
				if (parse_datetime(v, &dt))
					worksheet_write_datetime(ws, r, col, &dt, fm->date);
				else
					write_text(ws, r, col, v, NULL);
				break;
			case K_STATUS: {
				int stc = status_parse(v);
				write_text(ws, r, col, stc < 0 ? v : status_name((enum app_status)stc), NULL);
				break;
			}
			case K_TYPE:
				write_text(ws, r, col, order_business_type_name(v), NULL);
				break;
			case K_TEXT:
				if (mask_kind[c] && v) {
					char *m = column_mask_apply(mask_kind[c], v);
					write_text(ws, r, col, m, NULL);
					free(m);
				} else {
					write_text(ws, r, col, v, NULL);
				}
				break;
			}
		}
	}
	exportdata_close(cur);
	worksheet_autofilter(ws, 0, 0, r, (lxw_col_t)(ARRAY_SIZE(cols) - 1));
	return (long)r;
}

/* Sheet 申请信息: every application matching F with what the form and the
 * column-roles table show of it (form/shown.h), masked as 查看详情 masks:
 * row 1 the groups (the form's sections), row 2 the labels. A field added to
 * the form is a column here without a change to this file. */
static void write_details(struct store *s, const struct order_filter *f, lxw_worksheet *ws, struct fmts *fm,
			  const struct detail_spec *shown, size_t nshown)
{
	struct detail_cursor *cur;
	char *const *values;
	const char *app_no;
	lxw_row_t r = 1;

	worksheet_set_column(ws, 0, 0, 21, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)nshown, 16, NULL);
	/* constant memory: a row is written whole before the next */
	worksheet_write_string(ws, 0, 0, "", fm->header);
	for (size_t k = 0; k < nshown; k++) {
		bool first = !k || strcmp(shown[k].group, shown[k - 1].group);

		worksheet_write_string(ws, 0, (lxw_col_t)(k + 1), first ? shown[k].group : "", fm->header);
	}
	worksheet_write_string(ws, 1, 0, text("col.app_no"), fm->header);
	for (size_t k = 0; k < nshown; k++)
		worksheet_write_string(ws, 1, (lxw_col_t)(k + 1), shown[k].label, fm->header);
	worksheet_freeze_panes(ws, 2, 1);
	print_setup(ws, 0, 1);
	cur = order_details_open(s, f, shown, nshown);
	while ((values = order_details_next(cur, &app_no))) {
		r++;
		write_text(ws, r, 0, app_no, NULL);
		for (size_t k = 0; k < nshown; k++)
			if (values[k])
				write_text(ws, r, (lxw_col_t)(k + 1), values[k], NULL);
	}
	order_details_close(cur);
	worksheet_autofilter(ws, 1, 0, r, (lxw_col_t)nshown);
}

static void write_summary(struct store *s, const struct order_filter *f, lxw_worksheet *ws, struct fmts *fm,
			  long rows)
{
	struct export_clerk_total *clerks;
	size_t nclerks;
	lxw_row_t r = 0;
	char *desc = xlsx_filter_describe(s, f);
	long total_n = 0;
	double total_amt = 0;
	lxw_datetime now;

	local_datetime(clock_now(), &now);      /* the export's time, in branch time */
	print_setup(ws, 0, 0);
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 1, 19, NULL);  /* fits 导出时间 yyyy-mm-dd hh:mm:ss */
	worksheet_set_column(ws, 2, 3, 12, NULL);
	worksheet_write_string(ws, r++, 0, "业务单汇总", fm->title);
	worksheet_write_string(ws, r, 0, "筛选条件", fm->bold);
	write_text(ws, r++, 1, desc, NULL);
	worksheet_write_string(ws, r, 0, "导出时间", fm->bold);
	worksheet_write_datetime(ws, r++, 1, &now, fm->date);
	worksheet_write_string(ws, r, 0, "业务单数", fm->bold);
	worksheet_write_number(ws, r++, 1, (double)rows, NULL);
	free(desc);
	r++;

	/* by status, in the lifecycle's order */
	worksheet_write_string(ws, r, 0, "状态", fm->header);
	worksheet_write_string(ws, r, 1, text("col.count"), fm->header);
	worksheet_write_string(ws, r++, 2, text("col.amount_yuan"), fm->header);
	{
		struct export_status_totals t;

		exportdata_by_status(s, f, &t);
		for (int i = 0; i < ST__COUNT; i++) {
			if (!t.n[i])
				continue;
			worksheet_write_string(ws, r, 0, status_name((enum app_status)i), NULL);
			worksheet_write_number(ws, r, 1, (double)t.n[i], NULL);
			worksheet_write_number(ws, r++, 2, (double)t.cents[i] / 100.0, fm->money);
			total_n += t.n[i];
			total_amt += (double)t.cents[i] / 100.0;
		}
	}
	worksheet_write_string(ws, r, 0, text("col.total"), fm->bold);
	worksheet_write_number(ws, r, 1, (double)total_n, fm->bold);
	worksheet_write_number(ws, r++, 2, total_amt, fm->bold_money);
	r++;

	/* by clerk */
	worksheet_write_string(ws, r, 0, "柜员", fm->header);
	worksheet_write_string(ws, r, 1, text("col.name"), fm->header);
	worksheet_write_string(ws, r, 2, text("col.count"), fm->header);
	worksheet_write_string(ws, r++, 3, text("col.amount_yuan"), fm->header);
	total_n = 0;
	total_amt = 0;
	nclerks = exportdata_by_clerk(s, f, &clerks);
	for (size_t i = 0; i < nclerks; i++) {
		long n = clerks[i].n;
		double amt = (double)clerks[i].cents / 100.0;

		write_text(ws, r, 0, clerks[i].login, NULL);
		write_text(ws, r, 1, clerks[i].display_name, NULL);
		worksheet_write_number(ws, r, 2, (double)n, NULL);
		worksheet_write_number(ws, r++, 3, amt, fm->money);
		total_n += n;
		total_amt += amt;
	}
	exportdata_clerks_release(clerks, nclerks);
	worksheet_write_string(ws, r, 0, text("col.total"), fm->bold);
	worksheet_write_number(ws, r, 2, (double)total_n, fm->bold);
	worksheet_write_number(ws, r, 3, total_amt, fm->bold_money);
}

static bool export_shown(struct store *s, const struct order_filter *f, const char *path, long long operator_id,
			 const char *actor, const struct detail_spec *shown, size_t nshown, long *rows, char **err)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
	lxw_workbook *wb;
	lxw_worksheet *ws_orders, *ws_sum, *ws_details;
	struct fmts fm;
	lxw_error rc;
	char *tmp, *desc, *detail;
	const char *why = order_filter_check(f);
	bool ok;

	*err = NULL;
	*rows = 0;
	if (*why) {
		*err = xstrdup(why);
		return false;
	}
	/* Written beside the target and renamed: a failed export leaves no half file. */
	tmp = xasprintf("%s.part", path);
	{
		/* Fail early, in Chinese, on an unwritable place; the export holds
		 * customers' (masked) data: not world-readable. */
		int fd;

		/* the file is the clerk's, made with the clerk's own identity
		 * (certdesk-security(7)): the program's group is not lent to it */
		access_as_caller();
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
		access_as_program();
		if (fd < 0) {
			*err = xasprintf("%s: 无法创建文件: %s", path, strerror(errno));
			free(tmp);
			return false;
		}
		close(fd);
	}
	wb = workbook_new_opt(tmp, &opt);
	if (!wb) {
		*err = xasprintf("%s: 无法创建文件", path);
		unlink(tmp);
		free(tmp);
		return false;
	}
	fm.header = workbook_add_format(wb);
	format_set_bold(fm.header);
	format_set_bg_color(fm.header, 0xDDEBF7);
	format_set_border(fm.header, LXW_BORDER_THIN);
	format_set_align(fm.header, LXW_ALIGN_CENTER);
	format_set_align(fm.header, LXW_ALIGN_VERTICAL_CENTER);
	fm.money = workbook_add_format(wb);
	format_set_num_format(fm.money, "#,##0.00");
	fm.date = workbook_add_format(wb);
	format_set_num_format(fm.date, "yyyy-mm-dd hh:mm:ss");
	fm.title = workbook_add_format(wb);
	format_set_bold(fm.title);
	format_set_font_size(fm.title, 14);
	fm.bold = workbook_add_format(wb);
	format_set_bold(fm.bold);
	fm.bold_money = workbook_add_format(wb);
	format_set_bold(fm.bold_money);
	format_set_num_format(fm.bold_money, "#,##0.00");

	ws_orders = workbook_add_worksheet(wb, "业务单");
	ws_sum = workbook_add_worksheet(wb, "汇总");
	ws_details = workbook_add_worksheet(wb, "申请信息");
	/* A read transaction, so both sheets see the same snapshot (unless the
	 * caller already has one open, which then serves). */
	store_read_begin(s);
	*rows = write_orders(s, f, ws_orders, &fm);
	write_summary(s, f, ws_sum, &fm, *rows);
	write_details(s, f, ws_details, &fm, shown, nshown);
	store_read_end(s);
	access_as_caller();
	rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR) {
		*err = xasprintf("%s: 写入失败: %s", path, lxw_strerror(rc));
		unlink(tmp);
		access_as_program();
		free(tmp);
		return false;
	}
	if (rename(tmp, path) != 0) {
		*err = xasprintf("%s: 无法保存: %s", path, strerror(errno));
		unlink(tmp);
		access_as_program();
		free(tmp);
		return false;
	}
	access_as_program();
	free(tmp);
	desc = xlsx_filter_describe(s, f);
	detail = xasprintf("筛选: %s; 行数: %ld", desc, *rows);
	ok = store_audit(s, operator_id, actor ? actor : "certdesk", AUDIT_EXPORT_XLSX, path, detail);
	free(desc);
	free(detail);
	if (!ok) {
		*err = xasprintf("已导出, 但无法写入审计日志: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool xlsx_export(struct store *s, const struct order_filter *f, const char *path, long long operator_id,
		 const char *actor, long *rows, char **err)
{
	struct form *form;
	struct detail_spec *shown;
	size_t nshown;
	bool ok;

	*rows = 0;
	if (!(form = form_journey_load(s, "无法导出", err)))
		return false;
	shown = form_shown_fields(form, &nshown);
	ok = export_shown(s, f, path, operator_id, actor, shown, nshown, rows, err);
	free(shown);
	form_free(form);
	return ok;
}
