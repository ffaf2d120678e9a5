/* input_choice.c - a choice or yes/no field: ←/→ cycle, 1-9 pick by number,
 * a character picks the next choice starting with it; every change is saved
 * at once (other fields may show or hide with it). */
#include "tui/input.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

struct choice {
	struct input in;
	int choice;          /* the chosen index */
};

static struct input *choice_open(struct input_host *h, const struct form_field *fld)
{
	struct choice *c = xcalloc(1, sizeof(*c));
	const char *v = formstate_get(h->fs, fld->key);

	input_init(&c->in, &input_choice_ops, h, fld, NULL);
	for (size_t i = 0; i < fld->choices.n; i++)
		if (!strcmp(fld->choices.v[i], v))
			c->choice = (int)i;
	return &c->in;
}

static void set_choice(struct choice *c, int i)
{
	if (i < 0 || i >= (int)c->in.fld->choices.n)
		return;
	c->choice = i;
	c->in.host->commit(c->in.host);
}

static enum tui_outcome choice_key(struct input *in, const struct tui_key *k)
{
	struct choice *c = (struct choice *)in;
	int n = (int)in->fld->choices.n;

	if (!n)
		return TUI_UNHANDLED;
	if (k->act == ACT_ED_LEFT || k->act == ACT_ED_RIGHT) {
		set_choice(c, (c->choice + (k->act == ACT_ED_LEFT ? n - 1 : 1)) % n);
		return TUI_REDRAW;
	}
	if (k->act != ACT_NONE || !k->ch)
		return TUI_UNHANDLED;
	if (k->ch >= L'1' && k->ch <= L'9' && (int)(k->ch - L'1') < n) {
		set_choice(c, (int)(k->ch - L'1'));
		return TUI_REDRAW;
	}
	for (int d = 1; d <= n; d++) {
		/* the first character (letters case-insensitive), starting after the current one */
		int i = (c->choice + d) % n;
		wchar_t first = 0;

		mbtowc(&first, in->fld->choices.v[i], strlen(in->fld->choices.v[i]));
		if (towlower((wint_t)first) == towlower(k->ch)) {
			set_choice(c, i);
			return TUI_REDRAW;
		}
	}
	return TUI_HANDLED;
}

static bool choice_save(struct input *in, struct fs_result *r)
{
	const struct choice *c = (const struct choice *)in;

	formstate_leave(in->host->fs, in->fld, in->fld->choices.n ? in->fld->choices.v[c->choice] : "", r);
	in->ed.changed = false;
	return true;
}

static void choice_draw(struct input *in, int y, int x, int w)
{
	const struct choice *c = (const struct choice *)in;
	char *s = xasprintf("%s%s", in->fld->choices.v[c->choice], in->fld->choices.n > 1 ? "  ←/→" : "");

	tui_draw_fill(stdscr, y, x, s, w, tui_style(STYLE_FIELD_ACTIVE));
	free(s);
	tui_cursor(in->host->t, y, x);
}

static int choice_cands(const struct input *in, int *first, bool *more)
{
	*first = 0;
	*more = false;
	return in->fld->choices.n > 1 ? (int)in->fld->choices.n : 0;
}

static char *choice_cand(const struct input *in, int i, bool *sel)
{
	*sel = i == ((const struct choice *)in)->choice;
	return xasprintf("%d. %s", i + 1, in->fld->choices.v[i]);
}

static void choice_help(const struct form_field *fld, struct strbuf *sb)
{
	if (!fld->choices.n)
		return;
	sb_adds(sb, "可选: ");
	for (size_t i = 0; i < fld->choices.n; i++)
		sb_addf(sb, "%s%zu.%s", i ? "  " : "", i + 1, fld->choices.v[i]);
	sb_adds(sb, "  (←/→ 切换, 或按编号、首字)\n");
}

const struct input_ops input_choice_ops = {
	.open = choice_open,
	.key = choice_key,
	.save = choice_save,
	.draw = choice_draw,
	.cands = choice_cands,
	.cand = choice_cand,
	.help = choice_help,
	.close = input_free,
};
