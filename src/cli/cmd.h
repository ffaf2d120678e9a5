/* cmd.h - the sub-commands of certdesk(1); one cmd_*.c file each. */
#ifndef CERTDESK_CMD_H
#define CERTDESK_CMD_H

#include <stdbool.h>

struct conf;
struct store;

struct cli {
	struct conf *conf;
	char *conf_path;          /* NULL: defaults only */
	struct store *store;      /* opened on demand by cli_store() */
};

/* Open the configured database (creating it) or exit 1 with the reason. */
struct store *cli_store(struct cli *cli);

/* Exit codes: 0 ok, 1 the operation failed (reason printed), 2 usage error. */
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_config_check(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_tui(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
int cmd_validate(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_attach(struct cli *cli, int argc, char **argv);
int cmd_qr(struct cli *cli, int argc, char **argv);
int cmd_print(struct cli *cli, int argc, char **argv);
int cmd_forms(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);

/* Read a password: from the terminal without echo (prompting), or one line of stdin. */
char *cli_read_password(const char *prompt);

#endif
