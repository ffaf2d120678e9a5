/* cmd_import.c - certdesk import banks|divisions|holidays FILE (reference data). */
#include "cli/cmd.h"
#include "store/refdata.h"
#include "store/store.h"
#include "store/workdays.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct clicmd cmd_import_cli = {
	"certdesk import",
	(const char *const[]){ "certdesk import banks 文件       导入 CNAPS 联行号目录 (CSV/TSV, UTF-8 或 GB18030; .xlsx/.xls)",
			       "certdesk import divisions 文件   导入行政区划 (data/divisions.tsv 的格式, 或民政部的代码和名称两列)",
			       "certdesk import holidays 文件    导入国务院办公厅的放假安排 (data/holidays.tsv 的格式)",
			       NULL },
	"导入参考数据: 联行号目录、行政区划或放假安排。",
	NULL,
	"文件为 - 时从标准输入读取。文件格式见 certdesk(1) 的 FILE FORMATS 一节。",
	NULL,
};

static int import_file(struct cli *cli, int which, const char *path, const char *shown);

/* `import holidays FILE`: every problem as FILE:LINE: reason, then each
 * year loaded and how far the calendar now reaches. */
static int import_holidays(struct cli *cli, const char *path, const char *shown)
{
	struct store *s = cli_store(cli);
	struct holiday_import r;
	struct passwd *pw = getpwuid(getuid());
	char *err = NULL, *actor, *full, *name = sanitize_text(shown, 0), *w;
	bool ok;

	/* the shipped years first, so that they never come in over this import */
	if (!workdays_ensure(s, &err)) {
		fprintf(stderr, "certdesk: 警告: %s\n", sanitize_arg(err));
		xfree(&err);
	}
	actor = xasprintf("shell:%s", pw ? pw->pw_name : "?");
	full = realpath(path, NULL);   /* the audit and the calendar record where it came from in full */
	ok = workdays_import(s, full ? full : path, actor, NULL, &r, &err);
	free(full);
	free(actor);
	for (size_t i = 0; i < r.nproblems; i++)
		fprintf(stderr, "%s:%ld: %s\n", name, r.problems[i].line, sanitize_arg(r.problems[i].reason));
	if (!ok) {
		fprintf(stderr, "certdesk: %s: %s\n", name, sanitize_arg(err));
		free(err);
		free(name);
		holiday_import_release(&r);
		return 1;
	}
	for (size_t i = 0; i < r.nyears; i++) {
		const struct holiday_year *y = &r.years[i];

		printf("%s (%s): %d 年: 放假 %d 天, 调休上班 %d 天 (%s)\n", name, r.encoding, y->year, y->days_off,
		       y->workdays, str_eq(y->previous, "import") ? "替换了上次导入的" :
		       str_eq(y->previous, "shipped") ? "替换了随程序发布的" : "新增");
	}
	{
		struct workcal *c = workcal_load(s);
		char until[11], today[11];

		clock_today(today);
		if (workcal_covered_until(c, today, until))
			printf("节假日日历覆盖到 %s\n", until);
		w = workcal_warning(c, today);
		workcal_free(c);
	}
	if (w)
		fprintf(stderr, "certdesk: 警告: %s%s\n", w, WORKDAYS_HOWTO);
	free(w);
	free(name);
	holiday_import_release(&r);
	return 0;
}

/* import KIND -: standard input goes to a scratch file first (the importers
 * read a path, and may read it twice to tell its encoding). */
static int import_stdin(struct cli *cli, int which)
{
	char *dir = cli_tmpdir("import"), *path;
	int rc = CLI_FAIL;

	if (!dir)
		return CLI_FAIL;
	path = xasprintf("%s/标准输入", dir);
	if (cli_stdin_to_file(path)) {
		rc = import_file(cli, which, path, "标准输入");
	}
	free(path);
	cli_tmpdir_remove(dir, (const char *const[]){ "标准输入", NULL });
	return rc;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const char *const subs[] = { "banks", "divisions", "holidays", NULL };
	struct cliparse p;
	int which, rc, c;

	if (!clicmd_pick(&cmd_import_cli, argc, argv, subs, &which, &rc))
		return rc;
	cliparse_init(&p, &cmd_import_cli, subs[which], argc - 1, argv + 1, false);
	while ((c = cliparse_next(&p)) >= 0)
		;
	if (c == CLIOPT_EXIT)
		return p.rc;
	/* the operand moved to the end: argv[optind] of argv + 1 */
	if (optind + 1 >= argc)
		return clicmd_usage_error(&cmd_import_cli, "缺少文件 (- 为标准输入)");
	if (optind + 2 < argc)
		return clicmd_extra_arg(&cmd_import_cli, argv[optind + 2]);
	if (cli_is_stdio(argv[optind + 1]))
		return import_stdin(cli, which);
	return import_file(cli, which, argv[optind + 1], argv[optind + 1]);
}

/* which: 0 banks, 1 divisions, 2 holidays; SHOWN names PATH in messages */
static int import_file(struct cli *cli, int which, const char *path, const char *shown)
{
	struct import_report r;
	struct store *s;
	char *err = NULL, *name;
	bool ok, banks = which == 0;

	if (which == 2)
		return import_holidays(cli, path, shown);
	s = cli_store(cli);
	/* the built-in data first, so an import adds to (never precedes) it */
	if (!refdata_ensure(s, &err)) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		return 1;
	}
	ok = banks ? refdata_import_banks(s, path, &r, &err) : refdata_import_divisions(s, path, &r, &err);
	/* problems quote the file, which may hold escape sequences: the terminal
	 * gets them (and the file name) through the sanitiser */
	name = sanitize_text(shown, 0);
	if (r.sheet) {          /* FILE:SHEET: 第 N 行 (the sheet's row number) */
		char *sh = sanitize_text(r.sheet, 0), *both = xasprintf("%s:%s", name, sh);
		free(sh);
		free(name);
		name = both;
	}
	for (size_t i = 0; i < r.nproblems; i++) {
		char *p = sanitize_text(r.problems[i], 0);
		fprintf(stderr, "%s: %s\n", name, p);
		free(p);
	}
	if (!ok) {
		char *e = sanitize_text(err, 0);
		fprintf(stderr, "certdesk: %s: %s\n", name, e);
		free(e);
		free(err);
		free(name);
		import_report_release(&r);
		return 1;
	}
	printf("%s (%s): 读取 %ld 行, 导入 %ld 行, 跳过 %ld 行", name, r.encoding, r.rows, r.imported,
	       r.skipped);
	if (r.added || r.replaced)   /* the MCA list's rules (certdesk(1) import) */
		printf(" (按区划代码规则补出直辖市一级 %ld 行, 替换市辖区/县 %ld 行)", r.added, r.replaced);
	putchar('\n');
	free(name);
	store_audit(s, 0, "admin", banks ? AUDIT_IMPORT_BANKS : AUDIT_IMPORT_DIVISIONS, shown,
		    banks ? "CNAPS 目录导入" : "行政区划导入");
	import_report_release(&r);
	return 0;
}
