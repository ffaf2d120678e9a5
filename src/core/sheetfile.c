/* sheetfile.c - .xlsx and .xls worksheets as TSV text (see sheetfile.h).
 *
 * .xlsx is a zip of XML parts (ECMA-376): minizip (the zip reader that
 * libxlsxwriter is built with on Debian) opens it, expat parses
 * xl/workbook.xml (the first sheet and its relationship id),
 * xl/_rels/workbook.xml.rels (the sheet's part), xl/sharedStrings.xml and
 * the sheet. .xls (BIFF8 in an OLE2 file) is read with freexl. */
#include "core/sheetfile.h"
#include "core/util.h"

#include <expat.h>
#include <freexl.h>
#include <math.h>
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PART = 256 << 20 };   /* refuse a part that inflates past 256 MB */

enum sheet_kind sheet_detect(const char *path)
{
	static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	unsigned char head[8] = { 0 };
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return SHEET_NONE;
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (n >= 4 && !memcmp(head, "PK\3\4", 4))
		return SHEET_XLSX;
	if (n == 8 && !memcmp(head, ole2, 8))
		return SHEET_XLS;
	return SHEET_NONE;
}

/* ---- the TSV being written ------------------------------------------- */
struct out {
	struct strbuf sb;
	unsigned long row;   /* sheet row of the current line, 1-based; 0 before the first */
	unsigned long col;   /* column of the last cell written on it */
	bool any;            /* a cell is written on the current line */
};

static void out_cell(struct out *o, unsigned long row, unsigned long col, const char *v)
{
	bool quote;

	if (!*v)
		return;
	if (row > o->row) {
		while (o->row < row) {
			if (o->row)
				sb_addc(&o->sb, '\n');
			o->row++;
		}
		o->col = 0;
		o->any = false;
	} else if (row < o->row || (o->any && col <= o->col)) {
		return;      /* out of order (Excel and libxlsxwriter never do it): dropped */
	}
	o->any = true;
	for (; o->col < col; o->col++)
		sb_addc(&o->sb, '\t');
	quote = strchr(v, '"') != NULL;
	if (quote)
		sb_addc(&o->sb, '"');
	for (; *v; v++) {
		if (*v == '\t' || *v == '\n' || *v == '\r')
			sb_addc(&o->sb, ' ');
		else if (*v == '"')
			sb_adds(&o->sb, "\"\"");
		else
			sb_addc(&o->sb, *v);
	}
	if (quote)
		sb_addc(&o->sb, '"');
}

static void number_text(double v, char buf[64])
{
	if (v == floor(v) && fabs(v) < 1e17)
		snprintf(buf, 64, "%.0f", v);
	else
		snprintf(buf, 64, "%.15g", v);
}

/* ---- .xls -------------------------------------------------------------- */
static bool read_xls(const char *path, struct out *o, char **sheet, char **err)
{
	const void *h = NULL;
	unsigned int count = 0, rows;
	unsigned short cols;
	const char *name = NULL;

	if (freexl_open(path, &h) != FREEXL_OK) {
		if (h)
			freexl_close(h);
		*err = xstrdup("不是可读取的 .xls 工作簿 (Excel 97-2003)");
		return false;
	}
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0 ||
	    freexl_get_worksheet_name(h, 0, &name) != FREEXL_OK || freexl_select_active_worksheet(h, 0) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
		freexl_close(h);
		*err = xstrdup(".xls 工作簿中没有可读取的工作表");
		return false;
	}
	*sheet = xstrdup(name ? name : "Sheet1");
	for (unsigned int r = 0; r < rows; r++) {
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			char num[64];

			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
				continue;
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(num, sizeof(num), "%d", v.value.int_value);
				out_cell(o, r + 1, c, num);
				break;
			case FREEXL_CELL_DOUBLE:
				number_text(v.value.double_value, num);
				out_cell(o, r + 1, c, num);
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
			case FREEXL_CELL_TIME:
				out_cell(o, r + 1, c, v.value.text_value ? v.value.text_value : "");
				break;
			default:
				break;
			}
		}
	}
	freexl_close(h);
	return true;
}

