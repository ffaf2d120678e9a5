/* cmd_forms.c - certdesk forms check [FILE…]: load and check form definitions. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/form.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int forms_usage(void)
{
	fprintf(stderr, "用法: certdesk forms check [FILE…]\n"
			"  不给文件时检查数据目录 forms/ 下的全部 *.form 文件。\n");
	return 2;
}

/* Forms are checked against the columns the program's own migrations create,
 * in a scratch database: no access to the branch database is needed. */
static struct store *scratch_store(struct cli *cli, char **dir)
{
	const char *tmp = getenv("TMPDIR");
	char *path, *err = NULL;
	struct store *s;

	*dir = xasprintf("%s/certdesk-forms-XXXXXX", str_empty(tmp) ? "/tmp" : tmp);
	if (!mkdtemp(*dir)) {
		fprintf(stderr, "certdesk: 无法创建临时目录 %s\n", *dir);
		xfree(dir);
		return NULL;
	}
	path = xasprintf("%s/schema.db", *dir);
	s = store_open_path(path, cli->conf, STORE_CREATE, &err);
	if (!s) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
	}
	free(path);
	return s;
}

static void scratch_remove(char *dir)
{
	char *p;

	if (!dir)
		return;
	for (const char *const *sfx = (const char *const[]){ "", "-journal", "-wal", "-shm", NULL }; *sfx; sfx++) {
		p = xasprintf("%s/schema.db%s", dir, *sfx);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(dir);
}

static bool check_one(const char *path, const struct form_schema *schema)
{
	char *err = NULL;
	struct form *f = form_load(path, schema, &err);

	if (!f) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return false;
	}
	printf("%s: 正确 (%zu 个界面, %zu 个分区, %zu 个字段)\n", path, f->nscreens, f->nsections, f->nfields);
	form_free(f);
	return true;
}

int cmd_forms(struct cli *cli, int argc, char **argv)
{
	struct form_schema schema;
	struct store *s;
	char *dir = NULL;
	int bad = 0;

	if (argc < 2 || strcmp(argv[1], "check"))
		return forms_usage();
	for (int i = 2; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return forms_usage();
	if (!(s = scratch_store(cli, &dir))) {
		scratch_remove(dir);
		return 1;
	}
	form_schema_from_store(&schema, s, paths_datadir());
	if (argc > 2) {
		for (int i = 2; i < argc; i++)
			bad += !check_one(argv[i], &schema);
	} else {
		char *pattern = paths_file("forms/*.form");
		glob_t g;

		if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
			fprintf(stderr, "certdesk: 没有找到表单文件 %s\n", sanitize_arg(pattern));
			bad = 1;
		} else {
			for (size_t i = 0; i < g.gl_pathc; i++)
				bad += !check_one(g.gl_pathv[i], &schema);
		}
		globfree(&g);
		free(pattern);
	}
	store_close(s);
	scratch_remove(dir);
	return bad ? 1 : 0;
}
