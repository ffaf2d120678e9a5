/* tui.h - the counter terminal's entry point (the engine: screen.h; the
 * screens: screens.h). Only src/tui/ includes curses. The TUI takes what it
 * needs from its caller (cli/cmd_tui.c) and calls nothing back in the CLI. */
#ifndef CERTDESK_TUI_H
#define CERTDESK_TUI_H

#include <stdbool.h>

struct conf;
struct store;

struct tui_setup {
	struct conf *conf;
	const char *conf_path;   /* --config as given, NULL: the default; passed on to `certdesk sync` */
	struct store *store;     /* open; the caller closes it */
};

/* Whether the counter TUI can run here: a UTF-8 locale (set up when the
 * environment has none) and a usable terminal on stdin and stdout. False with
 * the reason printed on stderr. */
bool tui_ready(void);

/* Run the counter TUI until the operator quits; returns the exit code
 * (1 when the reference data cannot be loaded or the last save was lost).
 * Call tui_ready() first. */
int tui_main(const struct tui_setup *setup);

#endif
