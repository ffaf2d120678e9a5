/* termsafe.h - the terminal as certdesk finds it: whether colours may be sent. */
#ifndef CERTDESK_TERMSAFE_H
#define CERTDESK_TERMSAFE_H

#include <stdbool.h>

/* NO_COLOR (https://no-color.org) is set and not empty. */
bool tui_no_color_env(void);
/* Without curses started: whether colour sequences may go to the terminal
 * FD: NO_COLOR is unset or empty and the terminfo entry of $TERM has at
 * least 8 colours (certdesk qr decides as the counter terminal does). */
bool tui_term_colours(int fd);
#endif
