/* test_refdata.c - divisions cascade, bank keyword search and the CNAPS import. */
#include "testutil.h"

#include <iconv.h>

#include "core/appno.h"
#include "core/paths.h"
#include "core/tabfile.h"
#include "store/refdata.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *err = NULL;

	tu_open(&f->dir, &f->c, &f->s);
	if (!refdata_ensure(f->s, &err)) {
		fprintf(stderr, "refdata_ensure: %s\n", err);
		abort();
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_close(f->dir, f->c, f->s);
	free(f);
	return 0;
}

/* ---- helpers ---- */

struct hits {
	int n;
	char names[64][256];
	char codes[64][16];
};

static bool collect(const struct bank *b, void *ud)
{
	struct hits *h = ud;

	if (h->n < 64) {
		snprintf(h->names[h->n], sizeof(h->names[0]), "%s", b->name);
		snprintf(h->codes[h->n], sizeof(h->codes[0]), "%s", b->code);
		h->n++;
	}
	return true;
}

static struct hits search(struct fx *f, const char *q, int limit)
{
	struct hits h = { 0 };
	int n = bank_search(f->s, q, limit, collect, &h);

	assert_int_equal(n, h.n);
	return h;
}

static bool has_name(const struct hits *h, const char *name)
{
	for (int i = 0; i < h->n; i++)
		if (!strcmp(h->names[i], name))
			return true;
	return false;
}

/* A valid CNAPS code: 11 digits + the ISO 7064 MOD 11,10 check digit. */
static void cnaps(const char *eleven, char out[13])
{
	memcpy(out, eleven, 11);
	out[11] = (char)('0' + iso7064_mod11_10(eleven, 11));
	out[12] = '\0';
}

static char *write_file(struct fx *f, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	return path;
}

static char *to_gb18030(const char *utf8, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inlen = strlen(utf8), cap = inlen * 2 + 8, left = cap;
	char *out = xmalloc(cap), *in = (char *)utf8, *op = out;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inlen, &op, &left) != (size_t)-1);
	iconv_close(cd);
	*outlen = cap - left;
	return out;
}

static bool report_has(const struct import_report *r, const char *needle)
{
	for (size_t i = 0; i < r->nproblems; i++)
		if (strstr(r->problems[i], needle))
			return true;
	return false;
}

/* ---- divisions ---- */

static void every_province_and_prefecture_gives_a_complete_selection(void **state)
{
	struct fx *f = *state;
	struct division_list prov, pref, county;

	assert_int_equal(division_children(f->s, NULL, &prov), 31);
	for (size_t i = 0; i < prov.n; i++) {
		assert_int_equal(prov.v[i].level, 1);
		assert_true(division_children(f->s, prov.v[i].code, &pref) > 0);
		for (size_t k = 0; k < pref.n; k++) {
			assert_int_equal(pref.v[k].level, 2);
			assert_true(division_children(f->s, pref.v[k].code, &county) > 0);
			assert_int_equal(county.v[0].level, 3);
			if (county.v[0].whole) {
				assert_int_equal(county.n, 1);
				assert_string_equal(county.v[0].code, pref.v[k].code);
			}
			division_list_release(&county);
		}
		division_list_release(&pref);
	}
	division_list_release(&prov);
	/* all current county-level units: ~2,800 at step 3 */
	assert_true(store_get_int(f->s, "SELECT COUNT(*) FROM divisions WHERE level = 3", NULL, 0) > 2700);
}

static void beijing_is_a_complete_three_step_selection(void **state)
{
	struct fx *f = *state;
	struct division_list l;
	struct division sel[3];
	char *path;

	assert_int_equal(division_children(f->s, "110000", &l), 1);
	assert_string_equal(l.v[0].code, "110100");
	assert_string_equal(l.v[0].name, "北京市");
	assert_false(l.v[0].whole);
	division_list_release(&l);
	assert_int_equal(division_children(f->s, "110100", &l), 16);
	division_list_release(&l);
	path = division_path(f->s, "110105");
	assert_string_equal(path, "北京市 朝阳区");
	free(path);
	assert_true(division_selection(f->s, "110105", sel));
	assert_string_equal(sel[0].code, "110000");
	assert_string_equal(sel[1].code, "110100");
	assert_string_equal(sel[2].name, "朝阳区");
	for (int i = 0; i < 3; i++)
		division_release(&sel[i]);
	/* 重庆's districts and counties sit under one second step */
	assert_int_equal(division_children(f->s, "500000", &l), 1);
	division_list_release(&l);
	assert_true(division_children(f->s, "500100", &l) > 35);
	division_list_release(&l);
}

