/* cmd_user.c - certdesk user add|passwd|lock|unlock|list (operator administration). */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "store/operator.h"
#include "store/store.h"
#include "core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

char *cli_read_password(const char *prompt)
{
	/* Room for any sane password so getline does not reallocate (a realloc
	 * leaves an unwiped copy), and stdin unbuffered so stdio keeps no copy
	 * of its own; the caller wipes the result with sodium_memzero. */
	size_t cap = 512;
	char *line = xmalloc(cap);
	static bool unbuffered;
	ssize_t n;
	struct termios old, noecho;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;

	if (tty) {
		fputs(prompt, stderr);
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho);
	}
	if (!unbuffered) {
		setvbuf(stdin, NULL, _IONBF, 0);
		unbuffered = true;
	}
	n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		sodium_memzero(line, cap);
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static char *new_password(void)
{
	char *a = cli_read_password("新密码: ");
	char *b;

	if (!a)
		return NULL;
	if (!isatty(STDIN_FILENO))
		return a;
	b = cli_read_password("再输入一次: ");
	if (!b || strcmp(a, b)) {
		fprintf(stderr, "certdesk: 两次输入的密码不一致\n");
		if (b)
			sodium_memzero(b, strlen(b));
		sodium_memzero(a, strlen(a));
		free(a);
		free(b);
		return NULL;
	}
	sodium_memzero(b, strlen(b));
	free(b);
	return a;
}

static void print_op(const struct operator *op, void *ud)
{
	(void)ud;
	printf("%-16s %-8s %-6s %s%s\n", sanitize_arg(op->login), role_code(op->role), op->locked ? "locked" : "active",
	       sanitize_arg(op->display_name), op->must_change_pw ? "  (首次登录须改密码)" : "");
}

static const struct cliopt user_opts[] = {
	{ "name", 'n', required_argument, "姓名", "操作员姓名 (必需)", "add" },
	{ "role", 'r', required_argument, "角色", "clerk (柜员, 默认)、supervisor (主管) 或 admin (管理员)", "add" },
	{ "temporary", 't', no_argument, NULL, "临时密码: 下次登录时必须修改", "passwd" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct clicmd cmd_user_cli = {
	"certdesk user",
	(const char *const[]){ "certdesk user add 登录名 --name 姓名 [--role clerk|supervisor|admin]",
			       "certdesk user passwd 登录名 [--temporary]", "certdesk user lock 登录名",
			       "certdesk user unlock 登录名", "certdesk user list", NULL },
	"管理操作员: 新增、设置密码、锁定、解锁、列出。",
	user_opts,
	"密码从终端读取 (不回显, 输入两次), 或从标准输入读一行。",
	NULL,
};

int cmd_user(struct cli *cli, int argc, char **argv)
{
	static const char *const subs[] = { "add", "passwd", "lock", "unlock", "list", NULL };
	const char *name = NULL, *rolestr = NULL, *sub, *login = NULL;
	bool temporary = false;
	char *err = NULL, *pw;
	struct cliparse p;
	bool ok;
	int c, which, rc;

	if (!clicmd_pick(&cmd_user_cli, argc, argv, subs, &which, &rc))
		return rc;
	sub = subs[which];
	/* options may follow LOGIN */
	cliparse_init(&p, &cmd_user_cli, sub, argc - 1, argv + 1, false);
	while ((c = cliparse_next(&p)) >= 0) {
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 'r':
			rolestr = optarg;
			break;
		case 't':
			temporary = true;
			break;
		}
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	argc--;
	argv++;
	if (optind < argc)
		login = argv[optind++];
	if (optind < argc)
		return clicmd_extra_arg(&cmd_user_cli, argv[optind]);

	if (!strcmp(sub, "list")) {
		if (login)
			return clicmd_extra_arg(&cmd_user_cli, login);
		operator_each(cli_store(cli), print_op, NULL);
		return 0;
	}
	if (!login)
		return clicmd_usage_error(&cmd_user_cli, "缺少登录名");
	if (!strcmp(sub, "add")) {
		int role = rolestr ? role_parse(rolestr) : ROLE_CLERK;

		if (!name)
			return clicmd_usage_error(&cmd_user_cli, "缺少 --name 姓名");
		if (role < 0)
			return clicmd_usage_error(&cmd_user_cli, "未知角色 \"%s\" (应为 clerk、supervisor 或 admin)",
						  sanitize_arg(rolestr));
		cli_store(cli);
		if (!(pw = new_password()))
			return 1;
		ok = operator_add(cli->store, cli->conf, login, name, (enum role)role, pw, &err);
		sodium_memzero(pw, strlen(pw));
		free(pw);
	} else if (!strcmp(sub, "passwd")) {
		cli_store(cli);
		if (!(pw = new_password()))
			return 1;
		ok = operator_passwd(cli->store, cli->conf, login, pw, temporary, &err);
		sodium_memzero(pw, strlen(pw));
		free(pw);
	} else {   /* lock, unlock */
		ok = operator_set_locked(cli_store(cli), login, !strcmp(sub, "lock"), &err);
	}
	if (!ok) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		return 1;
	}
	return 0;
}
