/* cmd_attach.c - certdesk attach check FILE… | list APPNO [--history]:
 * the attachment rules from the shell, and an application's stored scans. */
#include "core/clock.h"
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/imagecheck.h"
#include "core/util.h"
#include "store/app.h"
#include "store/attach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cliopt attach_opts[] = {
	{ "history", 'H', no_argument, NULL, "同时列出被替换的历史版本", "list" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_attach_cli = {
	"certdesk attach",
	(const char *const[]){ "certdesk attach check 文件…          按上传资料的规则检查文件",
			       "certdesk attach list 申请单号 [--history]  列出申请的附件", NULL },
	"检查附件文件 (不保存), 或列出一笔申请的附件。",
	attach_opts,
	NULL,
	NULL,
};

static int attach_check(int argc, char **argv)
{
	int bad = 0;

	if (argc < 1)
		return clicmd_usage_error(&cmd_attach_cli, "缺少文件");
	for (int i = 0; i < argc; i++) {
		struct image_file img;
		char *err = NULL, num[32];

		if (!imagecheck_file(argv[i], &img, &err)) {
			fprintf(stderr, "certdesk: %s: %s\n", sanitize_arg(argv[i]), err);
			free(err);
			bad++;
			continue;
		}
		printf("%s: %s %d×%d, %s 字节\n", sanitize_arg(argv[i]), image_type_name(img.info.type), img.info.width,
		       img.info.height, imagecheck_group_digits((long long)img.size, num, sizeof(num)));
		if (img.warning)
			fprintf(stderr, "警告: %s: %s\n", sanitize_arg(argv[i]), img.warning);
		image_file_release(&img);
	}
	return bad ? 1 : 0;
}

static int attach_list_cmd(struct cli *cli, int argc, char **argv)
{
	bool history = false;
	const char *appno = NULL;
	struct store *s;
	struct attachment *v;
	long long app;
	size_t n;

	struct cliparse p;
	int c;

	cliparse_init(&p, &cmd_attach_cli, "list", argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0)
		history = true;
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (optind >= argc)
		return clicmd_usage_error(&cmd_attach_cli, "缺少申请单号");
	if (optind + 1 < argc)
		return clicmd_extra_arg(&cmd_attach_cli, argv[optind + 1]);
	appno = argv[optind];
	s = cli_store(cli);
	if (!(app = app_id_by_no(s, appno))) {
		fprintf(stderr, "certdesk: 申请单 %s 不存在\n", sanitize_arg(appno));
		return 1;
	}
	n = attach_list(s, app, history, &v);
	for (size_t i = 0; i < n; i++) {
		char num[32], at[CLOCK_SHOWN];

		printf("#%lld\t%s\t%s\t%s\t%s 字节\t%d×%d\tsha256=%s\t%s", v[i].id, attach_kind_name(v[i].kind),
		       sanitize_arg(v[i].name), sanitize_arg(v[i].mime), imagecheck_group_digits(v[i].size, num, sizeof(num)), v[i].width,
		       v[i].height, v[i].sha256, clock_show(v[i].created_at, true, at, sizeof(at)));
		if (v[i].print_id)
			printf("\t打印 #%lld", v[i].print_id);
		if (v[i].superseded_at)
			printf("\t已于 %s 被替换", clock_show(v[i].superseded_at, true, at, sizeof(at)));
		putchar('\n');
	}
	attach_list_free(v, n);
	{
		char *missing = attach_missing(s, app);
		if (missing)
			fprintf(stderr, "certdesk: %s\n", missing);
		free(missing);
	}
	return 0;
}

int cmd_attach(struct cli *cli, int argc, char **argv)
{
	static const char *const subs[] = { "check", "list", NULL };
	struct cliparse p;
	int which, rc, c;

	if (!clicmd_pick(&cmd_attach_cli, argc, argv, subs, &which, &rc))
		return rc;
	if (which == 1)
		return attach_list_cmd(cli, argc - 1, argv + 1);
	cliparse_init(&p, &cmd_attach_cli, "check", argc - 1, argv + 1, false);
	while ((c = cliparse_next(&p)) >= 0)
		;
	if (c == CLIOPT_EXIT)
		return p.rc;
	return attach_check(argc - 1 - optind, argv + 1 + optind);
}