static void dongguan_and_jiyuan_are_their_own_county(void **state)
{
	struct fx *f = *state;
	struct division_list l;
	struct division sel[3];
	char *path;
	const char *leaves[] = { "441900", "442000", "460400", "620200", "419001", "429004", "659001" };

	for (size_t i = 0; i < ARRAY_SIZE(leaves); i++) {
		assert_int_equal(division_children(f->s, leaves[i], &l), 1);
		assert_true(l.v[0].whole);
		assert_int_equal(l.v[0].level, 3);
		assert_string_equal(l.v[0].code, leaves[i]);
		division_list_release(&l);
		assert_true(division_selection(f->s, leaves[i], sel));
		assert_true(sel[2].whole);
		for (int k = 0; k < 3; k++)
			division_release(&sel[k]);
	}
	path = division_path(f->s, "441900");
	assert_string_equal(path, "广东省 东莞市");
	free(path);
	path = division_path(f->s, "419001");
	assert_string_equal(path, "河南省 济源市");
	free(path);
	/* a prefecture with counties is not a complete selection */
	assert_false(division_selection(f->s, "440300", sel));
	assert_false(division_selection(f->s, "440000", sel));
	assert_false(division_selection(f->s, "999999", sel));
}

static void statistical_pseudo_counties_are_left_out(void **state)
{
	struct fx *f = *state;
	struct division d;

	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM divisions WHERE level = 3 AND "
					     "substr(code, 5, 2) BETWEEN '71' AND '79'", NULL, 0), 0);
	assert_false(division_get(f->s, "320576", &d));    /* 苏州工业园区 */
	assert_false(division_get(f->s, "130171", &d));    /* 石家庄高新技术产业开发区 */
	assert_false(division_get(f->s, "419000", &d));    /* 省直辖县级行政区划 grouping node */
	assert_true(division_get(f->s, "320583", &d));     /* 昆山市 stays */
	assert_string_equal(d.name, "昆山市");
	division_release(&d);
	assert_true(division_known("440304", f->s));
	assert_false(division_known("440371", f->s));
}

static void path_names_province_prefecture_county(void **state)
{
	struct fx *f = *state;
	char *path = division_path(f->s, "440304");

	assert_string_equal(path, "广东省 深圳市 福田区");
	free(path);
	path = division_path(f->s, "440300");
	assert_string_equal(path, "广东省 深圳市");
	free(path);
	assert_null(division_path(f->s, "440399"));
	assert_null(division_path(f->s, "abc"));
}

/* ---- bank search ---- */

static void gongshang_finds_icbc_first(void **state)
{
	struct fx *f = *state;
	struct hits h = search(f, "工商", 10);

	assert_true(h.n >= 1);
	assert_string_equal(h.names[0], "中国工商银行");
	assert_string_equal(h.codes[0], "102100099996");
}

