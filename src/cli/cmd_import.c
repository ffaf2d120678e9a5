/* cmd_import.c - certdesk import banks|divisions FILE (reference data). */
#include "cli/cmd.h"
#include "store/refdata.h"
#include "store/store.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int import_usage(void)
{
	fprintf(stderr, "用法:\n"
			"  certdesk import banks FILE       导入 CNAPS 联行号目录 (CSV/TSV, UTF-8 或 GB18030)\n"
			"  certdesk import divisions FILE   导入行政区划 (data/divisions.tsv 的格式)\n"
			"文件格式见 certdesk(1) 的 IMPORT 一节。\n");
	return 2;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct import_report r;
	struct store *s;
	char *err = NULL, *name;
	bool ok, banks;

	if (argc != 3 || (strcmp(argv[1], "banks") && strcmp(argv[1], "divisions")))
		return import_usage();
	banks = !strcmp(argv[1], "banks");
	s = cli_store(cli);
	/* the built-in data first, so an import adds to (never precedes) it */
	if (!refdata_ensure(s, &err)) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		return 1;
	}
	ok = banks ? refdata_import_banks(s, argv[2], &r, &err) : refdata_import_divisions(s, argv[2], &r, &err);
	/* problems quote the file, which may hold escape sequences: the terminal
	 * gets them (and the file name) through the sanitiser */
	name = sanitize_text(argv[2], 0);
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
	printf("%s (%s): 读取 %ld 行, 导入 %ld 行, 跳过 %ld 行\n", name, r.encoding, r.rows, r.imported,
	       r.skipped);
	free(name);
	store_audit(s, 0, "admin", banks ? "import.banks" : "import.divisions", argv[2],
		    banks ? "CNAPS 目录导入" : "行政区划导入");
	import_report_release(&r);
	return 0;
}
