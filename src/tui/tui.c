/* tui.c - entry point of the counter terminal (replaced by the screen engine). */
#include "tui/tui.h"
#include "cli/cmd.h"

#include <stdio.h>

int tui_main(struct cli *cli)
{
	(void)cli;
	fprintf(stderr, "certdesk: 柜台界面尚未构建\n");
	return 1;
}

int cmd_tui(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return tui_main(cli);
}