static void aliases_find_their_bank(void **state)
{
	struct fx *f = *state;
	static const char *const pairs[][2] = {
		{ "工行", "中国工商银行" }, { "建行", "中国建设银行" }, { "招行", "招商银行" },
		{ "农行", "中国农业银行" }, { "中行", "中国银行" }, { "交行", "交通银行" },
		{ "邮储", "中国邮政储蓄银行" }, { "浦发", "上海浦东发展银行" }, { "民生", "中国民生银行" },
		{ "兴业", "兴业银行" }, { "光大", "中国光大银行" }, { "中信", "中信银行" },
		{ "华夏", "华夏银行" }, { "广发", "广发银行" }, { "平安", "平安银行" },
		{ "浙商", "浙商银行" }, { "渤海", "渤海银行" }, { "恒丰", "恒丰银行" },
		{ "hsbc", "汇丰银行（中国）有限公司" }, { "ICBC", "中国工商银行" },
		{ "国开行", "国家开发银行" }, { "深农商", "深圳农村商业银行" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		struct hits h = search(f, pairs[i][0], 5);
		if (h.n < 1 || strcmp(h.names[0], pairs[i][1]))
			fail_msg("%s: expected %s first, got %s", pairs[i][0], pairs[i][1], h.n ? h.names[0] : "nothing");
	}
}

static void one_and_two_character_queries_work(void **state)
{
	struct fx *f = *state;
	struct hits h;

	h = search(f, "工", 10);                 /* 1 character: alias prefix 工行/工商 */
	assert_true(h.n >= 1);
	assert_string_equal(h.names[0], "中国工商银行");
	h = search(f, "邮", 10);
	assert_string_equal(h.names[0], "中国邮政储蓄银行");
	h = search(f, "汇", 10);
	assert_true(has_name(&h, "汇丰银行（中国）有限公司"));
	h = search(f, "商", 64);                 /* 1 character anywhere in a name */
	assert_true(has_name(&h, "中国工商银行"));
	assert_true(has_name(&h, "徽商银行"));
	h = search(f, "农商", 20);               /* 2 characters anywhere in an alias */
	assert_true(has_name(&h, "北京农村商业银行"));
	h = search(f, "银行", 64);
	assert_int_equal(h.n, 64);
	assert_string_equal(h.names[0], "中国银行"); /* state banks first, shortest first */
}

static void ranking_is_exact_then_prefix_then_anywhere(void **state)
{
	struct fx *f = *state;
	struct hits h = search(f, "中国银行", 10);

	assert_string_equal(h.names[0], "中国银行");
	h = search(f, "上海", 10);                /* prefix: joint-stock before city banks */
	assert_string_equal(h.names[0], "上海浦东发展银行");
	assert_string_equal(h.names[1], "上海银行");
	assert_true(has_name(&h, "上海浦东发展银行"));
	assert_true(has_name(&h, "上海华瑞银行"));
	h = search(f, "浦东", 10);                /* anywhere */
	assert_string_equal(h.names[0], "上海浦东发展银行");
	h = search(f, "澳大利亚和新西兰银行（中国）有限公司", 10);   /* longer than the edge tokens */
	assert_int_equal(h.n, 1);
	h = search(f, "澳大利亚和新西兰银行", 10);
	assert_int_equal(h.n, 1);
	h = search(f, "和新西兰银行", 10);
	assert_int_equal(h.n, 1);
}

static void punctuation_case_and_blanks_are_ignored(void **state)
{
	struct fx *f = *state;
	struct hits h = search(f, "汇丰银行(中国)", 5);

	assert_string_equal(h.names[0], "汇丰银行（中国）有限公司");
	h = search(f, "ｈｓｂｃ", 5);           /* full-width letters */
	assert_string_equal(h.names[0], "汇丰银行（中国）有限公司");
	h = search(f, "（）", 5);
	assert_int_equal(h.n, 0);
	h = search(f, "不存在的银行名称", 5);
	assert_int_equal(h.n, 0);
	h = search(f, "", 5);                     /* empty: the head offices, biggest first */
	assert_int_equal(h.n, 5);
	assert_string_equal(h.names[0], "中国银行");
	h = search(f, " \xe3\x80\x80 ", 5);          /* blanks, ideographic space included */
	assert_int_equal(h.n, 5);
	h = search(f, "中国 工商", 5);            /* every term must match */
	assert_string_equal(h.names[0], "中国工商银行");
	assert_int_equal(h.n, 1);
}

/* ---- import ---- */

static char *branch_csv(void)
{
	char a[13], b[13], c[13], d[13];
	struct strbuf sb;

	cnaps("10258400011", a);
	cnaps("10558400002", b);
	cnaps("30858400123", c);
	cnaps("31358400777", d);
	sb_init(&sb);
	sb_addf(&sb, "行号,行名,地址\n");
	sb_addf(&sb, "%s,中国工商银行股份有限公司深圳福田支行,深圳\n", a);                 /* line 2 */
	sb_addf(&sb, "10258400011%c,校验位错的行,深圳\n", a[11] == '9' ? '0' : a[11] + 1); /* line 3 */
	sb_addf(&sb, "%s,\"中国建设银行股份有限公司深圳分行,营业部\",深圳\n", b);          /* line 4 */
	sb_addf(&sb, "12345,位数不对,x\n");                                              /* line 5 */
	sb_addf(&sb, "\n");                                                               /* line 6 */
	sb_addf(&sb, "%s,,空行名\n", c);                                                  /* line 7 */
	sb_addf(&sb, "%s,招商银行深圳车公庙支行,深圳\n", c);                               /* line 8 */
	sb_addf(&sb, "%s,重复的行,深圳\n", a);                                             /* line 9 */
	sb_addf(&sb, "%s,某城市商业银行福田支行,深圳\n", d);                               /* line 10 */
	sb_addf(&sb, "102100099996,中国工商银行股份有限公司,北京\n");                      /* line 11: head office */
	return sb.s;
}

static void check_branch_import(struct fx *f, const struct import_report *r)
{
	struct hits h;

	assert_int_equal(r->rows, 9);
	assert_int_equal(r->imported, 5);
	assert_int_equal(r->skipped, 4);
	assert_true(report_has(r, "第 3 行: 行号"));
	assert_true(report_has(r, "校验位错误"));
	assert_true(report_has(r, "第 5 行: 行号 \"12345\" 不是 12 位数字"));
	assert_true(report_has(r, "第 7 行: 行名为空"));
	assert_true(report_has(r, "第 9 行: 行号"));
	assert_true(report_has(r, "与第 2 行重复"));

	h = search(f, "福田支行", 10);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.names[0], "某城市商业银行福田支行");     /* shorter first */
	/* a branch is found by its head office's aliases (same CNAPS bank class 102) */
	h = search(f, "工行 福田", 10);
	assert_int_equal(h.n, 1);
	assert_string_equal(h.names[0], "中国工商银行股份有限公司深圳福田支行");
	h = search(f, "工行", 10);
	assert_string_equal(h.names[0], "中国工商银行");               /* head office before branches */
	assert_true(has_name(&h, "中国工商银行股份有限公司深圳福田支行"));
	h = search(f, "招行 车公庙", 10);
	assert_int_equal(h.n, 1);
	h = search(f, "深圳分行营业部", 10);                           /* the quoted comma is ignored */
	assert_int_equal(h.n, 1);
	/* the head-office row keeps its short name and aliases */
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM banks WHERE code = '102100099996' AND "
					     "name = '中国工商银行' AND kind = 'state'", NULL, 0), 1);
}

