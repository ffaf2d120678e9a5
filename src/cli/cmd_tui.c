/* cmd_tui.c - `certdesk` with no command: the counter TUI (tui/tui.h), given
 * the configuration and the database it needs. */
#include "cli/cmd.h"
#include "core/sanitize.h"
#include "tui/tui.h"

#include <stdio.h>

int cmd_tui(struct cli *cli, int argc, char **argv)
{
	struct tui_setup setup;

	if (argc > 0 && argv[0]) {
		/* main.c passes the remaining arguments; the TUI takes none */
		fprintf(stderr, "certdesk: 未知命令 \"%s\"\n", sanitize_arg(argv[0]));
		return 2;
	}
	if (!tui_ready())
		return 1;
	setup.conf = cli->conf;
	setup.conf_path = cli->conf_path;
	setup.store = cli_store(cli);   /* after the checks: no terminal, no database created */
	return tui_main(&setup);
}
