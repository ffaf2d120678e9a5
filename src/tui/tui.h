/* tui.h - the counter terminal's entry point (the engine: screen.h; the
 * screens: screens.h). Only src/tui/ includes curses. */
#ifndef CERTDESK_TUI_H
#define CERTDESK_TUI_H

struct cli;

/* Run the counter TUI until the operator quits; returns the exit code
 * (1 when the locale is not UTF-8 or there is no terminal). */
int tui_main(struct cli *cli);

#endif