static void import_utf8_csv_reports_bad_rows_with_line_numbers(void **state)
{
	struct fx *f = *state;
	char *csv = branch_csv(), *err = NULL;
	char *path = write_file(f, "cnaps.csv", csv, strlen(csv));
	struct import_report r;

	assert_true(refdata_import_banks(f->s, path, &r, &err));
	assert_string_equal(r.encoding, "UTF-8");
	check_branch_import(f, &r);
	import_report_release(&r);
	free(path);
	free(csv);
}

static void import_gb18030_tsv_reports_bad_rows_with_line_numbers(void **state)
{
	struct fx *f = *state;
	char *csv = branch_csv(), *err = NULL, *gb, *path;
	struct import_report r;
	size_t len;

	struct strbuf sb;

	/* the same rows as TSV with other Chinese headers, in GB18030 */
	sb_init(&sb);
	sb_adds(&sb, "联行号\t名称\t地址\n");
	sb_adds(&sb, strchr(csv, '\n') + 1);
	bool quoted = false;
	for (size_t i = strlen("联行号\t名称\t地址\n"); i < sb.len; i++) {
		if (sb.s[i] == '"')
			quoted = !quoted;
		else if (sb.s[i] == ',' && !quoted)
			sb.s[i] = '\t';
	}
	gb = to_gb18030(sb.s, &len);
	assert_false(utf8_valid(gb, len));
	path = write_file(f, "cnaps.tsv", gb, len);
	assert_true(refdata_import_banks(f->s, path, &r, &err));
	assert_string_equal(r.encoding, "GB18030");
	check_branch_import(f, &r);
	import_report_release(&r);
	sb_release(&sb);
	free(path);
	free(gb);
	free(csv);
}

static void import_is_all_or_nothing_on_a_database_error(void **state)
{
	struct fx *f = *state;
	char *csv = branch_csv(), *err = NULL, *path;
	struct import_report r;
	long long before = store_get_int(f->s, "SELECT COUNT(*) FROM banks", NULL, 0);
	struct hits h;

	/* the fourth good row hits a failing trigger */
	assert_true(store_exec(f->s, "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.banks "
				     "WHEN NEW.name LIKE '%车公庙%' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"));
	path = write_file(f, "cnaps.csv", csv, strlen(csv));
	assert_false(refdata_import_banks(f->s, path, &r, &err));
	assert_non_null(strstr(err, "全部未导入"));
	assert_int_equal(r.imported, 0);
	free(err);
	import_report_release(&r);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM banks", NULL, 0), before);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM banks WHERE kind = 'branch'", NULL, 0), 0);
	h = search(f, "福田支行", 10);
	assert_int_equal(h.n, 0);
	h = search(f, "工商", 3);                   /* the index is as it was */
	assert_string_equal(h.names[0], "中国工商银行");
	assert_true(store_exec(f->s, "DROP TRIGGER boom"));
	assert_true(refdata_import_banks(f->s, path, &r, &err));
	assert_int_equal(r.imported, 5);
	import_report_release(&r);
	free(path);
	free(csv);
}

