/* field.h - a text field on screen: the editor's keys and its drawing. */
#ifndef CERTDESK_FIELD_H
#define CERTDESK_FIELD_H

#include <stdbool.h>

#include "tui/editor.h"
#include "tui/screen.h"

/* Feed a key to an editor: editing actions and typed characters change it
 * (TUI_REDRAW), ACT_NEXT_FIELD / ACT_PREV_FIELD give TUI_NEXT_FIELD /
 * TUI_PREV_FIELD, anything else TUI_UNHANDLED. Control characters are
 * dropped here (TUI_HANDLED). */
enum tui_outcome tui_field_key(struct editor *e, const struct tui_key *k);

/* Draw the editor in width columns at y, x (scrolling it so the cursor is
 * visible); secret shows one * per character. The active field places the
 * terminal cursor. */
void tui_field_draw(struct tui *t, int y, int x, int width, struct editor *e, bool active, bool secret);

#endif
