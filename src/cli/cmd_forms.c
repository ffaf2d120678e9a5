/* cmd_forms.c - certdesk forms check [FILE…]: load and check form definitions. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "form/form.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct clicmd cmd_forms_cli = {
	"certdesk forms",
	(const char *const[]){ "certdesk forms check [文件…]", NULL },
	"检查表单定义文件; 不给文件时检查数据目录 forms/ 下的全部 *.form 文件。",
	NULL,
	NULL,
	NULL,
};

/* Forms are checked against the columns the program's own migrations create,
 * in a scratch database: no access to the branch database is needed. */
static struct store *scratch_store(struct cli *cli, char **dir)
{
	char *path, *err = NULL;
	struct store *s;

	if (!(*dir = cli_tmpdir("forms")))
		return NULL;
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
	cli_tmpdir_remove(dir, (const char *const[]){ "schema.db", "schema.db-journal", "schema.db-wal",
						      "schema.db-shm", NULL });
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
	int bad = 0, which, rc, c;
	struct cliparse p;

	if (!clicmd_pick(&cmd_forms_cli, argc, argv, (const char *const[]){ "check", NULL }, &which, &rc))
		return rc;
	cliparse_init(&p, &cmd_forms_cli, "check", argc - 1, argv + 1, false);
	while ((c = cliparse_next(&p)) >= 0)
		;
	if (c == CLIOPT_EXIT)
		return p.rc;
	/* the files, from optind of argv + 1 */
	argc -= optind;
	argv += optind;
	if (!(s = scratch_store(cli, &dir))) {
		scratch_remove(dir);
		return 1;
	}
	store_form_schema(&schema, s, paths_datadir());
	schema.journey = true;   /* forms/ *.form are journeys: every step kind */
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
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
