/* cliopt.c - getopt_long from an option table, --help from the same table,
 * usage errors in Chinese (opterr = 0: glibc's English text never shows). */
#include "core/cliopt.h"
#include "core/sanitize.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buildconf.h"

#define KEY_HELP 'h'
#define KEY_VERSION 'V'

static const struct cliopt common_opts[] = {
	{ "help", KEY_HELP, no_argument, NULL, "显示本帮助并退出", NULL },
	{ "version", KEY_VERSION, no_argument, NULL, "显示版本并退出", NULL },
};

static bool opt_in(const struct cliopt *o, const char *sub)
{
	return !o->sub || (sub && !strcmp(o->sub, sub));
}

void cliparse_init(struct cliparse *p, const struct clicmd *cmd, const char *sub, int argc, char **argv,
		   bool in_order)
{
	size_t n = 0, s = 0;

	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->sub = sub;
	p->argc = argc;
	p->argv = argv;
	if (in_order)
		p->shorts[s++] = '+';
	p->shorts[s++] = ':';   /* a missing argument is ':', not '?' */
	for (int pass = 0; pass < 2; pass++) {
		const struct cliopt *o = pass ? common_opts : cmd->opts;
		size_t count = pass ? ARRAY_SIZE(common_opts) : SIZE_MAX;

		for (size_t i = 0; o && i < count && o[i].name; i++) {
			if (!opt_in(&o[i], sub) || n >= CLIOPT_MAX + 2)
				continue;
			p->lopts[n++] = (struct option){ o[i].name, o[i].has_arg, NULL, o[i].key };
			if (o[i].key < 0x100) {
				p->shorts[s++] = (char)o[i].key;
				if (o[i].has_arg == required_argument)
					p->shorts[s++] = ':';
			}
		}
	}
	p->lopts[n] = (struct option){ NULL, 0, NULL, 0 };
	p->shorts[s] = '\0';
	opterr = 0;
	optind = 0;   /* 0: glibc starts afresh (and reads the '+' again) */
}