static void import_refuses_a_file_without_usable_columns(void **state)
{
	struct fx *f = *state;
	const char *bad = "编号,地址\n102100099996,北京\n";
	char *path = write_file(f, "bad.csv", bad, strlen(bad)), *err = NULL;
	struct import_report r;

	assert_false(refdata_import_banks(f->s, path, &r, &err));
	assert_non_null(strstr(err, "表头缺少行号列"));
	free(err);
	import_report_release(&r);
	free(path);
	path = xasprintf("%s/missing.csv", f->dir);
	assert_false(refdata_import_banks(f->s, path, &r, &err));
	free(err);
	free(path);
}

static void import_divisions_replaces_the_table_and_skips_orphans(void **state)
{
	struct fx *f = *state;
	const char *tsv = "# test\ncode\tname\tparent\tlevel\n"
			  "440000\t广东省\t\t1\n"
			  "440300\t深圳市\t440000\t2\n"
			  "440304\t福田区\t440300\t3\n"
			  "440399\t孤儿区\t449900\t3\n"
			  "44030X\t坏代码\t440300\t3\n"
			  "441900\t东莞市\t440000\t2\n";
	char *path = write_file(f, "div.tsv", tsv, strlen(tsv)), *err = NULL, *p;
	struct import_report r;
	struct division_list l;

	assert_true(refdata_import_divisions(f->s, path, &r, &err));
	assert_int_equal(r.imported, 4);
	assert_int_equal(r.skipped, 2);
	assert_true(report_has(&r, "第 6 行: 440399"));
	assert_true(report_has(&r, "第 7 行: 区划代码 \"44030X\""));
	import_report_release(&r);
	assert_int_equal(division_children(f->s, NULL, &l), 1);
	division_list_release(&l);
	p = division_path(f->s, "440304");
	assert_string_equal(p, "广东省 深圳市 福田区");
	free(p);
	/* refdata_ensure does not undo an import while data/ is unchanged */
	assert_true(refdata_ensure(f->s, &err));
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM divisions", NULL, 0), 4);
	free(path);
}

static void ensure_reloads_when_the_shipped_file_changes(void **state)
{
	struct fx *f = *state;
	char *src = paths_file("data/banks.tsv"), *div = paths_file("data/divisions.tsv"), *err = NULL;
	size_t len;
	char *data = file_read_all(src, &len);
	struct strbuf sb;
	char *copy;
	struct hits h;

	assert_non_null(data);
	sb_init(&sb);
	sb_add(&sb, data, len);
	sb_adds(&sb, "\t测试新增银行\t测新\tcity\n");
	copy = write_file(f, "banks.tsv", sb.s, sb.len);
	assert_true(refdata_ensure_from(f->s, div, copy, &err));
	h = search(f, "测新", 5);
	assert_int_equal(h.n, 1);
	assert_string_equal(h.names[0], "测试新增银行");
	/* an index of another layout is rebuilt */
	assert_true(store_state_set(f->s, "refdata.bank_index.format", "0"));
	assert_true(store_exec(f->s, "INSERT INTO bank_index(bank_index) VALUES ('delete-all')"));
	assert_int_equal(search(f, "工商", 5).n, 0);
	assert_true(refdata_ensure_from(f->s, div, copy, &err));
	assert_string_equal(search(f, "工商", 5).names[0], "中国工商银行");
	/* again: nothing to do, nothing doubled */
	assert_true(refdata_ensure_from(f->s, div, copy, &err));
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM banks WHERE name = '测试新增银行'", NULL, 0), 1);
	sb_release(&sb);
	free(copy);
	free(data);
	free(src);
	free(div);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_province_and_prefecture_gives_a_complete_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(beijing_is_a_complete_three_step_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(dongguan_and_jiyuan_are_their_own_county, setup, teardown),
		cmocka_unit_test_setup_teardown(statistical_pseudo_counties_are_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(path_names_province_prefecture_county, setup, teardown),
		cmocka_unit_test_setup_teardown(gongshang_finds_icbc_first, setup, teardown),
		cmocka_unit_test_setup_teardown(aliases_find_their_bank, setup, teardown),
		cmocka_unit_test_setup_teardown(one_and_two_character_queries_work, setup, teardown),
		cmocka_unit_test_setup_teardown(ranking_is_exact_then_prefix_then_anywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(punctuation_case_and_blanks_are_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(import_utf8_csv_reports_bad_rows_with_line_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(import_gb18030_tsv_reports_bad_rows_with_line_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(import_is_all_or_nothing_on_a_database_error, setup, teardown),
		cmocka_unit_test_setup_teardown(import_refuses_a_file_without_usable_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(import_divisions_replaces_the_table_and_skips_orphans, setup, teardown),
		cmocka_unit_test_setup_teardown(ensure_reloads_when_the_shipped_file_changes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
