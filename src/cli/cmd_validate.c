/* cmd_validate.c - certdesk validate KIND VALUE…: check values as the forms do. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "core/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void validate_kinds(FILE *f)
{
	fprintf(f, "\nKIND:\n");
	for (int k = 0; k < V__COUNT; k++)
		fprintf(f, "  %-9s %s\n", vkind_name((enum vkind)k), vkind_zh((enum vkind)k));
}

const struct clicmd cmd_validate_cli = {
	"certdesk validate",
	(const char *const[]){ "certdesk validate KIND VALUE…",
			       "certdesk validate KIND -      (从标准输入每行读一个值)", NULL },
	"按表单规则校验并规范化: 合格的值输出规范化结果, 不合格的说明原因。",
	NULL,
	"以 - 开头的值写在 -- 之后。",
	validate_kinds,
};

/* Check one value; prints the result. Values are never echoed to stderr in
 * full: they may be ID numbers, so a bad one is named by its position. */
static bool check_one(enum vkind kind, const char *value, int pos, bool several)
{
	struct vresult r;
	char where[32] = "";
	bool ok;

	if (several)
		snprintf(where, sizeof(where), "第 %d 个值: ", pos);
	ok = validate(kind, value, &r);
	if (ok) {
		printf("%s\n", r.value);
		if (r.warning)
			fprintf(stderr, "警告: %s%s\n", where, r.warning);
	} else {
		fprintf(stderr, "certdesk: %s%s\n", where, r.error);
	}
	vresult_release(&r);
	return ok;
}

int cmd_validate(struct cli *cli, int argc, char **argv)
{
	int kind, first, bad = 0;
	struct cliparse p;
	int c;

	(void)cli;
	cliparse_init(&p, &cmd_validate_cli, NULL, argc, argv, false);
	while ((c = cliparse_next(&p)) >= 0)
		;
	if (c == CLIOPT_EXIT)
		return p.rc;
	/* getopt moved the operands to the end, from optind */
	if (optind >= argc)
		return clicmd_usage_error(&cmd_validate_cli, "缺少 KIND 和 VALUE");
	kind = vkind_parse(argv[optind]);
	if (kind < 0)
		return clicmd_usage_error(&cmd_validate_cli, "未知的校验类型 \"%s\"", sanitize_arg(argv[optind]));
	first = optind + 1;
	if (first >= argc)
		return clicmd_usage_error(&cmd_validate_cli, "缺少 VALUE");
	if (first + 1 == argc && !strcmp(argv[first], "-")) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		int pos = 0;

		while ((n = getline(&line, &cap, stdin)) >= 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			if (!check_one((enum vkind)kind, line, ++pos, true))
				bad++;
		}
		free(line);
		if (pos == 0) {
			fprintf(stderr, "certdesk: 标准输入中没有值\n");
			return 2;
		}
		return bad ? 1 : 0;
	}
	for (int i = first; i < argc; i++)
		if (!check_one((enum vkind)kind, argv[i], i - first + 1, argc - first > 1))
			bad++;
	return bad ? 1 : 0;
}
