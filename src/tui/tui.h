/* tui.h - the counter terminal: screens behind a small ops struct.
 * Only src/tui/ includes curses. */
#ifndef CERTDESK_TUI_H
#define CERTDESK_TUI_H

struct cli;

/* Run the counter TUI until the operator quits; returns the exit code. */
int tui_main(struct cli *cli);

#endif
