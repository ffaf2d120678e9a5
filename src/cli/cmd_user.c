/* cmd_user.c - certdesk user add|passwd|lock|unlock|list (operator administration). */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "store/operator.h"
#include "store/store.h"
#include "core/util.h"

#include <getopt.h>
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

static int user_usage(void)
{
	fprintf(stderr, "用法:\n"
			"  certdesk user add LOGIN --name 姓名 --role clerk|supervisor|admin\n"
			"  certdesk user passwd LOGIN [--temporary]\n"
			"  certdesk user lock LOGIN\n"
			"  certdesk user unlock LOGIN\n"
			"  certdesk user list\n"
			"密码从终端读取 (不回显), 或从标准输入读一行。\n");
	return 2;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "temporary", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *rolestr = NULL, *sub, *login = NULL;
	bool temporary = false;
	char *err = NULL, *pw;
	bool ok;
	int c;

	if (argc < 2)
		return user_usage();
	sub = argv[1];
	/* Parse from the word after the sub-command; optind = 0 makes glibc forget
	 * main()'s "stop at the first non-option" mode, so options may follow LOGIN. */
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "n:r:t", opts, NULL)) != -1) {
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
		default:
			return user_usage();
		}
	}
	if (optind < argc)
		login = argv[optind++];
	if (optind < argc)
		return user_usage();

	if (!strcmp(sub, "list")) {
		if (login)
			return user_usage();
		operator_each(cli_store(cli), print_op, NULL);
		return 0;
	}
	if (!login)
		return user_usage();
	if (!strcmp(sub, "add")) {
		int role = rolestr ? role_parse(rolestr) : ROLE_CLERK;

		if (!name || role < 0)
			return user_usage();
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
	} else if (!strcmp(sub, "lock") || !strcmp(sub, "unlock")) {
		ok = operator_set_locked(cli_store(cli), login, !strcmp(sub, "lock"), &err);
	} else {
		return user_usage();
	}
	if (!ok) {
		fprintf(stderr, "certdesk: %s\n", err);
		free(err);
		return 1;
	}
	return 0;
}
