/* screen.h - the screen engine's API: one src/tui/screen_*.c per screen behind
 * struct screen_ops; the engine owns the terminal, the layout, the top bar,
 * the message line and the key bar, and never names a screen. */
#ifndef CERTDESK_SCREEN_H
#define CERTDESK_SCREEN_H

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "store/operator.h"
#include "tui/draw.h"
#include "tui/keymap.h"

struct conf;
struct store;

/* The minimum terminal; below it only a request for a larger window is shown. */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

struct tui_rect {
	int y, x, h, w;
};

/* What a key handler did. The engine redraws after TUI_REDRAW (and after
 * the field outcomes when a screen passes them up), pops the screen on
 * TUI_LEAVE, ends the program on TUI_QUIT, and applies the global bindings
 * (F1 help, Esc back, Ctrl-L) on TUI_UNHANDLED. */
enum tui_outcome {
	TUI_UNHANDLED,
	TUI_HANDLED,       /* consumed; nothing visible changed */
	TUI_REDRAW,        /* consumed; draw again */
	TUI_NEXT_FIELD,    /* from a field: move to the next one */
	TUI_PREV_FIELD,    /* from a field: move to the previous one */
	TUI_LEAVE,         /* close this screen, back to the one below */
	TUI_QUIT,          /* end the program */
};

struct tui_key {
	int key;               /* the character, or TUI_KEY_FN(curses key code) */
	wint_t ch;             /* the typed character; 0 for a function key */
	enum tui_action act;   /* resolved from the keymap for the screen's contexts */
};

struct tui_frame;

/* The session. Screens read conf_path/conf/store/op; the rest is the engine's. */
struct tui {
	const char *conf_path;  /* --config as given, NULL: the default (for `certdesk sync`) */
	struct conf *conf;
	struct store *store;
	struct operator op;    /* valid when logged_in */
	bool logged_in;
	int rows, cols;        /* terminal size */
	struct tui_rect body;  /* between the top bar and the message line */

	/* engine private */
	bool too_small, quit;
	struct tui_frame *stack;
	int depth, cap;
	int pending;           /* navigation requested during the current key */
	const struct screen_ops *pending_ops;
	void *pending_arg;
	char *msg;
	int msg_kind;
	int cur_y, cur_x;      /* cursor placed by the current draw; -1 hidden */
	long long last_input_ms;
	int read_errors;       /* consecutive failed reads: the terminal is gone */
};

struct screen_ops {
	const char *name;      /* ASCII, for the audit log and debugging */
	const char *title;     /* 中文, shown in the top bar */
	unsigned keyctx;       /* enum keyctx bits: which bindings apply, which the key bar shows */
	/* Create the screen's state (*state, owned by the screen until done).
	 * arg comes from tui_push/tui_replace (ownership as the screen documents).
	 * Return false to refuse opening (say why with tui_msg). Optional. */
	bool (*init)(struct tui *t, void *arg, void **state);
	/* Draw the body (stdscr, inside *body); place the cursor with
	 * tui_cursor when the screen has one. */
	void (*draw)(struct tui *t, void *state, const struct tui_rect *body);
	enum tui_outcome (*key)(struct tui *t, void *state, const struct tui_key *k);
	/* The terminal changed size: rebuild layout (optional; draw gets the new body anyway). */
	void (*resize)(struct tui *t, void *state, const struct tui_rect *body);
	/* The screen above this one closed (optional): reload what may have changed. */
	void (*resume)(struct tui *t, void *state);
	/* Free the state (optional). */
	void (*done)(struct tui *t, void *state);
	/* Background work (optional): while this screen is on top, the engine
	 * calls tick about every TUI_TICK_MS when no key came (e.g. to reap a
	 * child process with waitpid WNOHANG, to poll the centre). A screen
	 * that works at a slower pace keeps its own deadline (tui_now_ms) and
	 * returns at once until it is due; a screen above it (help, the idle
	 * lock) pauses it, and its first tick after that catches up. tick may
	 * call tui_msg but not navigate; it must not block (one request to the
	 * centre, bounded by its timeouts, is the most). Return true when the
	 * screen must be drawn again. A screen shown inside
	 * another (a journey step in the journey's host) gets its tick through
	 * the host. */
	bool (*tick)(struct tui *t, void *state);
};

/* How often a screen's tick runs while no key is pressed. */
#define TUI_TICK_MS 200

/* A monotonic clock in milliseconds, for a screen's tick deadlines. */
long long tui_now_ms(void);

/* The idle time in seconds after which a logged-in terminal locks:
 * [security] idle_lock_seconds when above 0, else idle_lock_minutes * 60;
 * 0 = never. */
long tui_idle_lock_seconds(const struct tui *t);

/* Navigation: applied when the current key handler returns. */
void tui_push(struct tui *t, const struct screen_ops *ops, void *arg);     /* on top */
void tui_replace(struct tui *t, const struct screen_ops *ops, void *arg);  /* instead of the current */
void tui_reset(struct tui *t, const struct screen_ops *ops, void *arg);    /* close all, then open */

/* The message line (one line above the key bar); cleared by the next key. */
enum tui_msg_kind { TUI_MSG_INFO, TUI_MSG_OK, TUI_MSG_ERROR };
void tui_msg(struct tui *t, enum tui_msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Show the terminal cursor at y, x after this draw (hidden otherwise). */
void tui_cursor(struct tui *t, int y, int x);

/* Log the operator out: audited, then back to the login screen. */
void tui_logout(struct tui *t);

#endif
