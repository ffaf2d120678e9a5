/* cliopt.h - command-line options as data: one table per command gives
 * getopt_long its options, --help its lines (and through --help the man-page
 * test its list), and every usage error the same Chinese wording and exit 2.
 *
 * Exit statuses, the same for every command: CLI_OK 0, CLI_FAIL 1 (the
 * operation failed or was refused, the reason printed), CLI_USAGE 2. */
#ifndef CERTDESK_CLIOPT_H
#define CERTDESK_CLIOPT_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* A key for an option with no short form (above every character). */
#define CLIOPT_LONG(n) (0x100 + (n))

struct cliopt {
	const char *name;   /* the long name, without "--" */
	int key;            /* the short letter, or CLIOPT_LONG(n) */
	int has_arg;        /* no_argument or required_argument */
	const char *arg;    /* the argument as --help names it ("文件"), NULL without */
	const char *help;   /* one line of Chinese */
	const char *sub;    /* the sub-command ("show") it belongs to; NULL: every one */
};

struct clicmd {
	const char *prog;               /* "certdesk export": messages and --help */
	const char *const *synopsis;    /* NULL-terminated lines after "用法: " */
	const char *summary;            /* what it does, Chinese; may be NULL */
	const struct cliopt *opts;      /* ended by a NULL name; may be NULL.
					 * -h/--help and -V/--version are added */
	const char *notes;              /* printed after the options; may be NULL */
	void (*more)(FILE *f);          /* prints more help after the notes; may be NULL */
};

enum { CLIOPT_END = -1, CLIOPT_EXIT = -2 };

#define CLIOPT_MAX 40

struct cliparse {
	const struct clicmd *cmd;
	const char *sub;
	int argc;
	char **argv;
	int rc;             /* after CLIOPT_EXIT: 0 (help, version shown) or 2 (usage) */
	struct option lopts[CLIOPT_MAX + 3];
	char shorts[CLIOPT_MAX * 2 + 8];
};

/* Parse argv[1..] (argv[0] is the command or sub-command word) with the
 * options of CMD that belong to SUB (NULL: those for every sub-command).
 * IN_ORDER stops at the first operand (certdesk's own options before the
 * command); otherwise options and operands may be mixed, "--" ends options. */
void cliparse_init(struct cliparse *p, const struct clicmd *cmd, const char *sub, int argc, char **argv,
		   bool in_order);
/* The next option's key (optarg holds its argument), CLIOPT_END when the
 * options are done (operands from optind), or CLIOPT_EXIT when --help or
 * --version was answered or a usage error reported; the exit status is in
 * p->rc. Never glibc's English messages. */
int cliparse_next(struct cliparse *p);

/* --help: usage, summary, every option (sub-command's shown), notes, exit statuses. */
void clicmd_help(const struct clicmd *cmd, FILE *f);
/* "PROG: MESSAGE; 用法见 PROG --help" and the synopsis on stderr; returns CLI_USAGE. */
int clicmd_usage_error(const struct clicmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error of an argument too many (ARG shown made safe): 多余的参数 "ARG". */
int clicmd_extra_arg(const struct clicmd *cmd, const char *arg);

/* The sub-command word argv[1] among SUBS (NULL-terminated): true with its
 * index in *which; false when there is none, it is unknown, or it was
 * --help/--version/an option, with the exit status in *rc (messages shown). */
bool clicmd_pick(const struct clicmd *cmd, int argc, char **argv, const char *const *subs, int *which, int *rc);

/* "-" as a file name: standard output (or input). */
bool cli_is_stdio(const char *path);

#endif