/* How the user wrote the option at fault: "-x" or "--name". */
static char *bad_option(const struct cliparse *p)
{
	const char *a = optind > 0 && optind <= p->argc ? p->argv[optind - 1] : NULL;

	if (optopt && optopt < 0x100 && !(a && a[0] == '-' && a[1] == '-'))
		return xasprintf("-%c", optopt);
	if (optopt) {
		for (const struct option *o = p->lopts; o->name; o++)
			if (o->val == optopt)
				return xasprintf("--%s", o->name);
	}
	if (a) {
		const char *eq = strchr(a, '=');
		return xasprintf("%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
	}
	return xstrdup("?");
}

int cliparse_next(struct cliparse *p)
{
	int c;
	char *opt;

	optopt = 0;
	c = getopt_long(p->argc, p->argv, p->shorts, p->lopts, NULL);
	switch (c) {
	case -1:
		return CLIOPT_END;
	case KEY_HELP:
		clicmd_help(p->cmd, stdout);
		p->rc = fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
		return CLIOPT_EXIT;
	case KEY_VERSION: {
		const char *sp = strchr(p->cmd->prog, ' ');

		printf("%.*s %s\n", sp ? (int)(sp - p->cmd->prog) : (int)strlen(p->cmd->prog), p->cmd->prog,
		       CERTDESK_VERSION);
		p->rc = fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
		return CLIOPT_EXIT;
	}
	case ':':
		opt = bad_option(p);
		p->rc = clicmd_usage_error(p->cmd, "选项 %s 需要参数", sanitize_arg(opt));
		free(opt);
		return CLIOPT_EXIT;
	case '?':
		opt = bad_option(p);
		/* an unknown --name=value is named by --name; an ambiguous prefix too */
		p->rc = clicmd_usage_error(p->cmd, "未知选项 %s", sanitize_arg(opt));
		free(opt);
		return CLIOPT_EXIT;
	default:
		return c;
	}
}

static void help_opt(FILE *f, const struct cliopt *o)
{
	char *left;
	size_t cols;

	if (o->key < 0x100)
		left = xasprintf("  -%c, --%s%s%s", o->key, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	else
		left = xasprintf("      --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	cols = utf8_cols(left);
	fputs(left, f);
	if (cols >= 28) {
		fputs("\n", f);
		cols = 0;
	}
	for (; cols < 28; cols++)
		fputc(' ', f);
	if (o->sub)
		fprintf(f, "(%s) ", o->sub);
	fprintf(f, "%s\n", o->help);
	free(left);
}

void clicmd_help(const struct clicmd *cmd, FILE *f)
{
	for (size_t i = 0; cmd->synopsis[i]; i++)
		fprintf(f, "%s%s\n", i ? "      " : "用法: ", cmd->synopsis[i]);
	if (cmd->summary)
		fprintf(f, "%s\n", cmd->summary);
	fputs("\n选项:\n", f);
	for (size_t i = 0; cmd->opts && cmd->opts[i].name; i++)
		help_opt(f, &cmd->opts[i]);
	for (size_t i = 0; i < ARRAY_SIZE(common_opts); i++)
		help_opt(f, &common_opts[i]);
	if (cmd->notes)
		fprintf(f, "\n%s\n", cmd->notes);
	if (cmd->more)
		cmd->more(f);
	fprintf(f, "\n退出状态: 0 成功; 1 操作失败或被拒绝 (原因见标准错误); 2 用法错误。\n");
	{
		const char *sp = strchr(cmd->prog, ' ');
		fprintf(f, "详见 %.*s(1)。\n", sp ? (int)(sp - cmd->prog) : (int)strlen(cmd->prog), cmd->prog);
	}
}

int clicmd_usage_error(const struct clicmd *cmd, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s; 用法见 %s --help\n", cmd->prog, msg, cmd->prog);
	for (size_t i = 0; cmd->synopsis[i]; i++)
		fprintf(stderr, "%s%s\n", i ? "      " : "用法: ", cmd->synopsis[i]);
	free(msg);
	return CLI_USAGE;
}

int clicmd_extra_arg(const struct clicmd *cmd, const char *arg)
{
	return clicmd_usage_error(cmd, "多余的参数 \"%s\"", sanitize_arg(arg));
}

bool clicmd_pick(const struct clicmd *cmd, int argc, char **argv, const char *const *subs, int *which, int *rc)
{
	struct strbuf names;

	if (argc >= 2 && argv[1][0] != '-') {
		for (int i = 0; subs[i]; i++)
			if (!strcmp(argv[1], subs[i])) {
				*which = i;
				return true;
			}
	}
	if (argc >= 2 && argv[1][0] == '-' && strcmp(argv[1], "-") && strcmp(argv[1], "--")) {
		struct cliparse p;
		int c;

		/* --help, --version; any other option before the sub-command is unknown */
		cliparse_init(&p, cmd, NULL, argc, argv, true);
		while ((c = cliparse_next(&p)) >= 0) {
			p.rc = clicmd_usage_error(cmd, "选项应写在子命令之后");
			break;
		}
		if (c == CLIOPT_EXIT || c >= 0) {
			*rc = p.rc;
			return false;
		}
	}
	sb_init(&names);
	for (int i = 0; subs[i]; i++)
		sb_addf(&names, "%s%s", i ? "|" : "", subs[i]);
	if (argc < 2)
		*rc = clicmd_usage_error(cmd, "缺少子命令 (%s)", names.s);
	else
		*rc = clicmd_usage_error(cmd, "未知子命令 \"%s\" (应为 %s)", sanitize_arg(argv[1]), names.s);
	sb_release(&names);
	return false;
}

bool cli_is_stdio(const char *path)
{
	return path && !strcmp(path, "-");
}
