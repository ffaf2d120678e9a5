/* termsafe.c - what the terminal allows: colours. <term.h> stays in this
 * file: its macros (lines, columns …) would clash elsewhere. */
#include "tui/termsafe.h"

#include <curses.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

bool tui_no_color_env(void)
{
	const char *nc = getenv("NO_COLOR");

	return nc && *nc;
}

/* Loads $TERM's entry into a TERMINAL of its own, runs FN on it and puts the
 * previous one back. -1: no usable entry (*err as setupterm's). */
static int with_terminfo(int fd, int *err, int (*fn)(void))
{
	TERMINAL *saved = cur_term, *mine;
	int r = -1;

	*err = 0;
	cur_term = NULL;
	if (setupterm(NULL, fd, err) == OK) {
		r = fn();
		mine = cur_term;
		set_curterm(saved);
		del_curterm(mine);
	} else {
		cur_term = saved;
	}
	return r;
}

static int colours_of(void)
{
	return tigetnum("colors");
}

bool tui_term_colours(int fd)
{
	int err;

	return !tui_no_color_env() && with_terminfo(fd, &err, colours_of) >= 8;
}
