/* field.c - a text field: key dispatch to the editor and its drawing. */
#include "tui/field.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdlib.h>

enum tui_outcome tui_field_key(struct editor *e, const struct tui_key *k)
{
	static const struct {
		enum tui_action act;
		enum editor_op op;
	} ops[] = {
		{ ACT_ED_LEFT, ED_LEFT },           { ACT_ED_RIGHT, ED_RIGHT },
		{ ACT_ED_HOME, ED_HOME },           { ACT_ED_END, ED_END },
		{ ACT_ED_BACKSPACE, ED_BACKSPACE }, { ACT_ED_DELETE, ED_DELETE },
		{ ACT_ED_CLEAR, ED_CLEAR },         { ACT_ED_KILL, ED_KILL_EOL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (k->act == ops[i].act) {
			editor_apply(e, ops[i].op);
			return TUI_REDRAW;
		}
	if (k->act == ACT_NEXT_FIELD)
		return TUI_NEXT_FIELD;
	if (k->act == ACT_PREV_FIELD)
		return TUI_PREV_FIELD;
	if (k->act != ACT_NONE || !k->ch)
		return TUI_UNHANDLED;
	/* a typed character; controls and what the filter refuses are dropped */
	return editor_insert(e, k->ch) ? TUI_REDRAW : TUI_HANDLED;
}

void tui_field_draw(struct tui *t, int y, int x, int width, struct editor *e, bool active, bool secret)
{
	struct editor_view v;
	attr_t attr = tui_style(active ? STYLE_FIELD_ACTIVE : STYLE_FIELD);
	char *text;

	editor_layout(e, width, &v);
	if (secret) {
		text = xmalloc(v.count + 1);
		for (size_t i = 0; i < v.count; i++)
			text[i] = '*';
		text[v.count] = '\0';
		/* one column per character, whatever was typed */
		v.cursor_col = (int)(e->cur - v.first);
	} else {
		text = wcs_to_utf8(e->buf + v.first, v.count);
	}
	tui_draw_fill(stdscr, y, x, text, width, attr);
	free(text);
	if (active)
		tui_cursor(t, y, x + v.cursor_col);
}
