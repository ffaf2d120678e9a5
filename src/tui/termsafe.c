/* termsafe.c - terminal types refused, colours allowed, and the fatal-signal
 * restore (async-signal-safe: write(2) and tcsetattr(3) of data prepared
 * before the signal). <term.h> stays in this file: its macros (lines,
 * columns …) would clash elsewhere. */
#include "tui/termsafe.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
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

static bool present(const char *cap)
{
	char *s = tigetstr(cap);

	return s && s != (char *)-1 && *s;
}

static int can_address(void)
{
	return present("cup") && present("clear");
}

bool tui_term_usable(const char **why)
{
	const char *term = getenv("TERM");
	int err;

	if (!term || !*term) {
		*why = "未设置终端类型 (TERM)";
		return false;
	}
	switch (with_terminfo(STDOUT_FILENO, &err, can_address)) {
	case 1:
		return true;
	case 0:
		*why = "此终端类型不能定位光标和清屏";   /* dumb, and the like */
		return false;
	default:
		*why = err == 1 ? "此终端类型是打印终端" : "未知的终端类型 (terminfo 中没有这一条目)";
		return false;
	}
}

/* What the handler writes and restores; filled before it is installed. */
static char undo[512];
static size_t undo_len;
static struct termios saved_modes;
static bool have_modes;
static const int fatal_signals[] = { SIGSEGV, SIGABRT, SIGQUIT, SIGBUS, SIGFPE, SIGILL };
static char altstack[64 * 1024];   /* SIGSEGV from a stack overflow still runs */

void tui_term_save(void)
{
	have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
}

static void add_cap(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (undo_len + n < sizeof(undo)) {
		memcpy(undo + undo_len, s, n);
		undo_len += n;
	}
}

static void on_fatal(int sig)
{
	ssize_t w = 0;

	/* attributes off, cursor shown, keypad and alternate screen left, at the
	 * bottom left; then the modes from before curses */
	for (size_t off = 0; off < undo_len && w >= 0; off += (size_t)w)
		w = write(STDOUT_FILENO, undo + off, undo_len - off);
	if (have_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	signal(sig, SIG_DFL);
	raise(sig);
}

void tui_term_guard(void)
{
	struct sigaction sa;
	stack_t ss;

	undo_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	if (undo_len + 2 < sizeof(undo)) {
		undo[undo_len++] = '\r';
		undo[undo_len++] = '\n';
	}
	memset(&ss, 0, sizeof(ss));
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

void tui_term_unguard(void)
{
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		signal(fatal_signals[i], SIG_DFL);
}

bool tui_has_fkey(int n)
{
	char name[8], *s;

	snprintf(name, sizeof(name), "kf%d", n);
	s = tigetstr(name);
	if (!s || s == (char *)-1 || !*s)
		return false;
	/* vt100's kf5-kf10 are its numeric keypad in application mode (ESC O t
	 * …): a VT100 keyboard has PF1-PF4 only */
	return n <= 4 || !(s[0] == '\033' && s[1] == 'O');
}