/* ---- .xlsx ------------------------------------------------------------- */
static char *zip_part(unzFile uf, const char *name, size_t *len)
{
	unz_file_info64 info;
	char *buf;
	int n;
	size_t got = 0;

	if (unzLocateFile(uf, name, 1) != UNZ_OK || unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
	    info.uncompressed_size > MAX_PART || unzOpenCurrentFile(uf) != UNZ_OK)
		return NULL;
	buf = xmalloc((size_t)info.uncompressed_size + 1);
	while ((n = unzReadCurrentFile(uf, buf + got, (unsigned)((size_t)info.uncompressed_size - got))) > 0)
		got += (size_t)n;
	if (unzCloseCurrentFile(uf) != UNZ_OK || n < 0 || got != info.uncompressed_size) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

static const char *attr(const XML_Char **a, const char *name)
{
	for (; a[0]; a += 2)
		if (!strcmp(a[0], name))
			return a[1];
	return NULL;
}

/* The parts' element names without a namespace prefix ("x:row" -> "row"). */
static const char *local(const XML_Char *el)
{
	const char *c = strrchr(el, ':');

	return c ? c + 1 : el;
}

static bool parse_xml(const char *data, size_t len, void *ud, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	bool ok;

	if (!p)
		return false;
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	ok = XML_Parse(p, data, (int)len, 1) == XML_STATUS_OK;
	XML_ParserFree(p);
	return ok;
}

struct book {            /* workbook.xml and its relationships */
	char *name, *rid, *target;
};

static void book_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct book *b = ud;
	const char *v;

	if (!strcmp(local(el), "sheet") && !b->rid) {
		b->name = xstrdup((v = attr(a, "name")) ? v : "Sheet1");
		for (const XML_Char **p = a; p[0]; p += 2)
			if (strlen(p[0]) > 3 && !strcmp(p[0] + strlen(p[0]) - 3, ":id"))
				b->rid = xstrdup(p[1]);
	} else if (!strcmp(local(el), "Relationship") && b->rid && !b->target && (v = attr(a, "Id")) &&
		   !strcmp(v, b->rid) && (v = attr(a, "Target"))) {
		b->target = *v == '/' ? xstrdup(v + 1) : xasprintf("xl/%s", v);
	}
}

static void no_end(void *ud, const XML_Char *el)
{
	(void)ud;
	(void)el;
}

struct sst {             /* sharedStrings.xml */
	char **v;
	size_t n, cap;
	struct strbuf cur;
	int in_si, in_t, in_rph;
};

static void sst_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct sst *s = ud;
	const char *l = local(el);

	(void)a;
	if (!strcmp(l, "si")) {
		s->in_si = 1;
		sb_reset(&s->cur);
	} else if (!strcmp(l, "rPh")) {
		s->in_rph = 1;
	} else if (!strcmp(l, "t")) {
		s->in_t = 1;
	}
}

static void sst_end(void *ud, const XML_Char *el)
{
	struct sst *s = ud;
	const char *l = local(el);

	if (!strcmp(l, "si")) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 1024;
			s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
		}
		s->v[s->n++] = xstrdup(s->cur.s ? s->cur.s : "");
		s->in_si = 0;
	} else if (!strcmp(l, "rPh")) {
		s->in_rph = 0;
	} else if (!strcmp(l, "t")) {
		s->in_t = 0;
	}
}

static void sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst *s = ud;

	if (s->in_si && s->in_t && !s->in_rph)
		sb_add(&s->cur, t, (size_t)len);
}

struct ws {              /* the worksheet */
	struct out *o;
	const struct sst *sst;
	unsigned long row, col;
	char type[16];
	struct strbuf val;
	int in_v;
};

static void ws_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct ws *w = ud;
	const char *l = local(el), *v;

	if (!strcmp(l, "row")) {
		w->row = (v = attr(a, "r")) ? strtoul(v, NULL, 10) : w->row + 1;
		w->col = (unsigned long)-1;
	} else if (!strcmp(l, "c")) {
		unsigned long c = 0;

		if ((v = attr(a, "r")) && *v >= 'A' && *v <= 'Z') {
			for (; *v >= 'A' && *v <= 'Z'; v++)
				c = c * 26 + (unsigned long)(*v - 'A' + 1);
			w->col = c - 1;
		} else {
			w->col++;
		}
		snprintf(w->type, sizeof(w->type), "%s", (v = attr(a, "t")) ? v : "n");
		sb_reset(&w->val);
	} else if (!strcmp(l, "v") || !strcmp(l, "t")) {
		w->in_v = 1;
	}
}

