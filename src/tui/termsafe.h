/* termsafe.h - the terminal as certdesk finds and leaves it: which terminal
 * types it refuses, whether colours may be sent, and the restore that runs
 * even when the process dies of a fatal signal. */
#ifndef CERTDESK_TERMSAFE_H
#define CERTDESK_TERMSAFE_H

#include <stdbool.h>

/* NO_COLOR (https://no-color.org) is set and not empty. */
bool tui_no_color_env(void);
/* Without curses started: whether colour sequences may go to the terminal
 * FD: NO_COLOR is unset or empty and the terminfo entry of $TERM has at
 * least 8 colours (certdesk qr decides as the counter terminal does). */
bool tui_term_colours(int fd);
/* Whether $TERM can run the full-screen interface: known to terminfo, able
 * to move the cursor and clear the screen. False with the reason, a short
 * Chinese phrase (static storage). */
bool tui_term_usable(const char **why);

/* Right after initscr: remember the terminal's modes from before curses (the
 * caller saved them with tui_term_save first) and the terminfo strings that
 * undo curses, and catch SIGSEGV, SIGABRT, SIGQUIT, SIGBUS, SIGFPE and
 * SIGILL: the handler writes those strings, restores the modes and dies of
 * the same signal (SIG_DFL, re-raised). */
void tui_term_save(void);
void tui_term_guard(void);
/* Back to the default actions (before endwin at a normal exit). */
void tui_term_unguard(void);

/* Function key N exists on this terminal's keyboard as terminfo describes
 * it (after initscr); vt100 has F1-F4 only. */
bool tui_has_fkey(int n);

#endif
