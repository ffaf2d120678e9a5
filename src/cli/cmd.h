/* cmd.h - the sub-commands of certdesk(1); one cmd_*.c file each. */
#ifndef CERTDESK_CMD_H
#define CERTDESK_CMD_H

#include "core/cliopt.h"

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

/* Exit codes (core/cliopt.h): 0 ok, 1 the operation failed or was refused
 * (reason printed), 2 usage error. Each command's options and --help are its
 * struct clicmd, cmd_NAME_cli. */
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

extern const struct clicmd cmd_config_cli, cmd_user_cli, cmd_sync_cli, cmd_validate_cli, cmd_import_cli,
	cmd_export_cli, cmd_audit_cli, cmd_attach_cli, cmd_qr_cli, cmd_print_cli, cmd_forms_cli,
	cmd_backup_cli, cmd_restore_cli;

/* A scratch directory under $TMPDIR (caller frees; NULL with the reason printed). */
char *cli_tmpdir(const char *what);
/* Remove DIR and the files NAMES (NULL-terminated) in it; frees DIR. */
void cli_tmpdir_remove(char *dir, const char *const *names);
/* Copy the file PATH to standard output / standard input to the new file PATH. */
bool cli_file_to_stdout(const char *path);
bool cli_stdin_to_file(const char *path);

/* Read a password: from the terminal without echo (prompting), or one line of stdin. */
char *cli_read_password(const char *prompt);

#endif