static void ws_end(void *ud, const XML_Char *el)
{
	struct ws *w = ud;
	const char *l = local(el), *v;
	char num[64];

	if (!strcmp(l, "v") || !strcmp(l, "t")) {
		w->in_v = 0;
	} else if (!strcmp(l, "c") && w->row) {
		v = w->val.s ? w->val.s : "";
		if (!strcmp(w->type, "s")) {
			char *end;
			unsigned long i = strtoul(v, &end, 10);
			v = *v && !*end && i < w->sst->n ? w->sst->v[i] : "";
		} else if (!strcmp(w->type, "n") && *v) {
			char *end;
			double d = strtod(v, &end);
			if (!*end) {
				number_text(d, num);
				v = num;
			}
		}
		out_cell(w->o, w->row, w->col, v);
	}
}

static void ws_text(void *ud, const XML_Char *t, int len)
{
	struct ws *w = ud;

	if (w->in_v)
		sb_add(&w->val, t, (size_t)len);
}

static bool read_xlsx(const char *path, struct out *o, char **sheet, char **err)
{
	unzFile uf = unzOpen64(path);
	struct book b = { 0 };
	struct sst sst = { 0 };
	char *data, *rels;
	size_t len, rlen;
	bool ok = false;

	if (!uf) {
		*err = xstrdup("不是可读取的 .xlsx 工作簿 (zip 格式损坏)");
		return false;
	}
	data = zip_part(uf, "xl/workbook.xml", &len);
	if (!data || !parse_xml(data, len, &b, book_start, no_end, NULL) || !b.rid) {
		*err = xstrdup("不是 .xlsx 工作簿 (缺少 xl/workbook.xml 或其中没有工作表)");
		goto out;
	}
	free(data);
	rels = zip_part(uf, "xl/_rels/workbook.xml.rels", &rlen);
	if (rels)
		parse_xml(rels, rlen, &b, book_start, no_end, NULL);
	free(rels);
	if (!b.target)
		b.target = xstrdup("xl/worksheets/sheet1.xml");
	data = zip_part(uf, "xl/sharedStrings.xml", &len);   /* absent when no cell holds text */
	sb_init(&sst.cur);
	if (data && !parse_xml(data, len, &sst, sst_start, sst_end, sst_text)) {
		*err = xstrdup(".xlsx 工作簿的 xl/sharedStrings.xml 无法解析");
		goto out;
	}
	free(data);
	data = zip_part(uf, b.target, &len);
	{
		struct ws w = { .o = o, .sst = &sst };

		sb_init(&w.val);
		ok = data && parse_xml(data, len, &w, ws_start, ws_end, ws_text);
		sb_release(&w.val);
	}
	if (!ok)
		*err = xasprintf(".xlsx 工作簿的工作表 %s 无法读取或解析", b.name);
	else
		*sheet = xstrdup(b.name);
out:
	free(data);
	for (size_t i = 0; i < sst.n; i++)
		free(sst.v[i]);
	free(sst.v);
	sb_release(&sst.cur);
	free(b.name);
	free(b.rid);
	free(b.target);
	unzClose(uf);
	return ok;
}

bool sheet_read_tsv(const char *path, enum sheet_kind kind, char **tsv, size_t *len, char **sheet, char **err)
{
	struct out o = { .row = 0 };
	bool ok;

	*sheet = NULL;
	sb_init(&o.sb);
	ok = kind == SHEET_XLS ? read_xls(path, &o, sheet, err) : read_xlsx(path, &o, sheet, err);
	if (!ok) {
		sb_release(&o.sb);
		return false;
	}
	sb_addc(&o.sb, '\n');
	*len = o.sb.len;
	*tsv = sb_detach(&o.sb);
	return true;
}
